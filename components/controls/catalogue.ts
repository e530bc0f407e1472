import { AKS_CONTROLS } from "./aks";
import { EKS_CONTROLS } from "./eks";
import { GKE_CONTROLS } from "./gke";
import { KUBERNETES_CONTROLS } from "./kubernetes";
import { POD_SECURITY_CONTROLS } from "./pss";
import { ChecklistItem, Control } from "./types";

/** Every control, in catalogue order: Pod Security checks, in-cluster controls, then the clouds. */
export const CONTROLS: readonly Control[] = [
    ...POD_SECURITY_CONTROLS,
    ...KUBERNETES_CONTROLS,
    ...EKS_CONTROLS,
    ...GKE_CONTROLS,
    ...AKS_CONTROLS,
];

const BY_ID = new Map(CONTROLS.map(c => [c.id, c]));

/** The control with this id; throws on an unknown id, which is a programming error. */
export function getControl(id: string): Control {
    const control = BY_ID.get(id);
    if (!control) {
        throw new Error(`unknown control '${id}'`);
    }
    return control;
}

const BY_POLICY = new Map(CONTROLS.flatMap(c => c.policies.map(p => [p, c] as const)));

/** The control a policy serves, or undefined when the catalogue names no control for it. */
export function controlOfPolicy(policyName: string): Control | undefined {
    return BY_POLICY.get(policyName);
}

/** What builds a checklist line by default, and how a line no policy can see is held to. */
export interface ChecklistBuilder {
    /** The components, add-ons or files that build the line by default. */
    readonly builtBy: string;
    /** For a line outside any Pulumi resource (CI), what holds it to its promise instead of a policy. */
    readonly heldBy?: string;
}

/**
 * Every checklist line, with what builds it. The controls and policies of a line come from
 * CONTROLS; README's checklist table is generated from both (scripts/docs.ts, held by a test).
 */
export const CHECKLIST_BUILDERS: Readonly<Record<ChecklistItem, ChecklistBuilder>> = {
    "API server not exposed publicly": { builtBy: "EksCluster, GkeCluster, AksCluster: private-only endpoint by default" },
    "RBAC with least privilege": { builtBy: "HardenedNamespace (developer roles), ClusterAccess (read-only role, named break-glass)" },
    "Pod Security Standards enforced": { builtBy: "HardenedNamespace: `restricted` enforced, audited and warned at a pinned version" },
    "network policies with default deny": { builtBy: "HardenedNamespace: default-deny ingress and egress, declared flows only; the clouds' network policy engines" },
    "secrets encrypted at rest": { builtBy: "EksCluster, GkeCluster, AksCluster: Secrets encrypted with a customer-managed, rotating key" },
    "external secrets manager": { builtBy: "ClusterBaseline `externalSecrets` (External Secrets Operator, ClusterSecretStore on the cloud's secret manager through workload identity): required, or a named opt-out" },
    "workload identity, no static cloud credentials": { builtBy: "EksCluster (IRSA, EKS Pod Identity), GkeCluster (Workload Identity), AksCluster (Workload Identity)" },
    "image scanning in CI": {
        builtBy: "examples/github-actions/pull-request.yml, job `images`: Trivy fails the pull request on a fixable HIGH or CRITICAL vulnerability",
        heldBy: "test/examples/workflow.spec.ts (a CI job is no Pulumi resource, so no policy can see it)",
    },
    "image signing and verification": {
        builtBy:
            "ClusterBaseline `imageVerification` (Kyverno verifyImages with the stack's keys): required, or a named opt-out; GkeCluster `binaryAuthorizationPolicy` (the project's Binary Authorization policy, deny by default, your attestors): required, or a named opt-out",
    },
    "runtime protection": { builtBy: "ClusterBaseline `runtimeDetection` (Falco with the guide's detections): on by default; node hardening and upgrades in the cloud components" },
    "audit logging": { builtBy: "EksCluster, GkeCluster, AksCluster: control-plane audit logs kept in the cloud's log service" },
    "containers run as non-root": { builtBy: "HardenedNamespace: Pod Security `restricted`" },
    "read-only root filesystem": { builtBy: "the workloads' own specs (no admission level enforces it)" },
    "all capabilities dropped": { builtBy: "HardenedNamespace: Pod Security `restricted`" },
    "images pinned by digest": { builtBy: "the add-ons' charts pinned by exact version; Kyverno `mutateDigest`/`verifyDigest` on verified images" },
    "OIDC for users, no static tokens": { builtBy: "EksCluster (OIDC provider, access entries), GkeCluster (Google identities, Google Groups), AksCluster (Entra ID, local accounts off)" },
    "service-to-service mTLS": { builtBy: "ClusterBaseline `meshMtls` (Istio with a mesh-wide STRICT PeerAuthentication, or Linkerd all-authenticated): required for namespaces with cross-namespace flows, or a named opt-out" },
};
