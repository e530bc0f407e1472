/**
 * The arguments of GkeCluster, their secure defaults, and the pure resolver that validates them.
 * Defaults follow terraform-google-modules' safer-cluster (private nodes and endpoint, Workload
 * Identity, Dataplane V2, Binary Authorization, dedicated node account, removed default pool) and
 * go further where it stops: Secrets encrypted with a rotating Cloud KMS key, secure boot, the
 * insecure RBAC bindings off, anonymous authentication LIMITED, the kubelet read-only port off.
 */
import { GKE_KEY_ROTATION_MAX_DAYS } from "../controls/gke";
import { InvalidArgsError, Problems, isCidr } from "../args";
import { Raw, Reader, isObject } from "./args-reader";

export type GkeReleaseChannel = "RAPID" | "REGULAR" | "STABLE" | "EXTENDED";
const RELEASE_CHANNELS: readonly GkeReleaseChannel[] = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

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
    /** The control plane's /28 (VPC peering). @default "172.16.0.0/28" */
    readonly masterIpv4CidrBlock?: string;
    /**
     * Networks allowed to reach the control plane's endpoints. @default [] (safer-cluster's default:
     * no external access; the cluster's own subnetwork always may).
     */
    readonly masterAuthorizedNetworks?: readonly GkeAuthorizedNetwork[];
    /** Reach the private endpoint from every region of the VPC (and peered or VPN networks there). @default false */
    readonly masterGlobalAccess?: boolean;
    /**
     * Turn on the DNS-based control-plane endpoint, reachable from outside the VPC but authorized by
     * IAM on every request: the bastion-free way for CI to reach a private cluster. The kubeconfig
     * then uses it. @default false
     */
    readonly dnsEndpoint?: boolean;
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
}

/** The documented defaults, applied field by field by resolveGkeArgs. */
export const GKE_DEFAULTS = {
    releaseChannel: "REGULAR" as GkeReleaseChannel,
    network: { nodesCidr: "10.0.0.0/20", podsCidr: "10.16.0.0/14", servicesCidr: "10.20.0.0/20", cloudNat: false },
    masterIpv4CidrBlock: "172.16.0.0/28",
    masterAuthorizedNetworks: [] as readonly GkeAuthorizedNetwork[],
    masterGlobalAccess: false,
    dnsEndpoint: false,
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
} as const;

export type ResolvedGkeNodePool = Required<Omit<GkeNodePoolArgs, "labels">> & { readonly labels: Readonly<Record<string, string>> };

export interface ResolvedGkeArgs {
    readonly project?: string;
    readonly location: string;
    /** The region of `location` (a zone's region), where the VPC and the key live. */
    readonly region: string;
    readonly releaseChannel: GkeReleaseChannel;
    readonly kubernetesVersion?: string;
    readonly network: { readonly kind: "new"; readonly nodesCidr: string; readonly podsCidr: string; readonly servicesCidr: string; readonly cloudNat: boolean } | ({ readonly kind: "existing" } & GkeExistingNetworkArgs);
    readonly masterIpv4CidrBlock: string;
    readonly masterAuthorizedNetworks: readonly GkeAuthorizedNetwork[];
    readonly masterGlobalAccess: boolean;
    readonly dnsEndpoint: boolean;
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
}

const KNOWN_ARGS: readonly (keyof GkeClusterArgs)[] = [
    "project", "location", "releaseChannel", "kubernetesVersion", "network", "existingNetwork", "masterIpv4CidrBlock",
    "masterAuthorizedNetworks", "masterGlobalAccess", "dnsEndpoint", "allowPublicEndpoint", "secretsKey", "keyRotationPeriod",
    "grantKeyToServiceAgent", "nodeServiceAccount", "nodePools", "rbacSecurityGroup", "limitAnonymousAuthentication",
    "enforceBinaryAuthorization", "dataAccessAuditLogs", "deletionProtection", "protect", "resourceLabels",
];

const LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]+$/;
const COMPUTE_DEFAULT = /-compute@developer\.gserviceaccount\.com$/;
const POOL_NAME = /^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$/;
const DURATION = /^([0-9]+)s$/;

/** The region of a region or zone ("europe-west1-b" → "europe-west1"). */
export function gcpRegionOf(location: string): string {
    return location.replace(/-[a-z]$/, "");
}

function resolveNetwork(r: Reader, args: Raw): ResolvedGkeArgs["network"] {
    const d = GKE_DEFAULTS.network;
    const fresh = r.object(args["network"], "network", ["nodesCidr", "podsCidr", "servicesCidr", "cloudNat"]);
    const existing = r.object(args["existingNetwork"], "existingNetwork", ["network", "subnetwork", "podsRangeName", "servicesRangeName"]);
    if (fresh && existing) {
        r.problems.add("`network` and `existingNetwork` conflict: the component either creates the VPC (`network`) or uses yours (`existingNetwork`). Remove one.");
    }
    // Checked even beside `existingNetwork`, so every mistake shows at once.
    const created: ResolvedGkeArgs["network"] = {
        kind: "new",
        nodesCidr: r.cidr(fresh?.["nodesCidr"], "network.nodesCidr", d.nodesCidr),
        podsCidr: r.cidr(fresh?.["podsCidr"], "network.podsCidr", d.podsCidr),
        servicesCidr: r.cidr(fresh?.["servicesCidr"], "network.servicesCidr", d.servicesCidr),
        cloudNat: r.bool(fresh?.["cloudNat"], "network.cloudNat", d.cloudNat),
    };
    if (existing) {
        const field = (k: keyof GkeExistingNetworkArgs) => {
            const v = existing[k];
            if (typeof v !== "string" || v.length === 0) {
                r.problems.add(`\`existingNetwork.${k}\` must be a non-empty string (a name or self link).`);
                return "";
            }
            return v;
        };
        return { kind: "existing", network: field("network"), subnetwork: field("subnetwork"), podsRangeName: field("podsRangeName"), servicesRangeName: field("servicesRangeName") };
    }
    return created;
}

function resolveAuthorizedNetworks(r: Reader, value: unknown): readonly GkeAuthorizedNetwork[] {
    if (value === undefined) {
        return GKE_DEFAULTS.masterAuthorizedNetworks;
    }
    if (!Array.isArray(value)) {
        r.problems.add("`masterAuthorizedNetworks` must be a list of `{ cidrBlock, displayName }`.");
        return [];
    }
    return value.flatMap((entry, i) => {
        const path = `masterAuthorizedNetworks[${i}]`;
        const o = r.object(entry, path, ["cidrBlock", "displayName"]);
        if (!o) {
            return [];
        }
        const cidr = o["cidrBlock"];
        if (!isCidr(cidr) || String(cidr).includes(":")) {
            r.problems.add(`\`${path}.cidrBlock\` must be an IPv4 CIDR, not ${JSON.stringify(cidr)}.`);
            return [];
        }
        if (/\/0$/.test(cidr)) {
            r.problems.add(`\`${path}.cidrBlock\` must not be ${cidr}: authorized networks never include the whole internet (CIS GKE 5.6.3). Name the ranges CI and operators connect from, or use \`dnsEndpoint\`.`);
            return [];
        }
        const displayName = r.str(o["displayName"], `${path}.displayName`, undefined, "a string");
        return [{ cidrBlock: cidr, ...(displayName ? { displayName } : {}) }];
    });
}

function resolveNodePools(r: Reader, value: unknown): readonly ResolvedGkeNodePool[] {
    const d = GKE_DEFAULTS.nodePool;
    if (value !== undefined && (!Array.isArray(value) || value.length === 0)) {
        r.problems.add("`nodePools` must be a non-empty list of `{ name, machineType, minNodes, maxNodes, ... }`; omit it for one default pool.");
        return [];
    }
    const pools = (value ?? GKE_DEFAULTS.nodePools) as readonly unknown[];
    const seen = new Set<string>();
    return pools.flatMap((entry, i) => {
        const path = `nodePools[${i}]`;
        const o = r.object(entry, path, ["name", "machineType", "minNodes", "maxNodes", "diskSizeGb", "spot", "labels"]);
        if (!o) {
            return [];
        }
        const name = r.str(o["name"], `${path}.name`, POOL_NAME, "a pool name (lower-case letters, digits and '-', at most 30 characters)");
        if (o["name"] === undefined) {
            r.problems.add(`\`${path}.name\` is required.`);
        }
        if (name !== undefined && seen.has(name)) {
            r.problems.add(`\`${path}.name\` must be unique: "${name}" is used twice.`);
        }
        if (name !== undefined) {
            seen.add(name);
        }
        const minNodes = r.int(o["minNodes"], `${path}.minNodes`, d.minNodes, 0, 1000);
        const maxNodes = r.int(o["maxNodes"], `${path}.maxNodes`, d.maxNodes, 1, 1000);
        if (minNodes > maxNodes) {
            r.problems.add(`\`${path}.minNodes\` (${minNodes}) must not exceed \`${path}.maxNodes\` (${maxNodes}).`);
        }
        const labels = o["labels"];
        if (labels !== undefined && (!isObject(labels) || Object.values(labels).some(v => typeof v !== "string"))) {
            r.problems.add(`\`${path}.labels\` must be a map of Kubernetes label keys to string values.`);
        }
        return [{
            name: name ?? "",
            machineType: r.str(o["machineType"], `${path}.machineType`, /^[a-z0-9-]+$/, 'a machine type such as "e2-standard-4"') ?? d.machineType,
            minNodes,
            maxNodes,
            diskSizeGb: r.int(o["diskSizeGb"], `${path}.diskSizeGb`, d.diskSizeGb, 10, 65536),
            spot: r.bool(o["spot"], `${path}.spot`, d.spot),
            labels: isObject(labels) ? (labels as Readonly<Record<string, string>>) : {},
        }];
    });
}

function resolveRotation(r: Reader, value: unknown, byoKey: boolean): string {
    if (value === undefined) {
        return GKE_DEFAULTS.keyRotationPeriod;
    }
    if (byoKey) {
        r.problems.add("`keyRotationPeriod` and `secretsKey` conflict: a key you bring rotates as its owner sets it. Remove `keyRotationPeriod`, or drop `secretsKey` to let the component create a key.");
    }
    const m = typeof value === "string" ? DURATION.exec(value) : null;
    const seconds = m ? Number(m[1]) : NaN;
    if (!(seconds >= 86400 && seconds <= GKE_KEY_ROTATION_MAX_DAYS * 86400)) {
        r.problems.add(
            `\`keyRotationPeriod\` must be a duration in seconds between 1 and ${GKE_KEY_ROTATION_MAX_DAYS} days ("86400s" to "${GKE_KEY_ROTATION_MAX_DAYS * 86400}s"), not ${JSON.stringify(value)}: the Secrets key rotates at least every ${GKE_KEY_ROTATION_MAX_DAYS} days (CIS GCP 1.10).`,
        );
        return GKE_DEFAULTS.keyRotationPeriod;
    }
    return value as string;
}

/**
 * Applies GKE_DEFAULTS and validates every argument, reporting all problems at once in an
 * InvalidArgsError before any resource exists. Accepts untyped input (stack config YAML).
 */
export function resolveGkeArgs(input: GkeClusterArgs | Readonly<Record<string, unknown>>): ResolvedGkeArgs {
    const problems = new Problems();
    const r = new Reader(problems);
    if (!isObject(input)) {
        throw new InvalidArgsError("GkeCluster", ["the arguments must be an object of settings (`hcb:cluster` in the stack file)."]);
    }
    const args = input as Raw;
    for (const key of Object.keys(args)) {
        if (!(KNOWN_ARGS as readonly string[]).includes(key)) {
            problems.add(`\`${key}\` is not an argument of GkeCluster; the arguments are ${KNOWN_ARGS.join(", ")}.`);
        }
    }

    if (args["location"] === undefined) {
        problems.add('`location` is required: a region such as "europe-west1" (regional cluster) or a zone such as "europe-west1-b".');
    }
    const location = r.str(args["location"], "location", LOCATION, 'a GCP region such as "europe-west1" or a zone such as "europe-west1-b"') ?? "";
    const project = r.str(args["project"], "project", PROJECT, "a GCP project id (6-30 lower-case letters, digits and '-')");
    const releaseChannel = args["releaseChannel"] === undefined ? GKE_DEFAULTS.releaseChannel : (args["releaseChannel"] as GkeReleaseChannel);
    if (!RELEASE_CHANNELS.includes(releaseChannel)) {
        problems.add(`\`releaseChannel\` must be one of ${RELEASE_CHANNELS.join(", ")}, not ${JSON.stringify(args["releaseChannel"])}: clusters stay enrolled in a channel (CIS GKE 5.5.4).`);
    }
    const kubernetesVersion = r.str(args["kubernetesVersion"], "kubernetesVersion", /^[0-9]+\.[0-9]+(\.[0-9]+(-gke\.[0-9]+)?)?$/, 'a GKE version such as "1.33"');

    const network = resolveNetwork(r, args);
    const masterIpv4CidrBlock = r.cidr(args["masterIpv4CidrBlock"], "masterIpv4CidrBlock", GKE_DEFAULTS.masterIpv4CidrBlock);
    if (!masterIpv4CidrBlock.endsWith("/28")) {
        problems.add(`\`masterIpv4CidrBlock\` must be a /28 range (GKE's control-plane range), not "${masterIpv4CidrBlock}".`);
    }
    const masterAuthorizedNetworks = resolveAuthorizedNetworks(r, args["masterAuthorizedNetworks"]);
    const allowPublicEndpoint = r.bool(args["allowPublicEndpoint"], "allowPublicEndpoint", GKE_DEFAULTS.allowPublicEndpoint);
    if (allowPublicEndpoint && masterAuthorizedNetworks.length === 0) {
        problems.add("`allowPublicEndpoint: true` needs `masterAuthorizedNetworks`: a public endpoint is only opened to named ranges. List them, or use `dnsEndpoint` instead.");
    }

    const secretsKey = r.str(args["secretsKey"], "secretsKey", KEY_NAME, "a Cloud KMS key name, projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>");
    if (secretsKey !== undefined && location && !secretsKey.includes(`/locations/${gcpRegionOf(location)}/`)) {
        problems.add(`\`secretsKey\` must be in the cluster's region (${gcpRegionOf(location)}): GKE uses a key in the same location as the cluster.`);
    }
    const keyRotationPeriod = resolveRotation(r, args["keyRotationPeriod"], args["secretsKey"] !== undefined);

    const grantKeyToServiceAgent = r.bool(args["grantKeyToServiceAgent"], "grantKeyToServiceAgent", GKE_DEFAULTS.grantKeyToServiceAgent);
    if (!grantKeyToServiceAgent && args["secretsKey"] === undefined) {
        problems.add(
            "`grantKeyToServiceAgent: false` needs `secretsKey`: without it the component creates the Secrets key, and nobody outside this stack can grant the GKE service agent its role on that key, so the cluster could not use it (CIS GKE 5.3.1). Remove `grantKeyToServiceAgent`, or bring your own key with `secretsKey` and grant the role where the key is owned.",
        );
    }

    const nodeServiceAccount = r.str(args["nodeServiceAccount"], "nodeServiceAccount", EMAIL, "a service account email");
    if (nodeServiceAccount !== undefined && COMPUTE_DEFAULT.test(nodeServiceAccount)) {
        problems.add("`nodeServiceAccount` must not be the Compute Engine default service account, which holds Editor on the project (CIS GKE 5.2.1). Omit it to let the component create a dedicated account.");
    }
    const rbacSecurityGroup = r.str(args["rbacSecurityGroup"], "rbacSecurityGroup", /^gke-security-groups@[a-z0-9.-]+\.[a-z]+$/, 'the group "gke-security-groups@<your domain>" (GKE reads only that name)');

    const resolved: ResolvedGkeArgs = {
        ...(project !== undefined ? { project } : {}),
        location,
        region: gcpRegionOf(location),
        releaseChannel,
        ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        network,
        masterIpv4CidrBlock,
        masterAuthorizedNetworks,
        masterGlobalAccess: r.bool(args["masterGlobalAccess"], "masterGlobalAccess", GKE_DEFAULTS.masterGlobalAccess),
        dnsEndpoint: r.bool(args["dnsEndpoint"], "dnsEndpoint", GKE_DEFAULTS.dnsEndpoint),
        allowPublicEndpoint,
        ...(secretsKey !== undefined ? { secretsKey } : {}),
        keyRotationPeriod,
        grantKeyToServiceAgent,
        ...(nodeServiceAccount !== undefined ? { nodeServiceAccount } : {}),
        nodePools: resolveNodePools(r, args["nodePools"]),
        ...(rbacSecurityGroup !== undefined ? { rbacSecurityGroup } : {}),
        limitAnonymousAuthentication: r.bool(args["limitAnonymousAuthentication"], "limitAnonymousAuthentication", GKE_DEFAULTS.limitAnonymousAuthentication),
        enforceBinaryAuthorization: r.bool(args["enforceBinaryAuthorization"], "enforceBinaryAuthorization", GKE_DEFAULTS.enforceBinaryAuthorization),
        dataAccessAuditLogs: r.bool(args["dataAccessAuditLogs"], "dataAccessAuditLogs", GKE_DEFAULTS.dataAccessAuditLogs),
        deletionProtection: r.bool(args["deletionProtection"], "deletionProtection", GKE_DEFAULTS.deletionProtection),
        protect: r.bool(args["protect"], "protect", GKE_DEFAULTS.protect),
        resourceLabels: r.labels(args["resourceLabels"], "resourceLabels"),
    };
    problems.throwIfAny("GkeCluster");
    return resolved;
}
