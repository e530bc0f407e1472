/**
 * resolveGkeArgs: applies GKE_DEFAULTS field by field and validates every GkeCluster argument,
 * reporting all problems at once before any resource exists.
 */
import { GKE_KEY_ROTATION_MAX_DAYS } from "../controls/gke";
import { InvalidArgsError, Problems, checkReason, isCidr } from "../args";
import { Raw, Reader, isObject } from "./args-reader";
import {
    isRfc1918,
    overlaps,
    projectOfPath,
    resolveMaintenanceExclusions,
    resolveMaintenanceWindow,
    resolveWebhookPorts,
} from "./args-operations";
import { GKE_DEFAULTS, GkeAuthorizedNetwork, GkeClusterArgs, GkeReleaseChannel, RELEASE_CHANNELS, ResolvedGkeArgs, ResolvedGkeNodePool } from "./args";

const KNOWN_ARGS: readonly (keyof GkeClusterArgs)[] = [
    "project", "location", "releaseChannel", "kubernetesVersion", "network", "existingNetwork", "masterIpv4CidrBlock",
    "masterAuthorizedNetworks", "masterGlobalAccess", "dnsEndpoint", "allowPublicEndpoint", "secretsKey", "keyRotationPeriod",
    "grantKeyToServiceAgent", "nodeServiceAccount", "nodePools", "rbacSecurityGroup", "limitAnonymousAuthentication",
    "enforceBinaryAuthorization", "dataAccessAuditLogs", "deletionProtection", "protect", "resourceLabels", "ipEndpoints",
    "enableApis", "webhookPorts", "maintenanceWindow", "maintenanceExclusions", "intranodeVisibility", "bootDiskKmsKey",
    "binaryAuthorizationPolicy", "optOuts",
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
    const existing = r.object(args["existingNetwork"], "existingNetwork", ["network", "subnetwork", "podsRangeName", "servicesRangeName", "grantHostProjectRoles"]);
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
        const field = (k: "network" | "subnetwork" | "podsRangeName" | "servicesRangeName") => {
            const v = existing[k];
            if (typeof v !== "string" || v.length === 0) {
                r.problems.add(`\`existingNetwork.${k}\` must be a non-empty string (a name or self link).`);
                return "";
            }
            return v;
        };
        const subnetwork = field("subnetwork");
        const hostProject = projectOfPath(subnetwork);
        return {
            kind: "existing",
            network: field("network"),
            subnetwork,
            podsRangeName: field("podsRangeName"),
            servicesRangeName: field("servicesRangeName"),
            grantHostProjectRoles: r.bool(existing["grantHostProjectRoles"], "existingNetwork.grantHostProjectRoles", true),
            ...(hostProject !== undefined ? { hostProject } : {}),
        };
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
/** `projects/<project id>/attestors/<attestor id>` (gcp.binaryauthorization.Attestor `name` in a project). */
const ATTESTOR = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/attestors\/[A-Za-z0-9_-]+$/;
/**
 * `registry/path` with an optional trailing `*` or `**`, the wildcard only after the registry
 * (Binary Authorization API, AdmissionWhitelistPattern.namePattern).
 */
const EXEMPT_IMAGE = /^[a-z0-9.-]+(:[0-9]+)?\/[^*\s]*(\*|\*\*)?$/;

/**
 * The managed Binary Authorization policy and its opt-out: attestors are user input, so the
 * component refuses to guess them, and refuses to enforce the project's default policy (which
 * admits every image) without a written reason.
 */
function resolveBinaryAuthorization(r: Reader, args: Raw, enforce: boolean): Pick<ResolvedGkeArgs, "binaryAuthorizationPolicy" | "optOuts"> {
    const problems = r.problems;
    const optOutsRaw = r.object(args["optOuts"], "optOuts", ["binaryAuthorizationPolicy"]);
    const optOutRaw = optOutsRaw?.["binaryAuthorizationPolicy"];
    let optOut: { reason: string } | undefined;
    if (optOutRaw !== undefined) {
        const reason = isObject(optOutRaw) ? optOutRaw["reason"] : undefined;
        if (!isObject(optOutRaw) || Object.keys(optOutRaw).some(k => k !== "reason")) {
            problems.add("`optOuts.binaryAuthorizationPolicy` must be `{ reason }`.");
        } else if (checkReason(problems, reason, "optOuts.binaryAuthorizationPolicy.reason")) {
            optOut = { reason: reason.trim() };
        }
    }
    const policyRaw = r.object(args["binaryAuthorizationPolicy"], "binaryAuthorizationPolicy", ["attestors", "exemptImages"]);
    let policy: ResolvedGkeArgs["binaryAuthorizationPolicy"];
    if (policyRaw) {
        const attestors = policyRaw["attestors"];
        if (!Array.isArray(attestors) || attestors.length === 0 || attestors.some(a => typeof a !== "string" || !ATTESTOR.test(a))) {
            problems.add(
                `\`binaryAuthorizationPolicy.attestors\` must be a non-empty list of attestor names, \`projects/<project>/attestors/<attestor>\`, not ${JSON.stringify(attestors)}: ` +
                    "every image then needs an attestation by one of them.",
            );
        }
        const exempt = policyRaw["exemptImages"] ?? [];
        if (!Array.isArray(exempt) || exempt.some(e => typeof e !== "string" || !EXEMPT_IMAGE.test(e))) {
            problems.add(
                `\`binaryAuthorizationPolicy.exemptImages\` must be a list of image patterns \`registry/path\` with an optional trailing \`*\` or \`**\`, the wildcard after the registry (e.g. "europe-west1-docker.pkg.dev/my-project/upstream/**"), not ${JSON.stringify(exempt)}.`,
            );
        }
        if (Array.isArray(attestors) && Array.isArray(exempt)) {
            policy = { attestors: attestors.filter((a): a is string => typeof a === "string"), exemptImages: exempt.filter((e): e is string => typeof e === "string") };
        }
        if (!enforce) {
            problems.add("`binaryAuthorizationPolicy` and `enforceBinaryAuthorization: false` conflict: a policy the cluster does not enforce verifies nothing. Remove one.");
        }
        if (optOutRaw !== undefined) {
            problems.add("`binaryAuthorizationPolicy` and `optOuts.binaryAuthorizationPolicy` conflict: the stack either manages the project's policy or says why it does not. Remove one.");
        }
    } else if (enforce && optOutRaw === undefined) {
        problems.add(
            "`binaryAuthorizationPolicy` is required: the cluster enforces the project's Binary Authorization policy, and a project whose policy nobody manages admits every image (its default rule is ALWAYS_ALLOW). " +
                'Set `binaryAuthorizationPolicy: { attestors: ["projects/<project>/attestors/<attestor>"], exemptImages: ["<your add-on mirror>/**"] }`, ' +
                'or name the opt-out with its reason in `optOuts.binaryAuthorizationPolicy` (e.g. { reason: "the project\'s policy is managed by stack platform/binauthz" }).',
        );
    }
    return { ...(policy ? { binaryAuthorizationPolicy: policy } : {}), optOuts: optOut ? { binaryAuthorizationPolicy: optOut } : {} };
}

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
    if (network.kind === "existing" && args["masterIpv4CidrBlock"] === undefined) {
        problems.add(
            '`masterIpv4CidrBlock` is required with `existingNetwork`: the control plane\'s /28 must be unused in that VPC and its peers, and a default would collide with the next cluster there. Choose a free private /28 such as "172.16.0.16/28".',
        );
    }
    const masterIpv4CidrBlock = r.cidr(args["masterIpv4CidrBlock"], "masterIpv4CidrBlock", GKE_DEFAULTS.masterIpv4CidrBlock);
    if (!masterIpv4CidrBlock.endsWith("/28") || !isRfc1918(masterIpv4CidrBlock)) {
        problems.add(`\`masterIpv4CidrBlock\` must be a private (RFC 1918) /28 range (GKE's control-plane range), not "${masterIpv4CidrBlock}".`);
    } else if (network.kind === "new") {
        for (const [k, v] of Object.entries({ nodesCidr: network.nodesCidr, podsCidr: network.podsCidr, servicesCidr: network.servicesCidr })) {
            if (isCidr(v) && !v.includes(":") && overlaps(masterIpv4CidrBlock, v)) {
                problems.add(`\`masterIpv4CidrBlock\` (${masterIpv4CidrBlock}) must not overlap \`network.${k}\` (${v}).`);
            }
        }
    }
    const masterAuthorizedNetworks = resolveAuthorizedNetworks(r, args["masterAuthorizedNetworks"]);
    const allowPublicEndpoint = r.bool(args["allowPublicEndpoint"], "allowPublicEndpoint", GKE_DEFAULTS.allowPublicEndpoint);
    if (allowPublicEndpoint && masterAuthorizedNetworks.length === 0) {
        problems.add("`allowPublicEndpoint: true` needs `masterAuthorizedNetworks`: a public endpoint is only opened to named ranges. List them, or use `dnsEndpoint` instead.");
    }
    const dnsEndpoint = r.bool(args["dnsEndpoint"], "dnsEndpoint", GKE_DEFAULTS.dnsEndpoint);
    const ipEndpoints = r.bool(args["ipEndpoints"], "ipEndpoints", GKE_DEFAULTS.ipEndpoints);
    if (!ipEndpoints) {
        if (!dnsEndpoint) {
            problems.add("`ipEndpoints: false` needs `dnsEndpoint`: with both off nothing can reach the control plane. Remove `dnsEndpoint: false`.");
        }
        if (allowPublicEndpoint) {
            problems.add("`ipEndpoints: false` and `allowPublicEndpoint` conflict: a public endpoint is an IP endpoint. Remove `allowPublicEndpoint`.");
        }
        if (masterAuthorizedNetworks.length > 0) {
            problems.add("`ipEndpoints: false` and `masterAuthorizedNetworks` conflict: authorized networks filter the IP endpoints only; the DNS endpoint is gated by IAM. Remove `masterAuthorizedNetworks`.");
        }
    }
    const bootDiskKmsKey = r.str(args["bootDiskKmsKey"], "bootDiskKmsKey", KEY_NAME, "a Cloud KMS key name, projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>");
    if (bootDiskKmsKey !== undefined && location && !bootDiskKmsKey.includes(`/locations/${gcpRegionOf(location)}/`)) {
        problems.add(`\`bootDiskKmsKey\` must be in the cluster's region (${gcpRegionOf(location)}): Compute Engine encrypts a disk with a key in its own region.`);
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

    const enforceBinaryAuthorization = r.bool(args["enforceBinaryAuthorization"], "enforceBinaryAuthorization", GKE_DEFAULTS.enforceBinaryAuthorization);
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
        dnsEndpoint,
        ipEndpoints,
        allowPublicEndpoint,
        ...(secretsKey !== undefined ? { secretsKey } : {}),
        keyRotationPeriod,
        grantKeyToServiceAgent,
        ...(nodeServiceAccount !== undefined ? { nodeServiceAccount } : {}),
        nodePools: resolveNodePools(r, args["nodePools"]),
        ...(rbacSecurityGroup !== undefined ? { rbacSecurityGroup } : {}),
        limitAnonymousAuthentication: r.bool(args["limitAnonymousAuthentication"], "limitAnonymousAuthentication", GKE_DEFAULTS.limitAnonymousAuthentication),
        enforceBinaryAuthorization,
        dataAccessAuditLogs: r.bool(args["dataAccessAuditLogs"], "dataAccessAuditLogs", GKE_DEFAULTS.dataAccessAuditLogs),
        deletionProtection: r.bool(args["deletionProtection"], "deletionProtection", GKE_DEFAULTS.deletionProtection),
        protect: r.bool(args["protect"], "protect", GKE_DEFAULTS.protect),
        resourceLabels: r.labels(args["resourceLabels"], "resourceLabels"),
        enableApis: r.bool(args["enableApis"], "enableApis", GKE_DEFAULTS.enableApis),
        webhookPorts: resolveWebhookPorts(r, args["webhookPorts"]),
        maintenanceWindow: resolveMaintenanceWindow(r, args["maintenanceWindow"]),
        maintenanceExclusions: resolveMaintenanceExclusions(r, args["maintenanceExclusions"]),
        intranodeVisibility: r.bool(args["intranodeVisibility"], "intranodeVisibility", GKE_DEFAULTS.intranodeVisibility),
        ...(bootDiskKmsKey !== undefined ? { bootDiskKmsKey } : {}),
        ...resolveBinaryAuthorization(r, args, enforceBinaryAuthorization),
    };
    problems.throwIfAny("GkeCluster");
    return resolved;
}
