/**
 * The shape of the controls catalogue: one entry per hardening control, read by the components
 * (which build to it) and by the policy pack (which refuses its absence).
 */

/**
 * The lines of the hardening checklist this project answers to, verbatim, plus the guide's
 * service-mesh section ("service-to-service mTLS"), which the checklist itself leaves to that section.
 */
export const CHECKLIST = [
    "API server not exposed publicly",
    "RBAC with least privilege",
    "Pod Security Standards enforced",
    "network policies with default deny",
    "secrets encrypted at rest",
    "external secrets manager",
    "workload identity, no static cloud credentials",
    "image scanning in CI",
    "image signing and verification",
    "runtime protection",
    "audit logging",
    "containers run as non-root",
    "read-only root filesystem",
    "all capabilities dropped",
    "images pinned by digest",
    "OIDC for users, no static tokens",
    "service-to-service mTLS",
] as const;

export type ChecklistItem = (typeof CHECKLIST)[number];

export type Severity = "low" | "medium" | "high" | "critical";

/** Where a control comes from outside this project. Every field is optional; give what exists. */
export interface ControlReferences {
    /** CIS Kubernetes Benchmark item(s), e.g. "5.2.2". */
    readonly cisKubernetes?: readonly string[];
    /** CIS Amazon EKS / GKE / AKS Benchmark item(s). */
    readonly cisEks?: readonly string[];
    readonly cisGke?: readonly string[];
    readonly cisAks?: readonly string[];
    /** NSA/CISA Kubernetes Hardening Guide (v1.2) section. */
    readonly nsaCisa?: string;
    /** Checkov check id(s) that test the same thing. */
    readonly checkov?: readonly string[];
    /** Upstream Pod Security Standards check id (kubernetes/pod-security-admission). */
    readonly podSecurity?: string;
}

export interface Control {
    /** Stable kebab-case id with a family prefix: pss-, k8s-, eks-, gke-, aks-. Never renamed. */
    readonly id: string;
    readonly title: string;
    /** The checklist line this control implements. */
    readonly checklist: ChecklistItem;
    readonly severity: Severity;
    readonly references: ControlReferences;
    /** The names of the policies that enforce this control (the registry test pins both ways). */
    readonly policies: readonly string[];
}

export const CONTROL_FAMILIES = ["pss", "k8s", "eks", "gke", "aks"] as const;
export type ControlFamily = (typeof CONTROL_FAMILIES)[number];
