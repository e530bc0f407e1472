/**
 * resolveAksClusterArgs: applies AKS_CLUSTER_DEFAULTS field by field and validates everything,
 * reporting every problem at once before any resource exists. Arguments may come from a stack
 * file (`hcb:cluster`), so every value is checked for its type too.
 */
import * as net from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError, MIN_REASON_LENGTH, Problems, checkReason, isCidr } from "../args";
import {
    AKS_CLUSTER_DEFAULTS,
    AksClusterArgs,
    AksExistingKeyArgs,
    AksExistingNetworkArgs,
    AksGitOpsArgs,
    AksPrincipal,
    AksKubeloginMode,
    AksNetworkPolicyEngine,
    AksNodeOsUpgradeChannel,
    AksOutboundType,
    AksUpgradeChannel,
} from "./args";

export { InvalidArgsError };

export const COMPONENT = "AksCluster";

/** A pool with every default applied. */
export interface ResolvedNodePool {
    readonly name: string;
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
    readonly availabilityZones?: readonly string[];
    readonly osDiskSizeGB: number;
    readonly maxPods: number;
    readonly nodeLabels: Readonly<Record<string, string>>;
    readonly nodeTaints: readonly string[];
}

export interface ResolvedAksClusterArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    readonly kubernetesVersion?: string;
    readonly adminGroupObjectIds: readonly string[];
    readonly tenantId?: pulumi.Input<string>;
    readonly privateDnsZone: string;
    /** True when the public FQDN of the private cluster is kept (opted out). */
    readonly privateClusterPublicFqdn: boolean;
    readonly apiServerVnetIntegration: boolean;
    readonly deployers: readonly AksPrincipal[];
    readonly gitops?: Required<Omit<AksGitOpsArgs, "branch" | "commit">> & { readonly branch?: string; readonly commit?: string };
    readonly runnerNetwork?: { readonly description: string };
    /** Undefined when the API server is private (the default). */
    readonly publicApiServer?: { readonly authorizedIpRanges: readonly string[] };
    readonly disableRunCommand: boolean;
    readonly disableLocalAccounts: boolean;
    readonly network: {
        readonly existing?: AksExistingNetworkArgs;
        readonly vnetCidr: string;
        readonly nodeSubnetCidr: string;
        readonly apiServerSubnetCidr: string;
        readonly networkPolicy: AksNetworkPolicyEngine;
        readonly outboundType: AksOutboundType;
        readonly podCidr: string;
        readonly serviceCidr: string;
        readonly dnsServiceIP: string;
        readonly connectedCidrs: readonly string[];
    };
    /** Undefined when KMS encryption is opted out. */
    readonly encryption?: {
        readonly existingKey?: AksExistingKeyArgs;
        readonly keyVaultNetworkAccess: "Private" | "Public";
        readonly keyRotationDays: number;
    };
    readonly audit: {
        readonly category: "kube-audit-admin" | "kube-audit";
        readonly existingWorkspaceId?: pulumi.Input<string>;
        readonly retentionInDays: number;
    };
    readonly systemPool: ResolvedNodePool;
    readonly userPools: readonly ResolvedNodePool[];
    readonly encryptionAtHost: boolean;
    /** Set only when SSH is opted in. */
    readonly sshPublicKey?: string;
    readonly upgradeChannel: AksUpgradeChannel;
    readonly nodeOsUpgradeChannel: AksNodeOsUpgradeChannel;
    readonly azurePolicy: boolean;
    readonly defender: boolean;
    readonly containerInsights: boolean;
    readonly keyVaultSecretsProvider: boolean;
    readonly skuTier: "Standard" | "Premium";
    readonly protect: boolean;
    readonly deleteLock: boolean;
    readonly tags: Readonly<Record<string, string>>;
    readonly kubeloginMode: AksKubeloginMode;
    readonly diskEncryptionSetId?: pulumi.Input<string>;
}

const TOP_LEVEL_KEYS = [
    "resourceGroupName", "location", "kubernetesVersion", "adminGroupObjectIds", "deployers", "gitops", "runnerNetwork", "tenantId", "privateDnsZone",
    "apiServerVnetIntegration", "network", "encryption", "audit", "systemPool", "userPools", "upgradeChannel",
    "nodeOsUpgradeChannel", "defender", "containerInsights", "keyVaultSecretsProvider", "skuTier", "protect", "optOuts", "tags", "kubeloginMode", "diskEncryptionSetId",
];
const OPT_OUT_KEYS = [
    "publicApiServer", "runCommand", "secretsEncryption", "localAccounts", "encryptionAtHost", "nodeSsh", "azurePolicy", "deleteLock",
    "privateClusterPublicFqdn", "userPools",
];
/** A custom private DNS zone's name (MS docs private-clusters.md, "Configure a private DNS zone"): privatelink, or private with VNet integration, optionally under one subzone of at most 32 characters. */
const PRIVATE_ZONE_ID = /\/providers\/Microsoft\.Network\/privateDnsZones\/(?:([a-z0-9-]{1,32})\.)?(privatelink|private)\.([a-z0-9]+)\.azmk8s\.io$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const TAINT = /^[A-Za-z0-9][-A-Za-z0-9_./]*(=[-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/;
const K8S_VERSION = /^\d+\.\d+(\.\d+)?$/;

type Raw = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Raw {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !pulumi.Output.isInstance(v);
}

/** A plain string or a pulumi Output (values computed by other resources). */
function isStringInput(v: unknown): boolean {
    return (typeof v === "string" && v.trim().length > 0) || pulumi.Output.isInstance(v) || v instanceof Promise;
}

function checkKeys(problems: Problems, obj: Raw, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
        if (!allowed.includes(key)) {
            problems.add(`\`${path ? `${path}.` : ""}${key}\` is not an AksCluster argument: remove it or fix its spelling (one of ${allowed.join(", ")}).`);
        }
    }
}

function objectArg(problems: Problems, value: unknown, path: string): Raw {
    if (value === undefined) {
        return {};
    }
    if (!isObject(value)) {
        problems.add(`\`${path}\` must be an object of settings.`);
        return {};
    }
    return value;
}

function oneOf<T extends string>(problems: Problems, value: unknown, allowed: readonly T[], fallback: T, path: string, why = ""): T {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== "string" || !allowed.includes(value as T)) {
        problems.add(`\`${path}\` must be one of ${allowed.map(a => JSON.stringify(a)).join(", ")}, not ${JSON.stringify(value)}${why}.`);
        return fallback;
    }
    return value as T;
}

function bool(problems: Problems, value: unknown, fallback: boolean, path: string): boolean {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== "boolean") {
        problems.add(`\`${path}\` must be true or false, not ${JSON.stringify(value)}.`);
        return fallback;
    }
    return value;
}

function integer(problems: Problems, value: unknown, fallback: number, min: number, max: number, path: string, why = ""): number {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        problems.add(`\`${path}\` must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}${why}.`);
        return fallback;
    }
    return value;
}

function cidr(problems: Problems, value: unknown, fallback: string, path: string): string {
    if (value === undefined) {
        return fallback;
    }
    if (!isCidr(value)) {
        problems.add(`\`${path}\` must be a CIDR such as "10.224.0.0/16", not ${JSON.stringify(value)}.`);
        return fallback;
    }
    return value;
}

function ipv4ToInt(ip: string): number | undefined {
    const parts = ip.split(".").map(Number);
    return parts.length === 4 && parts.every(p => Number.isInteger(p) && p >= 0 && p <= 255)
        ? ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]
        : undefined;
}

/** True when IPv4 `inner` lies inside IPv4 `outer` (both valid CIDRs); false for IPv6. */
export function cidrContains(outer: string, inner: string): boolean {
    const [oIp, oBits] = outer.split("/");
    const [iIp, iBits] = inner.split("/");
    const o = ipv4ToInt(oIp);
    const i = ipv4ToInt(iIp);
    if (o === undefined || i === undefined || Number(iBits) < Number(oBits)) {
        return false;
    }
    const bits = Number(oBits);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((o & mask) >>> 0) === ((i & mask) >>> 0);
}

function stringMap(problems: Problems, value: unknown, path: string): Readonly<Record<string, string>> {
    if (value === undefined) {
        return {};
    }
    if (!isObject(value) || Object.values(value).some(v => typeof v !== "string")) {
        problems.add(`\`${path}\` must be an object of string values, e.g. { team: "platform" }.`);
        return {};
    }
    return value as Record<string, string>;
}

function resolvePool(problems: Problems, raw: unknown, defaults: { name: string; minCount: number; maxCount: number }, path: string, system: boolean): ResolvedNodePool {
    const pool = objectArg(problems, raw, path);
    checkKeys(problems, pool, ["name", "vmSize", "minCount", "maxCount", "availabilityZones", "osDiskSizeGB", "maxPods", "nodeLabels", "nodeTaints"], path);
    const name = pool["name"] ?? defaults.name;
    if (typeof name !== "string" || !POOL_NAME.test(name)) {
        problems.add(`\`${path}.name\` must be 1-12 lower-case letters and digits starting with a letter (an AKS rule), not ${JSON.stringify(name)}.`);
    }
    const vmSize = pool["vmSize"] ?? AKS_CLUSTER_DEFAULTS.vmSize;
    if (typeof vmSize !== "string" || !/^Standard_[A-Za-z0-9_]+$/.test(vmSize)) {
        problems.add(`\`${path}.vmSize\` must be an Azure VM size such as "Standard_D4ds_v5", not ${JSON.stringify(vmSize)}.`);
    }
    const minCount = integer(problems, pool["minCount"], defaults.minCount, system ? 1 : 0, 1000, `${path}.minCount`);
    const maxCount = integer(problems, pool["maxCount"], defaults.maxCount, 1, 1000, `${path}.maxCount`);
    if (minCount > maxCount) {
        problems.add(`\`${path}.minCount\` (${minCount}) must not exceed \`${path}.maxCount\` (${maxCount}): raise maxCount or lower minCount.`);
    }
    const zones = pool["availabilityZones"];
    if (zones !== undefined && (!Array.isArray(zones) || zones.length === 0 || zones.some(z => !["1", "2", "3"].includes(z as string)))) {
        problems.add(`\`${path}.availabilityZones\` must be a non-empty list of "1", "2" and "3", not ${JSON.stringify(zones)}.`);
    }
    const taints = pool["nodeTaints"] ?? [];
    if (!Array.isArray(taints) || taints.some(t => typeof t !== "string" || !TAINT.test(t))) {
        problems.add(`\`${path}.nodeTaints\` must be a list of taints "key=value:Effect" (NoSchedule, PreferNoSchedule or NoExecute), not ${JSON.stringify(taints)}.`);
    }
    return {
        name: name as string,
        vmSize: vmSize as string,
        minCount,
        maxCount,
        ...(Array.isArray(zones) ? { availabilityZones: zones as string[] } : {}),
        osDiskSizeGB: integer(problems, pool["osDiskSizeGB"], AKS_CLUSTER_DEFAULTS.osDiskSizeGB, 30, 2048, `${path}.osDiskSizeGB`),
        // CKV_AZURE_168: at least 50 pods per node; AKS caps at 250.
        maxPods: integer(problems, pool["maxPods"], AKS_CLUSTER_DEFAULTS.maxPods, 50, 250, `${path}.maxPods`, " (CKV_AZURE_168 asks for at least 50)"),
        nodeLabels: stringMap(problems, pool["nodeLabels"], `${path}.nodeLabels`),
        nodeTaints: Array.isArray(taints) ? (taints as string[]) : [],
    };
}

function optOutReason(problems: Problems, optOuts: Raw, key: string): Raw | undefined {
    const value = optOuts[key];
    if (value === undefined) {
        return undefined;
    }
    const path = `optOuts.${key}`;
    if (!isObject(value)) {
        problems.add(`\`${path}\` must be an object with a \`reason\` of at least ${MIN_REASON_LENGTH} characters.`);
        return {};
    }
    checkReason(problems, value["reason"], `${path}.reason`);
    return value;
}

const VNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i;

/**
 * True when the control plane needs Network Contributor on a brought VNet itself, not only its
 * subnets: AKS links the system zone to a custom-DNS spoke VNet, and a custom zone needs Network
 * Contributor beside Private DNS Zone Contributor (MS docs private-clusters.md).
 */
export function needsVnetRole(customDns: boolean, privateDnsZone: unknown): boolean {
    return (customDns && privateDnsZone === "system") || (typeof privateDnsZone === "string" && privateDnsZone.startsWith("/subscriptions/"));
}

/** The VNet id of a plain subnet id, or undefined. */
export function vnetIdOf(subnetId: string): string | undefined {
    const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
    return m ? m[1] : undefined;
}

/** True when two IPv4 CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
    return cidrContains(a, b) || cidrContains(b, a);
}

/**
 * The address plan (MS docs concepts-network-azure-cni-overlay.md, "Kubernetes service address
 * range" and "Kubernetes service IP address for DNS"; concepts-network-ip-address-planning.md): the
 * service range is smaller than /12 and overlaps neither the VNet, the pods nor a connected network;
 * the pod range overlaps neither; the DNS IP is inside the service range and not its first address.
 * IPv4 only (the component builds IPv4 clusters).
 */
function checkAddressPlan(
    problems: Problems,
    plan: { vnet: readonly (readonly [string, string])[]; podCidr: string; serviceCidr: string; dnsServiceIP: unknown; connectedCidrs: readonly string[] },
): void {
    const { podCidr, serviceCidr } = plan;
    const ranges: [string, string][] = [...plan.vnet.map(([k, v]) => [`\`${k}\` (${v})`, v] as [string, string]), ...plan.connectedCidrs.map(c => [`connected range ${c}`, c] as [string, string])];
    if (isCidr(serviceCidr)) {
        if (Number(serviceCidr.split("/")[1]) <= 12) {
            problems.add(`\`network.serviceCidr\` (${serviceCidr}) must be smaller than /12 (an AKS rule): e.g. "10.0.0.0/16".`);
        }
        if (isCidr(podCidr) && cidrsOverlap(serviceCidr, podCidr)) {
            problems.add(`\`network.serviceCidr\` (${serviceCidr}) must not overlap \`network.podCidr\` (${podCidr}).`);
        }
        for (const [label, range] of ranges) {
            if (cidrsOverlap(serviceCidr, range)) {
                problems.add(`\`network.serviceCidr\` (${serviceCidr}) must not overlap ${label}: services there would be unreachable. Choose a free private range.`);
            }
        }
    }
    if (isCidr(podCidr)) {
        for (const [label, range] of ranges) {
            if (cidrsOverlap(podCidr, range)) {
                problems.add(`\`network.podCidr\` (${podCidr}) must not overlap ${label}: pods could not reach those hosts. Choose a free private range.`);
            }
        }
    }
    const ip = plan.dnsServiceIP;
    if (typeof ip !== "string" || !net.isIPv4(ip)) {
        problems.add(`\`network.dnsServiceIP\` must be an IPv4 address inside \`network.serviceCidr\`, not ${JSON.stringify(ip)}.`);
    } else if (isCidr(serviceCidr)) {
        const [base] = serviceCidr.split("/");
        if (!cidrContains(serviceCidr, `${ip}/32`)) {
            problems.add(`\`network.dnsServiceIP\` (${ip}) must lie inside \`network.serviceCidr\` (${serviceCidr}).`);
        } else if (ip === base || ip === nextAddress(base)) {
            problems.add(`\`network.dnsServiceIP\` (${ip}) must not be the network or first address of \`network.serviceCidr\`: the first is kubernetes.default. Use e.g. the .10 address.`);
        }
    }
}

function nextAddress(ip: string): string {
    const p = ip.split(".").map(Number);
    const n = (((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3] + 1) >>> 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function resolveDeployers(problems: Problems, raw: unknown): AksPrincipal[] {
    if (raw === undefined) {
        return [];
    }
    if (!Array.isArray(raw)) {
        problems.add("`deployers` must be a list of { objectId, principalType } (an empty list for none).");
        return [];
    }
    const out: AksPrincipal[] = [];
    raw.forEach((entry, i) => {
        const path = `deployers[${i}]`;
        const d = objectArg(problems, entry, path);
        checkKeys(problems, d, ["objectId", "principalType"], path);
        const objectId = d["objectId"];
        if (typeof objectId !== "string" || !GUID.test(objectId)) {
            problems.add(
                `\`${path}.objectId\` must be an Entra object id (a GUID), not ${JSON.stringify(objectId)}: ` +
                    "`az ad sp show --id <appId> --query id` for a service principal, `az ad signed-in-user show --query id` for yourself.",
            );
        }
        const principalType = oneOf(problems, d["principalType"], ["User", "Group", "ServicePrincipal"] as const, "ServicePrincipal", `${path}.principalType`);
        if (d["principalType"] === undefined) {
            problems.add(`\`${path}.principalType\` is required: "User", "Group" or "ServicePrincipal" (a managed identity is a ServicePrincipal).`);
        }
        out.push({ objectId: objectId as string, principalType });
    });
    const ids = out.map(d => String(d.objectId).toLowerCase());
    if (new Set(ids).size !== ids.length) {
        problems.add("`deployers` names the same objectId twice: list each identity once.");
    }
    return out;
}

function resolveGitOps(problems: Problems, raw: unknown): ResolvedAksClusterArgs["gitops"] {
    if (raw === undefined) {
        return undefined;
    }
    const g = objectArg(problems, raw, "gitops");
    checkKeys(problems, g, ["url", "branch", "commit", "path", "syncIntervalInSeconds"], "gitops");
    const url = g["url"];
    if (typeof url !== "string" || !/^https:\/\/[^\s/]+\/\S+$/.test(url)) {
        problems.add(`\`gitops.url\` must be the HTTPS URL of the Git repository holding the rendered baseline, not ${JSON.stringify(url)}.`);
    }
    if (g["branch"] !== undefined && g["commit"] !== undefined) {
        problems.add("`gitops.branch` conflicts with `gitops.commit`: follow a branch or pin a commit, not both.");
    }
    const branch = g["branch"];
    if (branch !== undefined && (typeof branch !== "string" || !/^[A-Za-z0-9._/-]+$/.test(branch))) {
        problems.add(`\`gitops.branch\` must be a branch name, not ${JSON.stringify(branch)}.`);
    }
    const commit = g["commit"];
    if (commit !== undefined && (typeof commit !== "string" || !/^[0-9a-f]{40}$/.test(commit))) {
        problems.add(`\`gitops.commit\` must be a full commit hash (40 lower-case hex characters), not ${JSON.stringify(commit)}.`);
    }
    const path = g["path"] ?? AKS_CLUSTER_DEFAULTS.gitopsPath;
    if (typeof path !== "string" || path.includes("..") || !/^[A-Za-z0-9._/-]+$/.test(path)) {
        problems.add(`\`gitops.path\` must be a directory of the repository such as "./clusters/prod", not ${JSON.stringify(path)}.`);
    }
    return {
        url: url as string,
        ...(typeof commit === "string" ? { commit } : { branch: typeof branch === "string" ? branch : AKS_CLUSTER_DEFAULTS.gitopsBranch }),
        path: path as string,
        syncIntervalInSeconds: integer(problems, g["syncIntervalInSeconds"], AKS_CLUSTER_DEFAULTS.gitopsSyncIntervalInSeconds, 60, 86400, "gitops.syncIntervalInSeconds"),
    };
}

/**
 * Applies AKS_CLUSTER_DEFAULTS and validates; throws one InvalidArgsError listing every problem,
 * each naming the property, the rule and the fix.
 */
export function resolveAksClusterArgs(input: AksClusterArgs): ResolvedAksClusterArgs {
    const problems = new Problems();
    const args: Raw = isObject(input) ? (input as unknown as Raw) : {};
    if (!isObject(input)) {
        problems.add("AksCluster arguments must be an object: give at least `resourceGroupName`, `location` and `adminGroupObjectIds`.");
    }
    checkKeys(problems, args, TOP_LEVEL_KEYS, "");
    const D = AKS_CLUSTER_DEFAULTS;

    for (const key of ["resourceGroupName", "location"]) {
        if (!isStringInput(args[key])) {
            problems.add(`\`${key}\` is required: give the ${key === "location" ? 'Azure region, e.g. "westeurope"' : "name of an existing resource group"}.`);
        }
    }
    if (args["tenantId"] !== undefined && !isStringInput(args["tenantId"])) {
        problems.add("`tenantId` must be the Entra tenant id, or left unset to use the deploying identity's tenant.");
    }
    const version = args["kubernetesVersion"];
    if (version !== undefined && (typeof version !== "string" || !K8S_VERSION.test(version))) {
        problems.add(`\`kubernetesVersion\` must look like "1.33" or "1.33.2", not ${JSON.stringify(version)}; or leave it unset for the AKS default.`);
    }
    const admins = args["adminGroupObjectIds"];
    if (!Array.isArray(admins) || admins.length === 0 || admins.some(a => typeof a !== "string" || !GUID.test(a))) {
        problems.add(
            "`adminGroupObjectIds` must list at least one Entra group object id (a GUID): with local accounts disabled, " +
                "these groups are the only way in as cluster admin. Create a group and give its object id.",
        );
    }
    const dnsZone = args["privateDnsZone"] ?? D.privateDnsZone;
    const vnetIntegration = bool(problems, args["apiServerVnetIntegration"], D.apiServerVnetIntegration, "apiServerVnetIntegration");
    if (typeof dnsZone !== "string" || !(dnsZone === "system" || dnsZone === "none" || dnsZone.startsWith("/subscriptions/"))) {
        problems.add(`\`privateDnsZone\` must be "system", "none" or a private DNS zone resource id, not ${JSON.stringify(dnsZone)}.`);
    } else if (dnsZone.startsWith("/subscriptions/")) {
        const m = PRIVATE_ZONE_ID.exec(dnsZone);
        if (!m) {
            problems.add(
                `\`privateDnsZone\` must name a zone "privatelink.<region>.azmk8s.io" (or "private.<region>.azmk8s.io" with API server VNet integration), ` +
                    `optionally under one subzone, not ${JSON.stringify(dnsZone)}: AKS refuses other zone names.`,
            );
        } else {
            if (m[2].toLowerCase() === "private" && !vnetIntegration) {
                problems.add('`privateDnsZone` "private.<region>.azmk8s.io" is for API server VNet integration: use a "privatelink.<region>.azmk8s.io" zone, or turn `apiServerVnetIntegration` on.');
            }
            const location = args["location"];
            if (typeof location === "string" && m[3].toLowerCase() !== location.toLowerCase().replace(/\s+/g, "")) {
                problems.add(`\`privateDnsZone\` is for region "${m[3]}" but \`location\` is "${location}": use the zone of the cluster's region.`);
            }
        }
    }

    // Opt-outs: each named, each with a reason.
    const optOuts = objectArg(problems, args["optOuts"], "optOuts");
    checkKeys(problems, optOuts, OPT_OUT_KEYS, "optOuts");
    const publicApi = optOutReason(problems, optOuts, "publicApiServer");
    let publicApiServer: ResolvedAksClusterArgs["publicApiServer"];
    if (publicApi !== undefined) {
        const ranges = publicApi["authorizedIpRanges"];
        if (!Array.isArray(ranges) || ranges.length === 0 || ranges.some(r => !isCidr(r) || /\/0$/.test(r as string))) {
            problems.add(
                "`optOuts.publicApiServer.authorizedIpRanges` must list the CIDRs allowed to reach the public API server (none of them /0), " +
                    `not ${JSON.stringify(ranges)}: e.g. ["203.0.113.0/24"] for your office or CI egress.`,
            );
        }
        publicApiServer = { authorizedIpRanges: Array.isArray(ranges) ? (ranges as string[]) : [] };
    }
    const sshOptOut = optOutReason(problems, optOuts, "nodeSsh");
    if (sshOptOut !== undefined && (typeof sshOptOut["publicKey"] !== "string" || !/^(ssh-(rsa|ed25519)|ecdsa-sha2-\S+) \S+/.test(sshOptOut["publicKey"]))) {
        problems.add("`optOuts.nodeSsh.publicKey` must be an OpenSSH public key (\"ssh-ed25519 AAAA...\"): nodes take SSH only with a key.");
    }
    const kmsOptOut = optOutReason(problems, optOuts, "secretsEncryption");
    const runCommandOptOut = optOutReason(problems, optOuts, "runCommand");
    const localAccountsOptOut = optOutReason(problems, optOuts, "localAccounts");
    const hostEncryptionOptOut = optOutReason(problems, optOuts, "encryptionAtHost");
    const azurePolicyOptOut = optOutReason(problems, optOuts, "azurePolicy");
    const deleteLockOptOut = optOutReason(problems, optOuts, "deleteLock");
    const publicFqdnOptOut = optOutReason(problems, optOuts, "privateClusterPublicFqdn");
    const userPoolsOptOut = optOutReason(problems, optOuts, "userPools");
    if (dnsZone === "none" && publicFqdnOptOut === undefined && publicApi === undefined) {
        problems.add(
            '`privateDnsZone: "none"` is supported by AKS only with the public FQDN on (MS docs private-clusters.md): use "system" or a custom zone id, ' +
                "or keep the public FQDN with `optOuts.privateClusterPublicFqdn` (a public DNS name for the private address, flagged by the pack).",
        );
    }
    if (publicFqdnOptOut !== undefined && publicApi !== undefined) {
        problems.add("`optOuts.privateClusterPublicFqdn` conflicts with `optOuts.publicApiServer`: a public API server has a public FQDN already. Remove one.");
    }

    // Network.
    const network = objectArg(problems, args["network"], "network");
    checkKeys(problems, network, ["existing", "vnetCidr", "nodeSubnetCidr", "apiServerSubnetCidr", "networkPolicy", "outboundType", "podCidr", "serviceCidr", "dnsServiceIP", "connectedCidrs"], "network");
    let existing: AksExistingNetworkArgs | undefined;
    if (network["existing"] !== undefined) {
        const e = objectArg(problems, network["existing"], "network.existing");
        checkKeys(problems, e, ["nodeSubnetId", "apiServerSubnetId", "customDns", "vnetId", "routeTableId"], "network.existing");
        const customDns = bool(problems, e["customDns"], false, "network.existing.customDns");
        if (needsVnetRole(customDns, dnsZone) && e["vnetId"] === undefined && !(typeof e["nodeSubnetId"] === "string" && vnetIdOf(e["nodeSubnetId"]) !== undefined)) {
            problems.add(
                "`network.existing.vnetId` is required when `nodeSubnetId` is not a plain subnet id and the control plane needs Network Contributor on the VNet " +
                    "(custom DNS servers with the system zone, or a custom private DNS zone).",
            );
        }
        if (e["vnetId"] !== undefined && (!isStringInput(e["vnetId"]) || (typeof e["vnetId"] === "string" && !VNET_ID.test(e["vnetId"])))) {
            problems.add("`network.existing.vnetId` must be a VNet resource id (…/providers/Microsoft.Network/virtualNetworks/<name>).");
        }
        const rt = e["routeTableId"];
        if (rt !== undefined && (!isStringInput(rt) || (typeof rt === "string" && !/\/providers\/Microsoft\.Network\/routeTables\/[^/]+$/i.test(rt)))) {
            problems.add("`network.existing.routeTableId` must be a route table resource id (…/providers/Microsoft.Network/routeTables/<name>).");
        }
        if (!isStringInput(e["nodeSubnetId"])) {
            problems.add("`network.existing.nodeSubnetId` is required with `network.existing`: give the nodes' subnet resource id.");
        }
        if (vnetIntegration && !isStringInput(e["apiServerSubnetId"])) {
            problems.add(
                "`network.existing.apiServerSubnetId` is required while `apiServerVnetIntegration` is true: give a /28 subnet delegated to " +
                    "Microsoft.ContainerService/managedClusters, or set `apiServerVnetIntegration: false` (then a private Key Vault cannot be used).",
            );
        }
        for (const key of ["vnetCidr", "nodeSubnetCidr", "apiServerSubnetCidr"]) {
            if (network[key] !== undefined) {
                problems.add(`\`network.${key}\` conflicts with \`network.existing\`: the component creates no VNet when you bring subnets. Remove one.`);
            }
        }
        existing = e as unknown as AksExistingNetworkArgs;
    }
    const vnetCidr = cidr(problems, network["vnetCidr"], D.vnetCidr, "network.vnetCidr");
    const nodeSubnetCidr = cidr(problems, network["nodeSubnetCidr"], D.nodeSubnetCidr, "network.nodeSubnetCidr");
    const apiServerSubnetCidr = cidr(problems, network["apiServerSubnetCidr"], D.apiServerSubnetCidr, "network.apiServerSubnetCidr");
    if (existing === undefined) {
        for (const [key, value] of [["nodeSubnetCidr", nodeSubnetCidr], ["apiServerSubnetCidr", apiServerSubnetCidr]] as const) {
            if (isCidr(value) && isCidr(vnetCidr) && !cidrContains(vnetCidr, value)) {
                problems.add(`\`network.${key}\` (${value}) must lie inside \`network.vnetCidr\` (${vnetCidr}).`);
            }
        }
        if (isCidr(nodeSubnetCidr) && isCidr(apiServerSubnetCidr) && (cidrContains(nodeSubnetCidr, apiServerSubnetCidr) || cidrContains(apiServerSubnetCidr, nodeSubnetCidr))) {
            problems.add(`\`network.apiServerSubnetCidr\` (${apiServerSubnetCidr}) must not overlap \`network.nodeSubnetCidr\` (${nodeSubnetCidr}).`);
        }
        if (Number(apiServerSubnetCidr.split("/")[1]) > 28) {
            problems.add(`\`network.apiServerSubnetCidr\` must be /28 or larger (an AKS rule for API server VNet integration), not ${apiServerSubnetCidr}.`);
        }
    }
    const networkPolicy = oneOf(problems, network["networkPolicy"], ["cilium", "azure", "calico"] as const, D.networkPolicy, "network.networkPolicy",
        ": the in-cluster default deny needs an engine");
    const outboundType = oneOf(problems, network["outboundType"], ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"] as const,
        D.outboundType, "network.outboundType");
    const podCidr = cidr(problems, network["podCidr"], D.podCidr, "network.podCidr");
    if (outboundType === "userDefinedRouting") {
        if (existing === undefined) {
            problems.add(
                '`network.outboundType` "userDefinedRouting" needs a route table with a default route on the node subnet, which a VNet created here lacks: ' +
                    "bring the subnets with `network.existing` and their `routeTableId`, or use another outbound type.",
            );
        } else if ((existing as unknown as Raw)["routeTableId"] === undefined) {
            problems.add(
                '`network.existing.routeTableId` is required with `outboundType: "userDefinedRouting"`: the control plane needs route rights on the node subnet\'s route table ' +
                    "(MS docs aks-service-permissions.md), which the component grants.",
            );
        }
    }
    const serviceCidr = cidr(problems, network["serviceCidr"], D.serviceCidr, "network.serviceCidr");
    const dnsServiceIP = network["dnsServiceIP"] ?? D.dnsServiceIP;
    const connectedRaw = network["connectedCidrs"] ?? [];
    const connectedCidrs: string[] = [];
    if (!Array.isArray(connectedRaw) || connectedRaw.some(c => !isCidr(c))) {
        problems.add(`\`network.connectedCidrs\` must be a list of CIDRs (peered VNets, hub, on-premises), not ${JSON.stringify(connectedRaw)}.`);
    } else {
        connectedCidrs.push(...(connectedRaw as string[]));
    }
    checkAddressPlan(problems, {
        vnet: existing === undefined ? [["network.vnetCidr", vnetCidr]] : [],
        podCidr,
        serviceCidr,
        dnsServiceIP,
        connectedCidrs,
    });

    // Encryption.
    const encryptionRaw = objectArg(problems, args["encryption"], "encryption");
    checkKeys(problems, encryptionRaw, ["existingKey", "keyVaultNetworkAccess", "keyRotationDays"], "encryption");
    let encryption: ResolvedAksClusterArgs["encryption"];
    if (kmsOptOut !== undefined && Object.keys(encryptionRaw).length > 0) {
        problems.add("`encryption` conflicts with `optOuts.secretsEncryption`: remove the opt-out to encrypt Secrets with a Key Vault key, or remove `encryption`.");
    }
    if (kmsOptOut === undefined) {
        const keyVaultNetworkAccess = oneOf(problems, encryptionRaw["keyVaultNetworkAccess"], ["Private", "Public"] as const, D.keyVaultNetworkAccess, "encryption.keyVaultNetworkAccess");
        if (keyVaultNetworkAccess === "Private" && !vnetIntegration) {
            problems.add(
                '`encryption.keyVaultNetworkAccess` "Private" needs `apiServerVnetIntegration: true` (AKS reaches a private vault from the API server subnet): ' +
                    'turn VNet integration back on, or set `encryption.keyVaultNetworkAccess: "Public"`.',
            );
        }
        let existingKey: AksExistingKeyArgs | undefined;
        if (encryptionRaw["existingKey"] !== undefined) {
            const k = objectArg(problems, encryptionRaw["existingKey"], "encryption.existingKey");
            checkKeys(problems, k, ["keyId", "keyVaultResourceId"], "encryption.existingKey");
            const keyId = k["keyId"];
            if (!isStringInput(keyId) || (typeof keyId === "string" && !/^https:\/\/[^/]+\/keys\/[^/]+\/[^/]+$/.test(keyId))) {
                problems.add("`encryption.existingKey.keyId` must be a versioned key identifier, https://<vault>.vault.azure.net/keys/<name>/<version>.");
            }
            const vaultId = k["keyVaultResourceId"];
            if (!isStringInput(vaultId) || (typeof vaultId === "string" && !/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(vaultId))) {
                problems.add("`encryption.existingKey.keyVaultResourceId` must be the vault's resource id (…/providers/Microsoft.KeyVault/vaults/<name>): its key roles are granted there.");
            }
            existingKey = k as unknown as AksExistingKeyArgs;
        }
        encryption = {
            ...(existingKey ? { existingKey } : {}),
            keyVaultNetworkAccess,
            // Key Vault rotation policies take at least 7 days after creation.
            keyRotationDays: integer(problems, encryptionRaw["keyRotationDays"], D.keyRotationDays, 7, 730, "encryption.keyRotationDays"),
        };
    }

    // Audit.
    const auditRaw = objectArg(problems, args["audit"], "audit");
    checkKeys(problems, auditRaw, ["level", "existingWorkspaceId", "retentionInDays"], "audit");
    const level = oneOf(problems, auditRaw["level"], ["admin", "full"] as const, D.auditLevel, "audit.level");
    if (auditRaw["existingWorkspaceId"] !== undefined && !isStringInput(auditRaw["existingWorkspaceId"])) {
        problems.add("`audit.existingWorkspaceId` must be a Log Analytics workspace resource id.");
    }
    if (auditRaw["existingWorkspaceId"] !== undefined && auditRaw["retentionInDays"] !== undefined) {
        problems.add("`audit.retentionInDays` conflicts with `audit.existingWorkspaceId`: retention is set on the workspace you bring. Remove one.");
    }
    const audit = {
        category: level === "full" ? ("kube-audit" as const) : ("kube-audit-admin" as const),
        ...(auditRaw["existingWorkspaceId"] !== undefined ? { existingWorkspaceId: auditRaw["existingWorkspaceId"] as pulumi.Input<string> } : {}),
        retentionInDays: integer(problems, auditRaw["retentionInDays"], D.retentionInDays, 30, 730, "audit.retentionInDays"),
    };

    // Pools.
    const systemPool = resolvePool(problems, args["systemPool"], D.systemPool, "systemPool", true);
    const userPoolsRaw = args["userPools"] ?? D.userPools;
    let userPools: ResolvedNodePool[] = [];
    if (!Array.isArray(userPoolsRaw)) {
        problems.add("`userPools` must be a list of node pools (an empty list for none).");
    } else {
        userPools = userPoolsRaw.map((p, i) => resolvePool(problems, p, { name: "", minCount: 1, maxCount: 5 }, `userPools[${i}]`, false));
        if (userPools.length === 0 && userPoolsOptOut === undefined) {
            problems.add(
                "`userPools` must hold at least one pool: the system pool is tainted CriticalAddonsOnly, so workloads and Flux would have nowhere to run. " +
                    "Add a pool, or set `optOuts.userPools` with a reason when pools are managed elsewhere.",
            );
        }
        if (userPools.length > 0 && userPoolsOptOut !== undefined) {
            problems.add("`optOuts.userPools` conflicts with `userPools`: remove the opt-out, or give `userPools: []`.");
        }
        const names = [systemPool.name, ...userPools.map(p => p.name)];
        const dupes = names.filter((n, i) => names.indexOf(n) !== i);
        if (dupes.length > 0) {
            problems.add(`Node pool names must be unique across \`systemPool\` and \`userPools\`: ${[...new Set(dupes)].join(", ")} repeats.`);
        }
    }

    const des = args["diskEncryptionSetId"];
    if (des !== undefined && (!isStringInput(des) || (typeof des === "string" && !/\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i.test(des)))) {
        problems.add("`diskEncryptionSetId` must be a disk encryption set resource id (…/providers/Microsoft.Compute/diskEncryptionSets/<name>), or left unset.");
    }

    const deployers = resolveDeployers(problems, args["deployers"]);
    const gitops = resolveGitOps(problems, args["gitops"]);
    let runnerNetwork: ResolvedAksClusterArgs["runnerNetwork"];
    if (args["runnerNetwork"] !== undefined) {
        const r = objectArg(problems, args["runnerNetwork"], "runnerNetwork");
        checkKeys(problems, r, ["description"], "runnerNetwork");
        const d = r["description"];
        if (typeof d !== "string" || d.trim().length < MIN_REASON_LENGTH) {
            problems.add(`\`runnerNetwork.description\` must say where the runner sits and how it resolves the private API name, in at least ${MIN_REASON_LENGTH} characters.`);
        }
        if (existing === undefined && publicApiServer === undefined) {
            problems.add(
                "`runnerNetwork` needs `network.existing`: no runner can sit in a VNet this same run creates. Bring the network the runner is in or peered to, " +
                    "or deliver the baseline with `gitops`, or run the baseline as a later stage from inside the network.",
            );
        }
        runnerNetwork = { description: typeof d === "string" ? d : "" };
    }

    const resolved: ResolvedAksClusterArgs = {
        resourceGroupName: args["resourceGroupName"] as pulumi.Input<string>,
        location: args["location"] as pulumi.Input<string>,
        ...(typeof version === "string" ? { kubernetesVersion: version } : {}),
        adminGroupObjectIds: Array.isArray(admins) ? (admins as string[]) : [],
        ...(args["tenantId"] !== undefined ? { tenantId: args["tenantId"] as pulumi.Input<string> } : {}),
        privateDnsZone: dnsZone as string,
        privateClusterPublicFqdn: publicFqdnOptOut !== undefined,
        apiServerVnetIntegration: vnetIntegration,
        deployers,
        ...(gitops ? { gitops } : {}),
        ...(runnerNetwork ? { runnerNetwork } : {}),
        ...(publicApiServer ? { publicApiServer } : {}),
        disableRunCommand: runCommandOptOut === undefined,
        disableLocalAccounts: localAccountsOptOut === undefined,
        network: { ...(existing ? { existing } : {}), vnetCidr, nodeSubnetCidr, apiServerSubnetCidr, networkPolicy, outboundType, podCidr, serviceCidr, dnsServiceIP: dnsServiceIP as string, connectedCidrs },
        ...(encryption ? { encryption } : {}),
        audit,
        systemPool,
        userPools,
        encryptionAtHost: hostEncryptionOptOut === undefined,
        ...(sshOptOut !== undefined && typeof sshOptOut["publicKey"] === "string" ? { sshPublicKey: sshOptOut["publicKey"] } : {}),
        upgradeChannel: oneOf(problems, args["upgradeChannel"], ["patch", "stable", "rapid", "node-image"] as const, D.upgradeChannel, "upgradeChannel",
            ': "none" is not offered, security patches must arrive without a human'),
        nodeOsUpgradeChannel: oneOf(problems, args["nodeOsUpgradeChannel"], ["NodeImage", "SecurityPatch"] as const, D.nodeOsUpgradeChannel, "nodeOsUpgradeChannel"),
        azurePolicy: azurePolicyOptOut === undefined,
        defender: bool(problems, args["defender"], D.defender, "defender"),
        containerInsights: bool(problems, args["containerInsights"], D.containerInsights, "containerInsights"),
        keyVaultSecretsProvider: bool(problems, args["keyVaultSecretsProvider"], D.keyVaultSecretsProvider, "keyVaultSecretsProvider"),
        skuTier: oneOf(problems, args["skuTier"], ["Standard", "Premium"] as const, D.skuTier, "skuTier", " (the Free tier has no API server SLA)"),
        protect: bool(problems, args["protect"], D.protect, "protect"),
        deleteLock: deleteLockOptOut === undefined,
        tags: stringMap(problems, args["tags"], "tags"),
        ...(des !== undefined ? { diskEncryptionSetId: des as pulumi.Input<string> } : {}),
        kubeloginMode: oneOf(problems, args["kubeloginMode"], ["azurecli", "workloadidentity", "spn", "msi", "devicecode"] as const, D.kubeloginMode, "kubeloginMode"),
    };
    problems.throwIfAny(COMPONENT);
    return resolved;
}
