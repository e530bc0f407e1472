/**
 * The security constants that the components build to and the policy pack checks against.
 * Each names its source.
 */

/** Pod Security Admission namespace labels (kubernetes/pod-security-admission api/constants.go). */
export const POD_SECURITY_LABELS = {
    enforce: "pod-security.kubernetes.io/enforce",
    enforceVersion: "pod-security.kubernetes.io/enforce-version",
    audit: "pod-security.kubernetes.io/audit",
    auditVersion: "pod-security.kubernetes.io/audit-version",
    warn: "pod-security.kubernetes.io/warn",
    warnVersion: "pod-security.kubernetes.io/warn-version",
} as const;

/** The Pod Security level every namespace enforces unless opted out by name (checklist: PSS enforced). */
export const DEFAULT_POD_SECURITY_LEVEL = "restricted";

/**
 * The Pod Security version our namespaces pin. Pinning keeps a cluster upgrade from changing what
 * is admitted; an API server older than the pin evaluates it as its own newest version.
 */
export const PINNED_POD_SECURITY_VERSION = "v1.35";

/**
 * Namespaces run by the platform that the namespace policies skip by default: the control plane's
 * and the cloud add-ons' own (CIS 5.7.4 asks that workloads stay out of them, not that they be
 * relabelled, which would break their system pods).
 */
export const SYSTEM_NAMESPACES: readonly string[] = [
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "gke-managed-system",
    "gke-managed-cim",
    "gmp-system",
    "gmp-public",
    "calico-system",
    "tigera-operator",
    "aks-command",
    "gatekeeper-system",
];

/** Annotations that keep a LoadBalancer Service on the private network, per cloud. */
export const INTERNAL_LOAD_BALANCER_ANNOTATIONS: Readonly<Record<string, readonly string[]>> = {
    // AWS Load Balancer Controller and the in-tree AWS provider.
    "service.beta.kubernetes.io/aws-load-balancer-scheme": ["internal"],
    "service.beta.kubernetes.io/aws-load-balancer-internal": ["true", "0.0.0.0/0"],
    // GKE.
    "networking.gke.io/load-balancer-type": ["Internal"],
    "cloud.google.com/load-balancer-type": ["Internal"],
    // AKS.
    "service.beta.kubernetes.io/azure-load-balancer-internal": ["true"],
};

/** Subjects that every request, authenticated or not, carries (CIS 5.1.7; NSA/CISA: no anonymous access). */
export const PUBLIC_GROUPS: readonly string[] = ["system:anonymous", "system:unauthenticated", "system:authenticated"];

/**
 * The shortest written justification that exempts a resource from a policy, and the shortest
 * reason a component accepts for a named opt-out: the two are recorded together, so one number.
 */
export const MIN_JUSTIFICATION_LENGTH = 20;
