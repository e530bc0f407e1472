/**
 * The project's Binary Authorization policy (checklist "image signing and verification", CIS GKE
 * 5.10.4). The cluster's `binaryAuthorization.evaluationMode: PROJECT_SINGLETON_POLICY_ENFORCE`
 * only says "enforce the project's policy"; a project whose policy nobody set admits every image
 * (Binary Authorization "Policy YAML reference" / "Example policies": the default rule is
 * ALWAYS_ALLOW). This file makes the policy deny by default:
 * - `defaultAdmissionRule`: REQUIRE_ATTESTATION by the user's attestors, ENFORCED_BLOCK_AND_AUDIT_LOG
 *   (gcp.binaryauthorization.Policy, @pulumi/gcp 9 binaryauthorization/policy.d.ts and
 *   types/input.d.ts PolicyDefaultAdmissionRule: `evaluationMode`, `enforcementMode`,
 *   `requireAttestationsBies`);
 * - `globalPolicyEvaluationMode: ENABLE`: Google's system policy admits the GKE system images a
 *   cluster needs to start ("Example policies", "Block (almost) all deployments": "images that are
 *   required by GKE are not blocked"), so no hand-kept list of Google registries is needed;
 * - `admissionWhitelistPatterns`: only the images the user exempts (their add-on mirror).
 * The policy is one per project (Binary Authorization "Key concepts"): see
 * `GkeClusterArgs.binaryAuthorizationPolicy` for a project shared by several stacks.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";

/** The `gcp.binaryauthorization.Policy` inputs for the resolved policy; pure, so tests can pin them. */
export function binaryAuthorizationPolicyInputs(
    policy: NonNullable<ResolvedGkeArgs["binaryAuthorizationPolicy"]>,
    project: pulumi.Input<string>,
): gcp.binaryauthorization.PolicyArgs {
    return {
        project,
        description: "Managed by hardened-cluster-blueprint GkeCluster: every image needs an attestation, except Google's system images and the listed exemptions.",
        globalPolicyEvaluationMode: "ENABLE",
        defaultAdmissionRule: {
            evaluationMode: "REQUIRE_ATTESTATION",
            enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG",
            requireAttestationsBies: [...policy.attestors],
        },
        admissionWhitelistPatterns: policy.exemptImages.map(namePattern => ({ namePattern })),
    };
}

/** Creates the project's policy when the stack manages it; after the API is on. */
export function createBinaryAuthorizationPolicy(
    name: string,
    args: ResolvedGkeArgs,
    projectId: pulumi.Input<string>,
    ready: readonly pulumi.Resource[],
    parent: pulumi.Resource,
): gcp.binaryauthorization.Policy | undefined {
    if (!args.binaryAuthorizationPolicy) {
        return undefined;
    }
    return new gcp.binaryauthorization.Policy(`${name}-binauthz-policy`, binaryAuthorizationPolicyInputs(args.binaryAuthorizationPolicy, projectId), { parent, dependsOn: [...ready] });
}
