/**
 * The arguments of GkeCluster, their secure defaults, and the pure resolver that validates them.
 * Defaults follow terraform-google-modules' safer-cluster (private nodes and endpoint, Workload
 * Identity, Dataplane V2, Binary Authorization, dedicated node account, removed default pool) and
 * go further where it stops: Secrets encrypted with a rotating Cloud KMS key, secure boot, the
 * insecure RBAC bindings off, anonymous authentication LIMITED, the kubelet read-only port off.
 */
import { GKE_KEY_ROTATION_MAX_DAYS } from "../controls/gke";
import { GKE_DEFAULT_MAINTENANCE_WINDOW, GkeMaintenanceExclusion, GkeMaintenanceWindow } from "./args-operations";

export type { GkeMaintenanceExclusion, GkeMaintenanceWindow } from "./args-operations";

export type GkeReleaseChannel = "RAPID" | "REGULAR" | "STABLE" | "EXTENDED";
export const RELEASE_CHANNELS: readonly GkeReleaseChannel[] = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

/** A network allowed to reach the control plane. */
export interface GkeAuthorizedNetwork {
    /** An IPv4 CIDR; never a /0 (CIS GKE 5.6.3). */
    readonly cidrBlock: string;
    readonly displayName?: string;
}

/** A VPC and subnetwork that exist already, with the secondary ranges for pods and services. */
export interface GkeExistingNetworkArgs {
    /** The network's name or self link. */
    readonly network: string;
    /** The subnetwork's name or self link, in the cluster's region; it should have Private Google Access on. */
    readonly subnetwork: string;
    /** The subnetwork's secondary range for pods. */
    readonly podsRangeName: string;
    /** The subnetwork's secondary range for services. */
    readonly servicesRangeName: string;
    /**
     * When the subnetwork is in another project (Shared VPC, named as
     * `projects/<host>/regions/<r>/subnetworks/<s>`): grant the GKE service agent
     * `roles/container.hostServiceAgentUser` on the host project, and it and the Google APIs
     * service agent `roles/compute.networkUser` on the subnetwork, before the cluster exists
     * (cloud.google.com/kubernetes-engine/docs/how-to/cluster-shared-vpc). Turn off when the host
     * project's owners grant them; the deployer then needs no rights on the host project.
     * @default true
     */
    readonly grantHostProjectRoles?: boolean;
}

/** The VPC the component creates when `existingNetwork` is not given. */
export interface GkeNewNetworkArgs {
    /** Primary range of the node subnetwork. @default "10.0.0.0/20" */
    readonly nodesCidr?: string;
    /** Secondary range for pods. @default "10.16.0.0/14" */
    readonly podsCidr?: string;
    /** Secondary range for services. @default "10.20.0.0/20" */
    readonly servicesCidr?: string;
    /**
     * Create a Cloud Router and Cloud NAT so that private nodes reach the internet (public image
     * registries). @default false: private nodes reach Google APIs through Private Google Access,
     * and nothing else unless asked, which keeps egress an explicit decision.
     */
    readonly cloudNat?: boolean;
}

/** One node pool. */
export interface GkeNodePoolArgs {
    /** The pool's name: lower-case letters, digits and '-', at most 30 characters. */
    readonly name: string;
    /** @default "e2-standard-4" */
    readonly machineType?: string;
    /** Autoscaler minimum, per zone. @default 1 */
    readonly minNodes?: number;
    /** Autoscaler maximum, per zone. @default 3 */
    readonly maxNodes?: number;
    /** Boot disk size in GB. @default 100 */
    readonly diskSizeGb?: number;
    /** Spot VMs (cheaper, pre-emptible). @default false */
    readonly spot?: boolean;
    /** Kubernetes labels of the pool's nodes. */
    readonly labels?: Readonly<Record<string, string>>;
}

export interface GkeClusterArgs {
    /** The project. @default the provider's project (`gcp:project`). */
    readonly project?: string;
    /** A region (regional cluster, recommended) or a zone. Required. */
    readonly location: string;
    /** @default "REGULAR": patched versions without the churn of RAPID (CIS GKE 5.5.4). */
    readonly releaseChannel?: GkeReleaseChannel;
    /** A minimum control-plane version; within the release channel. @default the channel's default */
    readonly kubernetesVersion?: string;
    /** The VPC to create. Conflicts with `existingNetwork`. @default a new VPC with the default ranges */
    readonly network?: GkeNewNetworkArgs;
    /** Bring your own VPC and subnetwork. Conflicts with `network`. */
    readonly existingNetwork?: GkeExistingNetworkArgs;
    /**
     * The control plane's /28 (VPC peering), private (RFC 1918) and unused in the VPC and its
     * peers: two clusters on one network need two ranges. @default "172.16.0.0/28" in a VPC the
     * component creates; REQUIRED with `existingNetwork`, where another cluster may hold it.
     */
    readonly masterIpv4CidrBlock?: string;
    /**
     * Networks allowed to reach the control plane's endpoints. @default [] (safer-cluster's default:
     * no external access; the cluster's own subnetwork always may).
     */
    readonly masterAuthorizedNetworks?: readonly GkeAuthorizedNetwork[];
    /** Reach the private endpoint from every region of the VPC (and peered or VPN networks there). @default false */
    readonly masterGlobalAccess?: boolean;
    /**
     * The DNS-based control-plane endpoint, reachable from anywhere Google APIs are but authorized
     * by IAM (`container.clusters.connect`) on every request, with Google credentials only (never
     * Kubernetes tokens or certificates): the bastion-free way for the machine running `pulumi up`
     * to reach a private cluster, and Google's best practice ("use only the DNS-based endpoint",
     * cloud.google.com/kubernetes-engine/docs/concepts/network-isolation). The kubeconfig uses it.
     * With `false` the API is reached on the private IP endpoint only, from inside the VPC (the
     * in-cluster layer then runs in another stage). @default true
     */
    readonly dnsEndpoint?: boolean;
    /**
     * Keep the IP-based endpoints (the private one, or a public one with `allowPublicEndpoint`).
     * `false` leaves the DNS endpoint alone (Google's recommended form), and then conflicts with
     * `allowPublicEndpoint` and `masterAuthorizedNetworks` (which filter IP endpoints only), and
     * needs `dnsEndpoint`. @default true: tools inside the VPC that dial the private IP keep working
     */
    readonly ipEndpoints?: boolean;
    /**
     * OPT-OUT: serve a public IP endpoint, restricted to `masterAuthorizedNetworks` (which must
     * then be non-empty). The pack still reports it (gke-cluster-disallow-public-endpoint).
     * Prefer `dnsEndpoint`. @default false
     */
    readonly allowPublicEndpoint?: boolean;
    /**
     * Bring your own Cloud KMS key for Secrets encryption, as
     * `projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>` in the cluster's region; its
     * rotation is then its owner's. Conflicts with `keyRotationPeriod`; required by
     * `grantKeyToServiceAgent: false`. @default a key created with rotation
     */
    readonly secretsKey?: string;
    /** Rotation of the created key, in seconds ("7776000s"), between 1 and 90 days. @default "7776000s" (90 days; CIS GCP 1.10) */
    readonly keyRotationPeriod?: string;
    /**
     * Grant the GKE service agent the key role before creating the cluster. Turn off only with
     * `secretsKey`, when the key's owner grants it outside this stack: the key the component
     * creates has no other owner to grant it, so `false` without `secretsKey` is refused.
     * @default true
     */
    readonly grantKeyToServiceAgent?: boolean;
    /** Bring your own node service account (email). Never the Compute Engine default. @default a dedicated account with the node roles only */
    readonly nodeServiceAccount?: string;
    /** The node pools. @default [{ name: "general" }] */
    readonly nodePools?: readonly GkeNodePoolArgs[];
    /** Google Groups for RBAC: "gke-security-groups@<your domain>" (CIS GKE 5.8.2). @default none (needs a Workspace / Cloud Identity domain) */
    readonly rbacSecurityGroup?: string;
    /**
     * Limit anonymous authentication to the health endpoints (GKE 1.32+). OPT-OUT (false) only for
     * older versions; the pack reports it (gke-cluster-restrict-anonymous-authentication). @default true
     */
    readonly limitAnonymousAuthentication?: boolean;
    /**
     * Enforce the project's Binary Authorization policy. OPT-OUT (false) is reported by the pack
     * (gke-cluster-require-binary-authorization). The project needs the Binary Authorization API;
     * its default policy admits all images until you tighten it. @default true
     */
    readonly enforceBinaryAuthorization?: boolean;
    /**
     * Turn on Data Access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) for the Kubernetes Engine
     * API in the project. Billed by volume, and the setting is project-wide for that service. @default false
     */
    readonly dataAccessAuditLogs?: boolean;
    /** OPT-OUT (false) is reported by the pack (gke-cluster-require-deletion-protection). @default true */
    readonly deletionProtection?: boolean;
    /** Protect the cluster and the KMS key from `pulumi destroy`. @default true */
    readonly protect?: boolean;
    /** Labels of the cluster resource. @default {} */
    readonly resourceLabels?: Readonly<Record<string, string>>;
    /**
     * Enable the container, cloudkms and binaryauthorization APIs in the project, and create the
     * GKE service agent (`projects.ServiceIdentity`) before granting it the key: a fresh project
     * has neither (the agent exists only once the container API is on). They stay enabled on
     * destroy. `false` when the project's owners enable them. @default true
     */
    readonly enableApis?: boolean;
    /**
     * TCP ports the control plane must reach on the nodes for admission webhooks (a private
     * cluster's GKE firewall rule admits 443 and 10250 only): a firewall rule from
     * `masterIpv4CidrBlock` to the nodes' service account on these ports. Kyverno 9443, Istio
     * 15017; `gkeWebhookPortsFor(baseline)` derives them from the in-cluster baseline. @default []
     */
    readonly webhookPorts?: readonly number[];
    /**
     * When GKE may upgrade the control plane and nodes. @default Saturdays and Sundays
     * 02:00-10:00 UTC (GKE_DEFAULT_MAINTENANCE_WINDOW): upgrades stay automatic (patches arrive)
     * but land at a known, quiet time, never mid-week.
     */
    readonly maintenanceWindow?: GkeMaintenanceWindow;
    /** One-off periods without upgrades (30 days at most each, so patches are delayed, never skipped). @default [] */
    readonly maintenanceExclusions?: readonly GkeMaintenanceExclusion[];
    /**
     * Route pod-to-pod traffic on the same node through the VPC, so flow logs and firewall rules
     * see it (CIS GKE 5.6.1, Checkov CKV_GCP_74). Billed as flow-log volume. @default true
     */
    readonly intranodeVisibility?: boolean;
    /**
     * Encrypt every node's boot disk with this Cloud KMS key
     * (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`, in the cluster's region); the
     * Compute Engine service agent is granted the key role on it first (CIS GKE 5.9.1).
     * @default none: Google-managed keys
     */
    readonly bootDiskKmsKey?: string;
    /**
     * The project's Binary Authorization policy, managed by this stack: deny by default (every
     * image needs an attestation by one of `attestors`), enforced (ENFORCED_BLOCK_AND_AUDIT_LOG),
     * with Google's system-image policy on (`globalPolicyEvaluationMode: ENABLE`), so only the
     * images you sign, or exempt, run (checklist "image signing and verification", CIS GKE
     * 5.10.4). Without it, `evaluationMode: PROJECT_SINGLETON_POLICY_ENFORCE` enforces the
     * project's default policy, which admits every image (Binary Authorization "Policy YAML
     * reference": a new project's default rule is ALWAYS_ALLOW). REQUIRED unless
     * `optOuts.binaryAuthorizationPolicy` names why not, or `enforceBinaryAuthorization: false`
     * (which conflicts with it).
     *
     * The policy is project-wide: a project has exactly one (Binary Authorization "Key concepts":
     * "Each Google Cloud project can have exactly one policy"; its id is `projects/<p>/policy`),
     * and it governs every cluster of the project. One stack per project manages it; the others
     * name `optOuts.binaryAuthorizationPolicy` ("managed by stack <name>"), and the pack then says
     * it cannot tell, rather than passing.
     */
    readonly binaryAuthorizationPolicy?: GkeBinaryAuthorizationPolicyArgs;
    /**
     * Named, justified opt-outs of what the component otherwise requires; the policy pack reports
     * each reason (advisory) instead of a mandatory finding.
     */
    readonly optOuts?: GkeOptOuts;
}

/** The managed Binary Authorization policy (see `GkeClusterArgs.binaryAuthorizationPolicy`). */
export interface GkeBinaryAuthorizationPolicyArgs {
    /**
     * The attestors one of whose attestations every image needs, as `projects/<p>/attestors/<a>`
     * (they must exist before the policy refers to them; gcp.binaryauthorization.Policy
     * `requireAttestationsBies`). Your CI attests the images it builds and signs. Non-empty.
     */
    readonly attestors: readonly string[];
    /**
     * Images admitted without attestation (`admissionWhitelistPatterns`): `registry/path/image`,
     * with a trailing `*` (one path segment) or `**` (any depth) after the registry (Binary
     * Authorization API, AdmissionWhitelistPattern.namePattern). Name the mirror your add-ons'
     * images come from (ClusterBaseline `sources.registry`), or the add-ons never start. Google's
     * GKE system images need none: the system policy admits them. @default []
     */
    readonly exemptImages?: readonly string[];
}

/** A justified opt-out: the reason is recorded on the component and reported by the pack. */
export interface GkeOptOut {
    /** Why, at least 20 characters: "the project's policy is managed by stack platform/binauthz". */
    readonly reason: string;
}

export interface GkeOptOuts {
    /**
     * Do not manage the project's Binary Authorization policy here: another stack owns it (a
     * project has one), or ClusterBaseline's Kyverno verifyImages is the stack's image
     * verification. The cluster still enforces whatever the project's policy says.
     */
    readonly binaryAuthorizationPolicy?: GkeOptOut;
}

/** The documented defaults, applied field by field by resolveGkeArgs. */
export const GKE_DEFAULTS = {
    releaseChannel: "REGULAR" as GkeReleaseChannel,
    network: { nodesCidr: "10.0.0.0/20", podsCidr: "10.16.0.0/14", servicesCidr: "10.20.0.0/20", cloudNat: false },
    masterIpv4CidrBlock: "172.16.0.0/28",
    masterAuthorizedNetworks: [] as readonly GkeAuthorizedNetwork[],
    masterGlobalAccess: false,
    dnsEndpoint: true,
    ipEndpoints: true,
    allowPublicEndpoint: false,
    keyRotationPeriod: `${GKE_KEY_ROTATION_MAX_DAYS * 86400}s`,
    grantKeyToServiceAgent: true,
    nodePool: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 3, diskSizeGb: 100, spot: false },
    nodePools: [{ name: "general" }] as readonly GkeNodePoolArgs[],
    limitAnonymousAuthentication: true,
    enforceBinaryAuthorization: true,
    dataAccessAuditLogs: false,
    deletionProtection: true,
    protect: true,
    enableApis: true,
    webhookPorts: [] as readonly number[],
    maintenanceWindow: GKE_DEFAULT_MAINTENANCE_WINDOW,
    maintenanceExclusions: [] as readonly GkeMaintenanceExclusion[],
    intranodeVisibility: true,
} as const;

export type ResolvedGkeNodePool = Required<Omit<GkeNodePoolArgs, "labels">> & { readonly labels: Readonly<Record<string, string>> };

export interface ResolvedGkeArgs {
    readonly project?: string;
    readonly location: string;
    /** The region of `location` (a zone's region), where the VPC and the key live. */
    readonly region: string;
    readonly releaseChannel: GkeReleaseChannel;
    readonly kubernetesVersion?: string;
    readonly network:
        | { readonly kind: "new"; readonly nodesCidr: string; readonly podsCidr: string; readonly servicesCidr: string; readonly cloudNat: boolean }
        | ({ readonly kind: "existing"; readonly grantHostProjectRoles: boolean; readonly hostProject?: string } & Omit<GkeExistingNetworkArgs, "grantHostProjectRoles">);
    readonly masterIpv4CidrBlock: string;
    readonly masterAuthorizedNetworks: readonly GkeAuthorizedNetwork[];
    readonly masterGlobalAccess: boolean;
    readonly dnsEndpoint: boolean;
    readonly ipEndpoints: boolean;
    readonly allowPublicEndpoint: boolean;
    readonly secretsKey?: string;
    readonly keyRotationPeriod: string;
    readonly grantKeyToServiceAgent: boolean;
    readonly nodeServiceAccount?: string;
    readonly nodePools: readonly ResolvedGkeNodePool[];
    readonly rbacSecurityGroup?: string;
    readonly limitAnonymousAuthentication: boolean;
    readonly enforceBinaryAuthorization: boolean;
    readonly dataAccessAuditLogs: boolean;
    readonly deletionProtection: boolean;
    readonly protect: boolean;
    readonly resourceLabels: Readonly<Record<string, string>>;
    readonly enableApis: boolean;
    readonly webhookPorts: readonly number[];
    readonly maintenanceWindow: GkeMaintenanceWindow;
    readonly maintenanceExclusions: readonly GkeMaintenanceExclusion[];
    readonly intranodeVisibility: boolean;
    readonly bootDiskKmsKey?: string;
    /** The managed policy, or undefined when opted out or not enforced. */
    readonly binaryAuthorizationPolicy?: { readonly attestors: readonly string[]; readonly exemptImages: readonly string[] };
    readonly optOuts: { readonly binaryAuthorizationPolicy?: GkeOptOut };
}

