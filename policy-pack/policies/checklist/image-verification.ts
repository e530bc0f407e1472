/**
 * Checklist "image signing and verification" (CIS 5.5.1, CIS GKE 5.10.4): admission refuses an
 * image whose signature does not verify against the stack's trusted keys or identities. Built by:
 * - Kyverno: a ClusterPolicy rule with `verifyImages` whose attestors name keys, keyless identities
 *   or certificates, in Enforce mode (the entry's `failureAction`, else the policy's
 *   `validationFailureAction`; Kyverno's default is Audit, which admits unsigned images), `required`
 *   not false; or an ImageValidatingPolicy (policies.kyverno.io) with `validationActions` [Deny];
 * - Sigstore policy-controller: a ClusterImagePolicy with authorities, not in `warn` mode;
 * - GKE Binary Authorization, the cloud-native way (./binary-authorization.ts): a managed policy
 *   (gcp.binaryauthorization.Policy, which GkeCluster builds from `binaryAuthorizationPolicy`) whose
 *   default rule requires attestations or denies, enforced (ENFORCED_BLOCK_AND_AUDIT_LOG), with no
 *   cluster rule that allows everything. A cluster that enforces the project policy with none
 *   managed here is not verification: the project's default policy allows all (Binary
 *   Authorization docs, "Policy YAML reference": default `evaluationMode: ALWAYS_ALLOW`); when
 *   GkeCluster names `optOuts.binaryAuthorizationPolicy` (another stack owns the project's one
 *   policy), the pack cannot tell, and says so (advisory);
 * - AKS: Image Integrity (`securityProfile.imageIntegrity.enabled`, built-in definition
 *   5dc99dae-cfb2-42cc-8762-9aae02b74e27 "[Preview]: Deploy Image Integrity on Azure Kubernetes
 *   Service", Azure/azure-policy AKS_ImageIntegrity_DINE.json) with the Azure Policy add-on and an
 *   enforced PolicyAssignment of a verification definition the pack config names
 *   (`azurePolicyDefinitionIds`): the pack cannot tell which definition verifies signatures.
 */
import type { PolicyResource } from "@pulumi/policy";
import { Evidence, asArray, at, judge, named, objectsOf } from "./evidence";
import { binaryAuthorizationEvidence } from "./binary-authorization";
import { checklistPolicy, isTrue } from "./policy";

export interface ImageVerificationConfig {
    readonly azurePolicyDefinitionIds: readonly string[];
}

function isEnforce(value: unknown): boolean {
    return typeof value === "string" && value.toLowerCase() === "enforce";
}

/** An entry that names a trust anchor: a key (PEM, KMS or Secret), a keyless identity, certificates, or a nested attestor. */
function namesTrust(entry: unknown): boolean {
    const keys = at(entry, "keys");
    if (keys !== undefined && ["publicKeys", "kms", "secret"].some(k => { const v = at(keys, k); return v !== undefined && v !== "" && !(typeof v === "object" && v !== null && Object.keys(v).length === 0); })) {
        return true;
    }
    const keyless = at(entry, "keyless");
    if (keyless !== undefined && ["subject", "issuer", "subjectRegExp", "issuerRegExp", "roots"].some(k => typeof at(keyless, k) === "string" && (at(keyless, k) as string).length > 0)) {
        return true;
    }
    return ["certificates", "attestor"].some(k => at(entry, k) !== undefined);
}

function hasAttestors(attestors: unknown): boolean {
    return asArray(attestors).some(a => asArray(at(a, "entries")).some(namesTrust));
}

function kyvernoEvidence(resources: readonly PolicyResource[]): Evidence[] {
    const out: Evidence[] = [];
    for (const r of objectsOf(resources, "kyverno.io", ["ClusterPolicy"])) {
        const e = judge(r, `the rules of ${named(r)}`, () => {
            const entries = asArray(at(r.props, "spec", "rules")).flatMap(rule => asArray(at(rule, "verifyImages")));
            if (entries.length === 0) {
                return undefined;
            }
            const what = `Kyverno ${named(r)}`;
            const specAction = at(r.props, "spec", "validationFailureAction");
            const enforcing = entries.filter(v => hasAttestors(at(v, "attestors")) && at(v, "required") !== false && isEnforce(at(v, "failureAction") ?? specAction));
            if (enforcing.length === 0) {
                return { kind: "weak", what, why: "verifies no image in Enforce mode with attestors (Kyverno's default is Audit, which admits unsigned images)" };
            }
            return { kind: "present", what };
        });
        if (e) {
            out.push(e);
        }
    }
    for (const r of objectsOf(resources, "policies.kyverno.io", ["ImageValidatingPolicy"])) {
        const e = judge(r, `${named(r)}`, (): Evidence => {
            const what = `Kyverno ${named(r)}`;
            const actions = asArray(at(r.props, "spec", "validationActions"));
            if (!actions.includes("Deny") || asArray(at(r.props, "spec", "attestors")).length === 0) {
                return { kind: "weak", what, why: "does not deny unverified images (`validationActions` without Deny, or no attestors)" };
            }
            return { kind: "present", what };
        });
        if (e) {
            out.push(e);
        }
    }
    return out;
}

function sigstoreEvidence(resources: readonly PolicyResource[]): Evidence[] {
    return objectsOf(resources, "policy.sigstore.dev", ["ClusterImagePolicy"]).map(r =>
        judge(r, `${named(r)}`, (): Evidence => {
            const what = `Sigstore ${named(r)}`;
            if (asArray(at(r.props, "spec", "authorities")).length === 0 || at(r.props, "spec", "mode") === "warn") {
                return { kind: "weak", what, why: "names no authority or only warns" };
            }
            return { kind: "present", what };
        })!,
    );
}

const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";
const POLICY_ASSIGNMENT = "azure-native:authorization:PolicyAssignment";

function azureEvidence(resources: readonly PolicyResource[], definitionIds: readonly string[]): Evidence[] {
    const out: Evidence[] = [];
    const clusters = resources.filter(r => r.type === AKS_CLUSTER);
    const ready = clusters.some(r => judge(r, "", () => (isTrue(at(r.props, "securityProfile", "imageIntegrity", "enabled")) && isTrue(at(r.props, "addonProfiles", "azurepolicy", "enabled")) ? { kind: "present", what: "" } : undefined))?.kind === "present");
    if (!ready) {
        return out;
    }
    const wanted = definitionIds.map(id => id.toLowerCase());
    for (const r of resources.filter(r => r.type === POLICY_ASSIGNMENT)) {
        const e = judge(r, `the definition of ${named(r)}`, (): Evidence | undefined => {
            const id = String(at(r.props, "policyDefinitionId") ?? "").toLowerCase();
            const what = `Azure Policy ${named(r)}`;
            if (!wanted.some(w => id.endsWith(w))) {
                return { kind: "unknown", what: `whether ${what} verifies image signatures (name its definition in \`azurePolicyDefinitionIds\`)` };
            }
            if (at(r.props, "enforcementMode") === "DoNotEnforce") {
                return { kind: "weak", what, why: "is assigned with enforcementMode DoNotEnforce" };
            }
            return { kind: "present", what: `AKS Image Integrity with ${what}` };
        });
        if (e) {
            out.push(e);
        }
    }
    return out;
}

export const imageVerificationPolicy = checklistPolicy<ImageVerificationConfig>({
    name: "k8s-stack-require-image-verification",
    control: "k8s-image-signatures",
    enforcementLevel: "mandatory",
    description: "A stack holding the in-cluster baseline verifies image signatures at admission: Kyverno verifyImages or Sigstore policy-controller enforcing, GKE Binary Authorization with a managed policy, or AKS Image Integrity.",
    layer: "baseline",
    optOutKey: "imageVerification",
    rule: "verify image signatures at admission",
    fix: "configure ClusterBaseline's `imageVerification` with your cosign public key, enforce your own Kyverno verifyImages or Sigstore ClusterImagePolicy, or manage GKE's Binary Authorization policy (GkeCluster `binaryAuthorizationPolicy` with your attestors: REQUIRE_ATTESTATION, enforced)",
    config: {
        azurePolicyDefinitionIds: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Azure Policy definition ids (or their last segment) whose assignment verifies image signatures on AKS with Image Integrity.",
        },
    },
    evidence: ({ resources }, config) => [
        ...kyvernoEvidence(resources),
        ...sigstoreEvidence(resources),
        ...binaryAuthorizationEvidence(resources, { optOut: "unknown" }),
        ...azureEvidence(resources, config.azurePolicyDefinitionIds ?? []),
    ],
});
