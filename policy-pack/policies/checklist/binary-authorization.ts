/**
 * GKE Binary Authorization as evidence of checklist "image signing and verification", shared by
 * k8s-stack-require-image-verification (any way of verifying counts) and
 * gke-project-require-binary-authorization-policy (the GKE cluster's own control, CIS GKE 5.10.4).
 *
 * A cluster with `binaryAuthorization.evaluationMode: PROJECT_SINGLETON_POLICY_ENFORCE` (or
 * POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE) enforces the project's one policy (Binary
 * Authorization "Key concepts": "Each Google Cloud project can have exactly one policy"). That
 * verifies images only when the policy denies by default: `defaultAdmissionRule.evaluationMode`
 * ALWAYS_DENY, or REQUIRE_ATTESTATION with attestors (`requireAttestationsBies`), in
 * ENFORCED_BLOCK_AND_AUDIT_LOG, and no cluster rule ALWAYS_ALLOW (@pulumi/gcp 9
 * binaryauthorization/policy.d.ts; "Policy YAML reference"). A project nobody set a policy for
 * admits every image (the default rule is ALWAYS_ALLOW), so enforcing it with no policy managed in
 * the stack is weak evidence, unless GkeCluster names `optOuts.binaryAuthorizationPolicy` (another
 * stack owns the project's policy): the pack then cannot tell, and says so.
 */
import type { PolicyResource } from "@pulumi/policy";
import { Evidence, asArray, at, judge, named } from "./evidence";
import { optOutOf } from "./policy";

export const BINAUTHZ_POLICY = "gcp:binaryauthorization/policy:Policy";
export const GKE_CLUSTER = "gcp:container/cluster:Cluster";
/** The cluster modes that enforce the project's policy (gcp.container.Cluster `binaryAuthorization.evaluationMode`). */
export const PROJECT_POLICY_MODES: readonly string[] = ["PROJECT_SINGLETON_POLICY_ENFORCE", "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE"];
/** GkeCluster's opt-out of managing the project's policy. */
export const BINAUTHZ_OPT_OUT = "binaryAuthorizationPolicy";

/** One managed policy: present when it denies by default and enforces, weak otherwise. */
export function judgeBinaryAuthorizationPolicy(r: PolicyResource): Evidence {
    return judge(r, `the rules of ${named(r)}`, (): Evidence => {
        const what = `Binary Authorization ${named(r)}`;
        const rule = at(r.props, "defaultAdmissionRule");
        const mode = at(rule, "evaluationMode");
        if (at(rule, "enforcementMode") !== "ENFORCED_BLOCK_AND_AUDIT_LOG") {
            return { kind: "weak", what, why: `does not enforce its default rule (enforcementMode ${JSON.stringify(at(rule, "enforcementMode"))}, not ENFORCED_BLOCK_AND_AUDIT_LOG)` };
        }
        if (!(mode === "ALWAYS_DENY" || (mode === "REQUIRE_ATTESTATION" && asArray(at(rule, "requireAttestationsBies")).length > 0))) {
            return { kind: "weak", what, why: `admits images without attestation (default rule ${JSON.stringify(mode)})` };
        }
        const open = asArray(at(r.props, "clusterAdmissionRules")).filter(c => at(c, "evaluationMode") === "ALWAYS_ALLOW" || at(c, "enforcementMode") === "DRYRUN_AUDIT_LOG_ONLY");
        if (open.length > 0) {
            return { kind: "weak", what, why: `admits every image on ${open.map(c => JSON.stringify(at(c, "cluster"))).join(", ")} (a clusterAdmissionRules entry that is ALWAYS_ALLOW or dry-run)` };
        }
        return { kind: "present", what };
    })!;
}

/** The stack's GKE clusters that enforce the project's policy, or whose mode is unknown yet. */
export function enforcingClusters(resources: readonly PolicyResource[]): { cluster: PolicyResource; known: boolean }[] {
    const out: { cluster: PolicyResource; known: boolean }[] = [];
    for (const r of resources.filter(x => x.type === GKE_CLUSTER)) {
        const e = judge(r, "", () => (PROJECT_POLICY_MODES.includes(String(at(r.props, "binaryAuthorization", "evaluationMode"))) ? { kind: "present", what: "" } : undefined));
        if (e) {
            out.push({ cluster: r, known: e.kind === "present" });
        }
    }
    return out;
}

/**
 * Evidence from Binary Authorization: each managed policy judged; with none, each enforcing
 * cluster is weak evidence (the project's default admits all). When GkeCluster says another stack
 * manages the policy, that is `unknown` evidence (`optOut: "unknown"`, for a policy that cannot
 * see the other stack), or no evidence at all (`optOut: "absent"`, for the policy whose own
 * opt-out it is, which then reports the reason).
 */
export function binaryAuthorizationEvidence(resources: readonly PolicyResource[], options: { readonly optOut: "unknown" | "absent" }): Evidence[] {
    const policies = resources.filter(r => r.type === BINAUTHZ_POLICY);
    if (policies.length > 0) {
        return policies.map(judgeBinaryAuthorizationPolicy);
    }
    const optOut = optOutOf(resources, BINAUTHZ_OPT_OUT);
    return enforcingClusters(resources).flatMap(({ cluster, known }): Evidence[] => {
        if (!known) {
            return [{ kind: "unknown", what: `binaryAuthorization of ${named(cluster)}` }];
        }
        if (optOut) {
            return options.optOut === "absent" ? [] : [{ kind: "unknown", what: `the project's Binary Authorization policy, which ${optOut.who} says is managed outside this stack ("${optOut.reason}")` }];
        }
        return [{
            kind: "weak",
            what: `Binary Authorization on ${named(cluster)}`,
            why: "enforces the project's policy, but no policy is managed in the stack: a project's default policy admits every image (set GkeCluster's `binaryAuthorizationPolicy`, or add gcp.binaryauthorization.Policy with a REQUIRE_ATTESTATION or ALWAYS_DENY default rule)",
        }];
    });
}
