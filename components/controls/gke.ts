import { Control } from "./types";

/*
 * CIS items are from the CIS Google Kubernetes Engine (GKE) Benchmark v1.5.0; Checkov ids from
 * bridgecrewio/checkov checkov/terraform/checks/resource/gcp/GKE*.py (and graph checks CKV2_GCP_*).
 * Where Checkov only tests that a block exists (CKV_GCP_25/64: private cluster) our policies test
 * the value; secrets encryption, Workload Identity, the private endpoint, insecure RBAC bindings,
 * anonymous authentication and the kubelet read-only port have no Checkov check at all.
 */

/** The GKE control-plane and node controls; each names the policies in policy-pack/policies/gke/. */
export const GKE_CONTROLS: readonly Control[] = [
    {
        id: "gke-private-control-plane",
        title: "The GKE control plane has no public IP endpoint, authorized networks (enforced on the private endpoint too) together admit no public range, and the DNS endpoint takes only IAM-checked Google credentials",
        checklist: "API server not exposed publicly",
        severity: "critical",
        references: {
            cisGke: ["5.6.3", "5.6.4"],
            nsaCisa: "Network separation and hardening: control plane hardening",
            checkov: ["CKV_GCP_18", "CKV_GCP_20"],
        },
        policies: ["gke-cluster-disallow-public-endpoint", "gke-cluster-restrict-authorized-networks", "gke-cluster-restrict-dns-endpoint-credentials"],
    },
    {
        id: "gke-private-nodes",
        title: "GKE nodes have private IP addresses only",
        checklist: "API server not exposed publicly",
        severity: "high",
        references: { cisGke: ["5.6.5"], nsaCisa: "Network separation and hardening", checkov: ["CKV_GCP_25", "CKV_GCP_64"] },
        policies: ["gke-nodes-disallow-public-ips"],
    },
    {
        id: "gke-secrets-encryption",
        title: "GKE encrypts Secrets at the application layer with a Cloud KMS key that rotates, granted (on the key or its ring) to the GKE service agent before the cluster exists",
        checklist: "secrets encrypted at rest",
        severity: "high",
        references: { cisGke: ["5.3.1"], cisKubernetes: ["1.2.27"], nsaCisa: "Authentication and authorization: secrets encryption" },
        policies: [
            "gke-cluster-require-secrets-encryption",
            "gke-encryption-key-require-rotation",
            "gke-encryption-key-require-agent-grant",
        ],
    },
    {
        id: "gke-workload-identity",
        title: "GKE clusters enable Workload Identity, every node pool serves the GKE metadata server, and none turns the legacy metadata endpoints back on",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisGke: ["5.2.2", "5.4.1", "5.4.2"], nsaCisa: "Authentication and authorization", checkov: ["CKV_GCP_69", "CKV_GCP_67"] },
        policies: ["gke-cluster-require-workload-identity", "gke-nodes-require-metadata-server", "gke-nodes-disallow-legacy-metadata"],
    },
    {
        id: "gke-node-service-account",
        title: "GKE nodes run as a dedicated service account holding only the node roles (never Owner or Editor, through any project IAM resource), never the Compute Engine default",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisGke: ["5.2.1"], checkov: ["CKV2_GCP_1", "CKV_GCP_117"] },
        policies: ["gke-nodes-disallow-default-service-account", "gke-node-service-account-restrict-roles"],
    },
    {
        id: "gke-static-cloud-credentials",
        title: "The stack creates no user-managed service account key (CIS GCP 1.4): Workload Identity, Workload Identity Federation or impersonation instead",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { nsaCisa: "Authentication and authorization" },
        policies: ["gke-service-account-disallow-keys"],
    },
    {
        id: "gke-static-credentials",
        title: "GKE clusters issue no client certificate and do not use legacy ABAC",
        checklist: "OIDC for users, no static tokens",
        severity: "high",
        references: { cisGke: ["5.8.1", "5.8.3"], nsaCisa: "Authentication and authorization", checkov: ["CKV_GCP_13", "CKV_GCP_7"] },
        policies: ["gke-cluster-disallow-client-certificate", "gke-cluster-disallow-legacy-abac"],
    },
    {
        id: "gke-anonymous-access",
        title: "GKE clusters drop the insecure RBAC bindings to system:authenticated and system:unauthenticated, and limit anonymous authentication to health checks",
        checklist: "RBAC with least privilege",
        severity: "high",
        references: { cisGke: ["3.2.1"], cisKubernetes: ["1.2.1"], nsaCisa: "Authentication and authorization: disable anonymous login" },
        policies: ["gke-cluster-disallow-insecure-rbac-bindings", "gke-cluster-restrict-anonymous-authentication"],
    },
    {
        id: "gke-google-groups-rbac",
        title: "GKE clusters resolve Google Groups for RBAC, so access is granted to groups rather than to individuals",
        checklist: "OIDC for users, no static tokens",
        severity: "low",
        references: { cisGke: ["5.8.2"], checkov: ["CKV_GCP_65"] },
        policies: ["gke-cluster-require-google-groups"],
    },
    {
        id: "gke-network-policy",
        title: "GKE clusters enforce NetworkPolicies (Dataplane V2, or the Calico network policy add-on)",
        checklist: "network policies with default deny",
        severity: "high",
        references: { cisGke: ["5.6.7"], nsaCisa: "Network separation and hardening: network policies", checkov: ["CKV_GCP_12"] },
        policies: ["gke-cluster-require-network-policy"],
    },
    {
        id: "gke-network-visibility",
        title: "GKE Standard clusters send same-node pod traffic through the VPC (intranode visibility), so flow logs and firewall rules see it",
        checklist: "network policies with default deny",
        severity: "low",
        references: { cisGke: ["5.6.1"], checkov: ["CKV_GCP_74"] },
        policies: ["gke-cluster-require-intranode-visibility"],
    },
    {
        id: "gke-vpc-native",
        title: "GKE clusters are VPC-native (alias IP ranges for pods and services)",
        checklist: "network policies with default deny",
        severity: "low",
        references: { cisGke: ["5.6.2"], checkov: ["CKV_GCP_23"] },
        policies: ["gke-cluster-require-vpc-native"],
    },
    {
        id: "gke-shielded-nodes",
        title: "GKE nodes are shielded, with secure boot and integrity monitoring",
        checklist: "runtime protection",
        severity: "high",
        references: { cisGke: ["5.5.5", "5.5.6", "5.5.7"], checkov: ["CKV_GCP_71", "CKV_GCP_72", "CKV_GCP_68"] },
        policies: ["gke-nodes-require-shielded-boot"],
    },
    {
        id: "gke-security-posture",
        title: "GKE clusters keep security posture scanning of workload configurations on",
        checklist: "runtime protection",
        severity: "medium",
        references: {},
        policies: ["gke-cluster-require-security-posture"],
    },
    {
        id: "gke-boot-disk-encryption",
        title: "Where the stack asks for customer keys, GKE node boot disks are encrypted with a Cloud KMS key",
        checklist: "secrets encrypted at rest",
        severity: "medium",
        references: { cisGke: ["5.9.1"] },
        policies: ["gke-nodes-require-boot-disk-cmek"],
    },
    {
        id: "gke-node-image",
        title: "GKE nodes run Container-Optimized OS with containerd",
        checklist: "runtime protection",
        severity: "medium",
        references: { cisGke: ["5.5.1"], checkov: ["CKV_GCP_22"] },
        policies: ["gke-nodes-require-cos-containerd"],
    },
    {
        id: "gke-node-auto-upgrade",
        title: "GKE node pools repair and upgrade themselves automatically",
        checklist: "runtime protection",
        severity: "medium",
        references: { cisGke: ["5.5.2", "5.5.3"], checkov: ["CKV_GCP_9", "CKV_GCP_10"] },
        policies: ["gke-nodes-require-auto-upgrade"],
    },
    {
        id: "gke-release-channel",
        title: "GKE clusters are enrolled in a release channel",
        checklist: "runtime protection",
        severity: "low",
        references: { cisGke: ["5.5.4"], checkov: ["CKV_GCP_70"] },
        policies: ["gke-cluster-require-release-channel"],
    },
    {
        id: "gke-kubelet-read-only-port",
        title: "GKE kubelets do not serve the unauthenticated read-only port 10255",
        checklist: "RBAC with least privilege",
        severity: "medium",
        references: { cisGke: ["3.2.4"], cisKubernetes: ["4.2.4"] },
        policies: ["gke-nodes-disallow-kubelet-readonly-port"],
    },
    {
        id: "gke-binary-authorization",
        title: "GKE clusters enforce the project's Binary Authorization policy on every image, and the stack manages that policy: deny by default, attestations required",
        checklist: "image signing and verification",
        severity: "high",
        references: { cisGke: ["5.10.4"], nsaCisa: "Pod security: building secure container images", checkov: ["CKV_GCP_66"] },
        policies: ["gke-cluster-require-binary-authorization", "gke-project-require-binary-authorization-policy"],
    },
    {
        id: "gke-control-plane-logging",
        title: "GKE clusters ship control-plane logs, including the API server's, and keep Cloud Logging and Monitoring on",
        checklist: "audit logging",
        severity: "high",
        references: { cisGke: ["5.7.1"], nsaCisa: "Audit logging and threat detection", checkov: ["CKV_GCP_1", "CKV_GCP_8"] },
        policies: ["gke-cluster-require-control-plane-logging"],
    },
    {
        id: "gke-alpha-features",
        title: "GKE clusters do not enable Kubernetes alpha features",
        checklist: "runtime protection",
        severity: "medium",
        references: { cisGke: ["5.10.2"], checkov: ["CKV2_GCP_19"] },
        policies: ["gke-cluster-disallow-alpha-features"],
    },
    {
        id: "gke-cluster-lifecycle",
        title: "GKE clusters keep deletion protection on and remove the default node pool, whose settings cannot be managed apart from the cluster",
        checklist: "runtime protection",
        severity: "low",
        references: { checkov: ["CKV_GCP_123"] },
        policies: ["gke-cluster-require-deletion-protection", "gke-cluster-disallow-default-node-pool"],
    },
];

/**
 * Project roles a GKE node service account may hold: the node role GKE publishes for this purpose
 * (logging, monitoring and metadata writes) and image pulls, and the narrower roles it bundles, for
 * clusters set up before it existed. CIS GKE 5.2.1: never Editor, as the default Compute SA has.
 */
export const GKE_NODE_SERVICE_ACCOUNT_ROLES: readonly string[] = [
    "roles/container.defaultNodeServiceAccount",
    "roles/artifactregistry.reader",
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/autoscaling.metricsWriter",
];

/** The Cloud KMS role the GKE service agent needs on the Secrets key (GKE application-layer secrets encryption docs). */
export const GKE_KEY_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** The longest rotation period for a Secrets key, in days (NIST SP 800-57 cryptoperiods; CIS GCP 1.10 asks for 90). */
export const GKE_KEY_ROTATION_MAX_DAYS = 90;

/** The GKE service agent of a project, by project number: the identity that uses the Secrets key. */
export const GKE_SERVICE_AGENT = /^service-\d+@container-engine-robot\.iam\.gserviceaccount\.com$/;

/** Control-plane log components the pack requires by default: the system's and the API server's (audit trail of API calls). */
export const GKE_REQUIRED_LOG_COMPONENTS: readonly string[] = ["SYSTEM_COMPONENTS", "APISERVER"];
