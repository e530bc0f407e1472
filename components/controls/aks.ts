import { Control } from "./types";

/**
 * The AKS control-plane and node controls; each names the policies in policy-pack/policies/aks/.
 * Sources: CIS Azure Kubernetes Service Benchmark (v1.x item numbers), NSA/CISA Kubernetes
 * Hardening Guide v1.2, Checkov's AKS checks (shared/notes/policy-landscape.md §1.3), and the
 * anchors AVM aks-production and mspnp/aks-baseline (shared/notes/cloud-controls.md §1.6).
 * Node-pool policies read every pool (`agentPoolProfiles[*]` and separate AgentPool resources),
 * where Checkov reads only `agentPoolProfiles[0]`.
 */
export const AKS_CONTROLS: readonly Control[] = [
    {
        id: "aks-private-api-server",
        title: "The API server is private (private cluster, no public FQDN); any public path is restricted to authorized IP ranges",
        checklist: "API server not exposed publicly",
        severity: "critical",
        references: {
            cisAks: ["5.4.1", "5.4.2"],
            nsaCisa: "Network separation and hardening: control plane hardening",
            checkov: ["CKV_AZURE_115", "CKV_AZURE_6"],
        },
        policies: ["aks-cluster-disallow-public-api-server", "aks-cluster-restrict-authorized-ip-ranges"],
    },
    {
        id: "aks-run-command-disabled",
        title: "Run command, an out-of-band path to the API server, is disabled",
        checklist: "API server not exposed publicly",
        severity: "medium",
        references: { nsaCisa: "Network separation and hardening: control plane hardening" },
        policies: ["aks-cluster-disallow-run-command"],
    },
    {
        id: "aks-entra-rbac",
        title: "Users authenticate with Entra ID (managed AAD) and are authorized by Kubernetes RBAC and Azure RBAC, with named admin groups",
        checklist: "OIDC for users, no static tokens",
        severity: "high",
        references: { cisAks: ["5.5.1", "5.5.2"], nsaCisa: "Authentication and authorization", checkov: ["CKV_AZURE_5"] },
        policies: ["aks-cluster-require-entra-rbac"],
    },
    {
        id: "aks-local-accounts-disabled",
        title: "Local accounts (the static cluster-admin certificate) are disabled",
        checklist: "OIDC for users, no static tokens",
        severity: "high",
        references: { cisAks: ["5.5.1"], nsaCisa: "Authentication and authorization", checkov: ["CKV_AZURE_141"] },
        policies: ["aks-cluster-disallow-local-accounts"],
    },
    {
        id: "aks-workload-identity",
        title: "Workloads reach Azure through the OIDC issuer and workload identity, not pod-managed identity or secrets",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisAks: ["5.2.1"], nsaCisa: "Authentication and authorization" },
        policies: ["aks-cluster-require-workload-identity"],
    },
    {
        id: "aks-managed-identity",
        title: "The cluster runs as a managed identity, never a service principal with a secret",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisAks: ["5.2.1"], nsaCisa: "Authentication and authorization" },
        policies: ["aks-cluster-require-managed-identity"],
    },
    {
        id: "aks-secrets-kms",
        title: "Kubernetes Secrets are encrypted in etcd with a rotating Key Vault key (KMS) through a user-assigned identity, in a private vault that keeps deleted keys",
        checklist: "secrets encrypted at rest",
        severity: "high",
        references: { cisAks: ["5.3.1"], nsaCisa: "Network separation and hardening: secrets" },
        policies: [
            "aks-cluster-require-kms-secrets-encryption",
            "aks-key-vault-require-purge-protection",
            "aks-key-vault-disallow-public-network-access",
            "aks-key-vault-key-require-rotation",
        ],
    },
    {
        id: "aks-audit-logging",
        title: "Control-plane audit logs (kube-audit-admin or kube-audit, and guard) are exported by a diagnostic setting; container logs go to Azure Monitor",
        checklist: "audit logging",
        severity: "high",
        references: { cisAks: ["2.1.1"], nsaCisa: "Audit logging and threat detection", checkov: ["CKV_AZURE_4"] },
        policies: ["aks-cluster-require-audit-logs", "aks-cluster-require-container-insights"],
    },
    {
        id: "aks-network-policy",
        title: "A NetworkPolicy engine (Cilium, Azure or Calico) enforces policies, on Azure CNI",
        checklist: "network policies with default deny",
        severity: "high",
        references: {
            cisAks: ["5.4.4"],
            nsaCisa: "Network separation and hardening: network policies",
            checkov: ["CKV_AZURE_7", "CKV2_AZURE_29"],
        },
        policies: ["aks-cluster-require-network-policy", "aks-cluster-require-azure-cni", "aks-cluster-disallow-azure-npm"],
    },
    {
        id: "aks-node-no-public-ip",
        title: "No node has a public IP address",
        checklist: "API server not exposed publicly",
        severity: "high",
        references: { cisAks: ["5.4.3"], nsaCisa: "Network separation and hardening", checkov: ["CKV_AZURE_143"] },
        policies: ["aks-node-pool-disallow-public-ip"],
    },
    {
        id: "aks-node-disk-encryption",
        title: "Node disks are encrypted at host, ephemeral where possible, and optionally with a customer key (disk encryption set)",
        checklist: "secrets encrypted at rest",
        severity: "medium",
        references: { nsaCisa: "Network separation and hardening", checkov: ["CKV_AZURE_227", "CKV_AZURE_226", "CKV_AZURE_117"] },
        policies: ["aks-node-pool-require-encryption-at-host", "aks-node-pool-require-ephemeral-os-disk", "aks-cluster-require-disk-encryption-set"],
    },
    {
        id: "aks-node-access",
        title: "Nodes accept no SSH and run the minimal AzureLinux image",
        checklist: "OIDC for users, no static tokens",
        severity: "medium",
        references: { cisAks: ["3.1.1"], nsaCisa: "Kubernetes Pod security: protecting the node" },
        policies: ["aks-node-pool-disallow-ssh", "aks-node-pool-require-azure-linux"],
    },
    {
        id: "aks-system-node-isolation",
        title: "System node pools run only critical add-ons (CriticalAddonsOnly taint), apart from workloads",
        checklist: "RBAC with least privilege",
        severity: "low",
        references: { cisAks: ["5.6.2"], checkov: ["CKV_AZURE_232"] },
        policies: ["aks-node-pool-restrict-system-pool-workloads"],
    },
    {
        id: "aks-automatic-upgrades",
        title: "The cluster and node OS upgrade automatically (upgrade channel and node OS upgrade channel set)",
        checklist: "runtime protection",
        severity: "medium",
        references: { nsaCisa: "Upgrading and application security practices", checkov: ["CKV_AZURE_171"] },
        policies: ["aks-cluster-require-auto-upgrade"],
    },
    {
        id: "aks-azure-policy",
        title: "The Azure Policy add-on (Gatekeeper) admits workloads against an assigned pod security initiative",
        checklist: "Pod Security Standards enforced",
        severity: "medium",
        references: { cisAks: ["5.6.1"], nsaCisa: "Kubernetes Pod security: Pod security enforcement", checkov: ["CKV_AZURE_116"] },
        policies: ["aks-cluster-require-azure-policy", "aks-cluster-require-pod-security-initiative"],
    },
    {
        id: "aks-risky-addons-disabled",
        title: "The Kubernetes dashboard and HTTP application routing add-ons are off",
        checklist: "API server not exposed publicly",
        severity: "medium",
        references: { nsaCisa: "Network separation and hardening", checkov: ["CKV_AZURE_8", "CKV_AZURE_246"] },
        policies: ["aks-cluster-disallow-risky-addons"],
    },
    {
        id: "aks-defender",
        title: "Microsoft Defender for Containers monitors the cluster at runtime",
        checklist: "runtime protection",
        severity: "low",
        references: { nsaCisa: "Audit logging and threat detection", checkov: ["CKV_AZURE_85"] },
        policies: ["aks-cluster-require-defender"],
    },
    {
        id: "aks-secrets-store-rotation",
        title: "When the Key Vault Secrets Store CSI add-on is on, it rotates secrets",
        checklist: "external secrets manager",
        severity: "low",
        references: { cisAks: ["4.5.2"], checkov: ["CKV_AZURE_172"] },
        policies: ["aks-cluster-require-secret-rotation"],
    },
    {
        // The checklist has no availability line; these keep a hardened cluster patchable and
        // recoverable (a paid SKU's SLA, scale sets for node image upgrades, a delete lock).
        id: "aks-operational-baseline",
        title: "The cluster runs a paid SKU, scale-set pools with at least 50 pods per node, under a delete lock",
        checklist: "runtime protection",
        severity: "low",
        references: { checkov: ["CKV_AZURE_170", "CKV_AZURE_168", "CKV_AZURE_169"] },
        policies: ["aks-cluster-require-paid-sku", "aks-node-pool-enforce-capacity-baseline", "aks-cluster-require-delete-lock"],
    },
];
