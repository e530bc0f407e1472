/**
 * `resolveEksArgs()`: applies EKS_DEFAULTS once and validates everything (all problems at once)
 * before any resource exists. The arguments arrive from code or from the stack's `hcb:cluster`
 * YAML, so every field is checked for its type too.
 */
import * as net from "node:net";
import type * as pulumi from "@pulumi/pulumi";
import { CLOUDWATCH_RETENTION_DAYS, EKS_ACCESS_POLICY_NAMES, EKS_ADDONS, EKS_AMI_TYPE_PREFIXES, EKS_MIN_PUBLIC_PREFIX } from "../controls/eks";
import { CidrRange, addressesOfPrefix, coveredAddresses, isPrivateCidr, parseCidrRange } from "./cidr";
import { EKS_DEFAULTS, EksClusterArgs, EksNodeGroupArgs, ResolvedAccessEntry, ResolvedEksArgs, ResolvedNodeGroup } from "./args";
import { Problems } from "../args";
import { describe, isPlain, isRecord } from "./problems";

const KNOWN_KEYS: readonly (keyof EksClusterArgs)[] = [
    "clusterName", "kubernetesVersion", "upgradePolicy", "addonVersions", "subnetIds", "vpc", "allowPublicEndpoint", "publicAccessCidrs", "kmsKeyArn",
    "kmsKeyDeletionWindowInDays", "logRetentionInDays", "adminRoleArn", "deployerRoleArn", "apiAccess", "accessEntries", "oidc", "allowIamOnlyUsers",
    "irsa", "podIdentity", "nodeGroups", "guardDuty", "deletionProtection", "protect", "tags",
];
const NODE_GROUP_KEYS: readonly (keyof EksNodeGroupArgs)[] = [
    "instanceTypes", "amiType", "minSize", "maxSize", "desiredSize", "diskSizeGiB", "capacityType", "volumeKmsKeyArn",
    "metadataHopLimit", "releaseVersion", "labels", "taints",
];

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** At most 36 characters: with its '-' it is the node group name prefix, 37 at most (nodes.ts). */
const NODE_GROUP_NAME = /^[a-z0-9]([-a-z0-9]{0,34}[a-z0-9])?$/;
const K8S_VERSION = /^1\.\d{2}$/;
const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/.+$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
/** An EKS AMI release version, e.g. 1.34.2-20251112 (`aws ssm get-parameter .../release_version`). */
const RELEASE_VERSION = /^\d+\.\d+\.\d+-\d{8}$/;
/** A GuardDuty detector id: 32 hexadecimal characters (GuardDuty API, ListDetectors). */
const DETECTOR_ID = /^[0-9a-f]{32}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"];

/** A CIDR `a.b.c.d/n` or IPv6 `x::/n`, parsed; undefined when invalid. */
export function parseCidr(cidr: string): { family: 4 | 6; prefix: number } | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
    if (!m) return undefined;
    const family = net.isIPv4(m[1]) ? 4 : net.isIPv6(m[1]) ? 6 : undefined;
    const prefix = Number(m[2]);
    if (!family || prefix > (family === 4 ? 32 : 128)) return undefined;
    return { family, prefix };
}

function unknownKeys(problems: Problems, value: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
        if (!known.includes(key)) {
            problems.add(`\`${path}${key}\` is not an EksCluster argument: remove it or use one of ${known.join(", ")}.`);
        }
    }
}

function optBool(problems: Problems, value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
        problems.add(`\`${path}\` must be true or false, not ${describe(value)}.`);
        return fallback;
    }
    return value;
}

function optInt(problems: Problems, value: unknown, path: string, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        problems.add(`\`${path}\` must be a whole number from ${min} to ${max}, not ${describe(value)}.`);
        return fallback;
    }
    return value;
}

function stringRecord(problems: Problems, value: unknown, path: string): Readonly<Record<string, string>> {
    if (value === undefined) return {};
    if (!isRecord(value) || Object.values(value).some(v => typeof v !== "string")) {
        problems.add(`\`${path}\` must be an object of string values, e.g. { team: "platform" }.`);
        return {};
    }
    return value as Record<string, string>;
}

/** Checks a plain ARN against a pattern; Outputs and Promises are checked by AWS at deployment. */
function checkArn(problems: Problems, value: unknown, path: string, pattern: RegExp, example: string): void {
    if (typeof value === "string") {
        if (!pattern.test(value)) {
            problems.add(`\`${path}\` must be an ARN like ${example}, not ${describe(value)}.`);
        }
    } else if (value === undefined || value === null || isPlain(value)) {
        problems.add(`\`${path}\` must be an ARN like ${example}, not ${describe(value)}.`);
    }
}

function resolveNetwork(problems: Problems, args: Record<string, unknown>): Pick<ResolvedEksArgs, "subnetIds" | "vpc"> {
    const { subnetIds, vpc } = args;
    if (subnetIds !== undefined && vpc !== undefined) {
        problems.add("`subnetIds` and `vpc` conflict: give your own private subnets, or let the component create a VPC, not both.");
    }
    if (subnetIds !== undefined) {
        if (Array.isArray(subnetIds)) {
            if (subnetIds.length < 2) {
                problems.add("`subnetIds` must name at least two private subnets in different availability zones (EKS requires two zones).");
            }
            subnetIds.forEach((id, i) => {
                if (typeof id === "string" ? !SUBNET_ID.test(id) : isPlain(id)) {
                    problems.add(`\`subnetIds[${i}]\` must be a subnet id like subnet-0123456789abcdef0, not ${describe(id)}.`);
                }
            });
        } else if (isPlain(subnetIds)) {
            problems.add(`\`subnetIds\` must be a list of private subnet ids, not ${describe(subnetIds)}.`);
        }
        return { subnetIds: subnetIds as ResolvedEksArgs["subnetIds"] };
    }
    if (vpc !== undefined && !isRecord(vpc)) {
        problems.add(`\`vpc\` must be an object like { cidrBlock: "10.0.0.0/16" }, not ${describe(vpc)}.`);
        return { vpc: EKS_DEFAULTS.vpc };
    }
    const v = (vpc ?? {}) as Record<string, unknown>;
    unknownKeys(problems, v, ["cidrBlock", "availabilityZoneCount", "flowLogs"], "vpc.");
    let cidrBlock: string = EKS_DEFAULTS.vpc.cidrBlock;
    if (v["cidrBlock"] !== undefined) {
        const parsed = typeof v["cidrBlock"] === "string" ? parseCidr(v["cidrBlock"]) : undefined;
        if (!parsed || parsed.family !== 4 || parsed.prefix < 16 || parsed.prefix > 20) {
            problems.add(`\`vpc.cidrBlock\` must be an IPv4 CIDR from /16 to /20 (room for one subnet per zone), not ${describe(v["cidrBlock"])}.`);
        } else {
            cidrBlock = v["cidrBlock"] as string;
        }
    }
    const availabilityZoneCount = optInt(problems, v["availabilityZoneCount"], "vpc.availabilityZoneCount", EKS_DEFAULTS.vpc.availabilityZoneCount, 2, 3);
    const flowLogs = optBool(problems, v["flowLogs"], "vpc.flowLogs", EKS_DEFAULTS.vpc.flowLogs);
    return { vpc: { cidrBlock, availabilityZoneCount, flowLogs } };
}

function resolveEndpoint(problems: Problems, args: Record<string, unknown>): Pick<ResolvedEksArgs, "allowPublicEndpoint" | "publicAccessCidrs"> {
    const allowPublicEndpoint = optBool(problems, args["allowPublicEndpoint"], "allowPublicEndpoint", EKS_DEFAULTS.allowPublicEndpoint);
    const cidrs = args["publicAccessCidrs"];
    if (!allowPublicEndpoint) {
        if (cidrs !== undefined) {
            problems.add(
                "`publicAccessCidrs` needs `allowPublicEndpoint: true`: the API endpoint is private by default. " +
                    "Remove `publicAccessCidrs`, or opt out of the private endpoint explicitly with `allowPublicEndpoint: true`.",
            );
        }
        return { allowPublicEndpoint, publicAccessCidrs: [] };
    }
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
        problems.add(
            "`publicAccessCidrs` must list the networks allowed to reach the public endpoint when `allowPublicEndpoint` is true " +
                '(EKS otherwise opens it to 0.0.0.0/0), e.g. ["203.0.113.0/24"].',
        );
        return { allowPublicEndpoint, publicAccessCidrs: [] };
    }
    const ranges: CidrRange[] = [];
    cidrs.forEach((c, i) => {
        const parsed = typeof c === "string" ? parseCidrRange(c) : undefined;
        if (!parsed) {
            problems.add(`\`publicAccessCidrs[${i}]\` must be a CIDR like 203.0.113.0/24, not ${describe(c)}.`);
        } else if (parsed.prefix === 0) {
            problems.add(`\`publicAccessCidrs[${i}]\` must not be ${c}: that opens the API server to the whole internet. Name your office or CI networks.`);
        } else {
            ranges.push(parsed);
        }
    });
    // Judged by the union, as the pack does (eks-cluster-restrict-public-access-cidrs): two /1 halves are the internet.
    for (const family of [4, 6] as const) {
        if (coveredAddresses(ranges, family) > addressesOfPrefix(family, EKS_MIN_PUBLIC_PREFIX)) {
            problems.add(
                `\`publicAccessCidrs\` must together cover no more ${family === 4 ? "IPv4" : "IPv6"} addresses than one /${EKS_MIN_PUBLIC_PREFIX}: ` +
                    "the networks listed add up to a large part of the internet. Name your office or CI networks.",
            );
        }
    }
    return { allowPublicEndpoint, publicAccessCidrs: cidrs as string[] };
}

function resolveOidc(problems: Problems, args: Record<string, unknown>): Pick<ResolvedEksArgs, "oidc" | "allowIamOnlyUsers"> {
    const allowIamOnlyUsers = optBool(problems, args["allowIamOnlyUsers"], "allowIamOnlyUsers", EKS_DEFAULTS.allowIamOnlyUsers);
    const oidc = args["oidc"];
    if (oidc === undefined) {
        if (!allowIamOnlyUsers) {
            problems.add(
                "`oidc` is required: people sign in through your identity provider (issuerUrl, clientId). " +
                    "Set `oidc: { issuerUrl, clientId }`, or opt out explicitly with `allowIamOnlyUsers: true`.",
            );
        }
        return { allowIamOnlyUsers };
    }
    if (allowIamOnlyUsers) {
        problems.add("`oidc` and `allowIamOnlyUsers` conflict: remove `allowIamOnlyUsers` to keep OIDC sign-in, or remove `oidc`.");
    }
    if (!isRecord(oidc)) {
        problems.add(`\`oidc\` must be an object { issuerUrl, clientId }, not ${describe(oidc)}.`);
        return { allowIamOnlyUsers };
    }
    unknownKeys(problems, oidc, ["issuerUrl", "clientId", "usernameClaim", "groupsClaim", "usernamePrefix", "groupsPrefix", "requiredClaims", "name"], "oidc.");
    const issuerUrl = oidc["issuerUrl"];
    if (typeof issuerUrl !== "string" || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuerUrl)) {
        problems.add(`\`oidc.issuerUrl\` must be an https:// URL (EKS accepts only https issuers), not ${describe(issuerUrl)}.`);
    }
    if (typeof oidc["clientId"] !== "string" || oidc["clientId"].length === 0) {
        problems.add(`\`oidc.clientId\` must be the client id registered at your identity provider, not ${describe(oidc["clientId"])}.`);
    }
    const str = (key: keyof typeof EKS_DEFAULTS.oidc): string => {
        const v = oidc[key];
        if (v === undefined) return EKS_DEFAULTS.oidc[key];
        if (typeof v !== "string" || v.length === 0) {
            problems.add(`\`oidc.${key}\` must be a non-empty string, not ${describe(v)}; omit it for "${EKS_DEFAULTS.oidc[key]}".`);
            return EKS_DEFAULTS.oidc[key];
        }
        return v;
    };
    const resolved = {
        issuerUrl: issuerUrl as string,
        clientId: oidc["clientId"] as string,
        usernameClaim: str("usernameClaim"),
        groupsClaim: str("groupsClaim"),
        usernamePrefix: str("usernamePrefix"),
        groupsPrefix: str("groupsPrefix"),
        name: str("name"),
        ...(oidc["requiredClaims"] !== undefined ? { requiredClaims: stringRecord(problems, oidc["requiredClaims"], "oidc.requiredClaims") } : {}),
    };
    for (const key of ["usernamePrefix", "groupsPrefix"] as const) {
        if (resolved[key].startsWith("system:")) {
            problems.add(`\`oidc.${key}\` must not start with "system:": IdP names would collide with Kubernetes system identities. Use e.g. "oidc:".`);
        }
    }
    return { oidc: resolved, allowIamOnlyUsers };
}

function resolveAccessEntries(problems: Problems, value: unknown): readonly ResolvedAccessEntry[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
        problems.add(`\`accessEntries\` must be a list of { principalArn, policy, namespaces? }, not ${describe(value)}.`);
        return [];
    }
    const out: ResolvedAccessEntry[] = [];
    value.forEach((e, i) => {
        const path = `accessEntries[${i}]`;
        if (!isRecord(e)) {
            problems.add(`\`${path}\` must be an object { principalArn, policy, namespaces? }, not ${describe(e)}.`);
            return;
        }
        unknownKeys(problems, e, ["principalArn", "policy", "namespaces"], `${path}.`);
        if (typeof e["principalArn"] === "string" && IAM_USER_ARN.test(e["principalArn"])) {
            problems.add(
                `\`${path}.principalArn\` must be an IAM role, not the user ${e["principalArn"]}: a user signs in with long-lived access keys. ` +
                    "Grant a role the person assumes (IAM Identity Center permission sets create one).",
            );
        } else {
            checkArn(problems, e["principalArn"], `${path}.principalArn`, IAM_ROLE_ARN, "arn:aws:iam::123456789012:role/developers");
        }
        const policy = e["policy"];
        if (policy === "cluster-admin") {
            problems.add(`\`${path}.policy\` must not be cluster-admin: only \`adminRoleArn\` (the break-glass role) holds it. Use "admin", scoped by \`namespaces\`.`);
        } else if (policy !== "view" && policy !== "edit" && policy !== "admin") {
            problems.add(`\`${path}.policy\` must be "view", "edit" or "admin", not ${describe(policy)}.`);
        }
        let namespaces: readonly string[] | undefined;
        if (e["namespaces"] !== undefined) {
            const ns = e["namespaces"];
            if (!Array.isArray(ns) || ns.length === 0 || ns.some(n => typeof n !== "string" || !DNS_LABEL.test(n))) {
                problems.add(`\`${path}.namespaces\` must be a non-empty list of namespace names, e.g. ["payments"]; omit it for a cluster-wide grant.`);
            } else {
                namespaces = ns as string[];
            }
        } else if (policy === "edit" || policy === "admin") {
            problems.add(
                `\`${path}.namespaces\` is required for "${policy}": cluster-wide it writes every namespace, kube-system included, as a cluster admin would. ` +
                    'List the namespaces, e.g. ["payments"], or grant "view" cluster-wide.',
            );
        }
        out.push({
            principalArn: e["principalArn"] as pulumi.Input<string>,
            policyName: EKS_ACCESS_POLICY_NAMES[policy as "view"] ?? EKS_ACCESS_POLICY_NAMES.view,
            ...(namespaces ? { namespaces } : {}),
        });
    });
    return out;
}

function releaseVersionOf(problems: Problems, value: unknown, path: string): { releaseVersion: string } | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !RELEASE_VERSION.test(value)) {
        problems.add(`\`${path}\` must be an EKS AMI release like "1.34.2-20251112", not ${describe(value)}; omit it for the latest release of the cluster's version.`);
        return undefined;
    }
    return { releaseVersion: value };
}

function resolveApiAccess(problems: Problems, value: unknown): ResolvedEksArgs["apiAccess"] {
    const none = { securityGroupIds: [], cidrs: [] };
    if (value === undefined) return none;
    if (!isRecord(value)) {
        problems.add(`\`apiAccess\` must be an object { securityGroupIds?, cidrs? }, not ${describe(value)}.`);
        return none;
    }
    unknownKeys(problems, value, ["securityGroupIds", "cidrs"], "apiAccess.");
    const list = (key: string): string[] => {
        const v = value[key];
        if (v === undefined) return [];
        if (!Array.isArray(v) || v.some(x => typeof x !== "string")) {
            problems.add(`\`apiAccess.${key}\` must be a list of strings, not ${describe(v)}.`);
            return [];
        }
        return v as string[];
    };
    const securityGroupIds = list("securityGroupIds");
    securityGroupIds.forEach((id, i) => {
        if (!SECURITY_GROUP_ID.test(id)) {
            problems.add(`\`apiAccess.securityGroupIds[${i}]\` must be a security group id like sg-0123456789abcdef0, not ${describe(id)}.`);
        }
    });
    const cidrs = list("cidrs");
    cidrs.forEach((c, i) => {
        if (!parseCidrRange(c)) {
            problems.add(`\`apiAccess.cidrs[${i}]\` must be a CIDR like 10.100.0.0/16, not ${describe(c)}.`);
        } else if (!isPrivateCidr(c)) {
            problems.add(
                `\`apiAccess.cidrs[${i}]\` must be a private network (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7), not ${c}: ` +
                    "the private endpoint is reached through the VPC or a connected network. A public network needs `allowPublicEndpoint` and `publicAccessCidrs`.",
            );
        }
    });
    if (securityGroupIds.length + cidrs.length === 0) {
        problems.add("`apiAccess` must admit at least one security group or CIDR: omit it to admit none.");
    }
    return { securityGroupIds, cidrs };
}

function resolveGuardDuty(problems: Problems, value: unknown): Pick<ResolvedEksArgs, "guardDuty"> {
    if (value === undefined) return {};
    if (!isRecord(value)) {
        problems.add(`\`guardDuty\` must be an object { detectorId, runtimeMonitoring? }, not ${describe(value)}.`);
        return {};
    }
    unknownKeys(problems, value, ["detectorId", "runtimeMonitoring"], "guardDuty.");
    const id = value["detectorId"];
    if (typeof id === "string" ? !DETECTOR_ID.test(id) : id === undefined || isPlain(id)) {
        problems.add(`\`guardDuty.detectorId\` must be this account's GuardDuty detector id (32 hexadecimal characters, \`aws guardduty list-detectors\`), not ${describe(id)}.`);
    }
    return { guardDuty: { detectorId: id as pulumi.Input<string>, runtimeMonitoring: optBool(problems, value["runtimeMonitoring"], "guardDuty.runtimeMonitoring", true) } };
}

function resolveAddonVersions(problems: Problems, value: unknown): Readonly<Record<string, string>> {
    const versions = stringRecord(problems, value, "addonVersions");
    const known: readonly string[] = Object.values(EKS_ADDONS);
    for (const [addon, version] of Object.entries(versions)) {
        if (!known.includes(addon)) {
            problems.add(`\`addonVersions.${addon}\` is not an add-on EksCluster installs: use one of ${known.join(", ")}.`);
        } else if (!/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(version)) {
            problems.add(`\`addonVersions.${addon}\` must be an EKS add-on version like "v1.20.4-eksbuild.1" (\`aws eks describe-addon-versions\`), not ${describe(version)}.`);
        }
    }
    return versions;
}

function resolveNodeGroup(problems: Problems, name: string, value: unknown): ResolvedNodeGroup {
    const path = `nodeGroups.${name}`;
    const d = EKS_DEFAULTS.nodeGroup;
    if (!NODE_GROUP_NAME.test(name)) {
        problems.add(`\`${path}\` has an invalid name: use lower-case letters, digits and '-', at most 36 characters, e.g. "system".`);
    }
    if (!isRecord(value)) {
        problems.add(`\`${path}\` must be an object of node group settings ({} for the defaults), not ${describe(value)}.`);
        value = {};
    }
    const g = value as Record<string, unknown>;
    unknownKeys(problems, g, NODE_GROUP_KEYS, `${path}.`);
    let instanceTypes = d.instanceTypes;
    if (g["instanceTypes"] !== undefined) {
        const t = g["instanceTypes"];
        if (!Array.isArray(t) || t.length === 0 || t.some(x => typeof x !== "string" || !/^[a-z0-9-]+\.[a-z0-9]+$/.test(x))) {
            problems.add(`\`${path}.instanceTypes\` must be a non-empty list of EC2 instance types, e.g. ["m7i.large"].`);
        } else {
            instanceTypes = t as string[];
        }
    }
    let amiType: string = d.amiType;
    if (g["amiType"] !== undefined) {
        const a = g["amiType"];
        if (typeof a !== "string" || !EKS_AMI_TYPE_PREFIXES.some(p => a.startsWith(p))) {
            problems.add(
                `\`${path}.amiType\` must be an AL2023 or Bottlerocket AMI type (e.g. AL2023_x86_64_STANDARD, BOTTLEROCKET_ARM_64), not ${describe(a)}: ` +
                    "other node OSes are larger or out of support.",
            );
        } else {
            amiType = a;
        }
    }
    const minSize = optInt(problems, g["minSize"], `${path}.minSize`, d.minSize, 0, 1000);
    const maxSize = optInt(problems, g["maxSize"], `${path}.maxSize`, Math.max(d.maxSize, minSize), 1, 1000);
    const desiredSize = optInt(problems, g["desiredSize"], `${path}.desiredSize`, minSize, 0, 1000);
    if (minSize > maxSize || desiredSize < minSize || desiredSize > maxSize) {
        problems.add(`\`${path}\` sizes must satisfy minSize <= desiredSize <= maxSize, not ${minSize} <= ${desiredSize} <= ${maxSize}.`);
    }
    const capacityType = g["capacityType"] ?? d.capacityType;
    if (capacityType !== "ON_DEMAND" && capacityType !== "SPOT") {
        problems.add(`\`${path}.capacityType\` must be "ON_DEMAND" or "SPOT", not ${describe(capacityType)}.`);
    }
    if (g["volumeKmsKeyArn"] !== undefined) {
        checkArn(problems, g["volumeKmsKeyArn"], `${path}.volumeKmsKeyArn`, KMS_KEY_ARN, "arn:aws:kms:eu-west-1:123456789012:key/...");
    }
    const taints = g["taints"] ?? [];
    if (!Array.isArray(taints) || taints.some(t => !isRecord(t) || typeof t["key"] !== "string" || !TAINT_EFFECTS.includes(t["effect"] as string) || (t["value"] !== undefined && typeof t["value"] !== "string"))) {
        problems.add(`\`${path}.taints\` must be a list of { key, value?, effect } with effect ${TAINT_EFFECTS.join(", ")}.`);
    }
    return {
        name,
        instanceTypes,
        amiType,
        minSize,
        maxSize,
        desiredSize,
        diskSizeGiB: optInt(problems, g["diskSizeGiB"], `${path}.diskSizeGiB`, d.diskSizeGiB, 20, 16384),
        capacityType: capacityType as "ON_DEMAND",
        ...(g["volumeKmsKeyArn"] !== undefined ? { volumeKmsKeyArn: g["volumeKmsKeyArn"] as pulumi.Input<string> } : {}),
        // 2 is accepted as an opt-out the pack still flags; more than 2 has no use on EKS nodes.
        metadataHopLimit: optInt(problems, g["metadataHopLimit"], `${path}.metadataHopLimit`, d.metadataHopLimit, 1, 2),
        ...(releaseVersionOf(problems, g["releaseVersion"], `${path}.releaseVersion`) ?? {}),
        labels: stringRecord(problems, g["labels"], `${path}.labels`),
        taints: Array.isArray(taints) ? (taints as ResolvedNodeGroup["taints"]) : [],
    };
}

/**
 * Applies EKS_DEFAULTS and validates the arguments, reporting every problem in one InvalidArgsError.
 * Pure: creates nothing. `name` is the component's resource name (the default cluster name).
 */
export function resolveEksArgs(name: string, input: EksClusterArgs | Record<string, unknown> | undefined): ResolvedEksArgs {
    const problems = new Problems();
    if (!isRecord(input)) {
        problems.add(`the arguments must be an object with at least \`adminRoleArn\` and \`oidc\`, not ${describe(input)}.`);
        problems.throwIfAny("EksCluster");
    }
    const args = input as Record<string, unknown>;
    unknownKeys(problems, args, KNOWN_KEYS, "");

    const clusterName = args["clusterName"] ?? name;
    if (typeof clusterName !== "string" || !CLUSTER_NAME.test(clusterName)) {
        problems.add(
            `\`clusterName\` must be 1-100 letters, digits, '-' or '_', starting with a letter or digit, not ${describe(clusterName)}` +
                (args["clusterName"] === undefined ? " (it defaults to the component name): set `clusterName`." : "."),
        );
    }
    const kubernetesVersion = args["kubernetesVersion"] ?? EKS_DEFAULTS.kubernetesVersion;
    if (typeof kubernetesVersion !== "string" || !K8S_VERSION.test(kubernetesVersion)) {
        problems.add(`\`kubernetesVersion\` must be a minor version like "1.34", not ${describe(kubernetesVersion)}.`);
    }

    const upgradePolicy = args["upgradePolicy"] ?? EKS_DEFAULTS.upgradePolicy;
    if (upgradePolicy !== "STANDARD" && upgradePolicy !== "EXTENDED") {
        problems.add(`\`upgradePolicy\` must be "STANDARD" or "EXTENDED", not ${describe(upgradePolicy)}.`);
    }
    const addonVersions = resolveAddonVersions(problems, args["addonVersions"]);

    const network = resolveNetwork(problems, args);
    const endpoint = resolveEndpoint(problems, args);

    if (args["kmsKeyArn"] !== undefined) {
        checkArn(problems, args["kmsKeyArn"], "kmsKeyArn", KMS_KEY_ARN, "arn:aws:kms:eu-west-1:123456789012:key/...");
        if (args["kmsKeyDeletionWindowInDays"] !== undefined) {
            problems.add("`kmsKeyDeletionWindowInDays` and `kmsKeyArn` conflict: the window applies only to a key the component creates.");
        }
    }
    const kmsKeyDeletionWindowInDays = optInt(problems, args["kmsKeyDeletionWindowInDays"], "kmsKeyDeletionWindowInDays", EKS_DEFAULTS.kmsKeyDeletionWindowInDays, 7, 30);

    let logRetentionInDays: number = EKS_DEFAULTS.logRetentionInDays;
    if (args["logRetentionInDays"] !== undefined) {
        const r = args["logRetentionInDays"];
        if (typeof r !== "number" || !CLOUDWATCH_RETENTION_DAYS.includes(r)) {
            problems.add(
                `\`logRetentionInDays\` must be a CloudWatch retention (${CLOUDWATCH_RETENTION_DAYS.join(", ")}), not ${describe(r)}: ` +
                    "logs never expire otherwise. Use 365 or more to keep a year of audit logs.",
            );
        } else {
            logRetentionInDays = r;
        }
    }

    if (args["adminRoleArn"] === undefined) {
        problems.add(
            "`adminRoleArn` is required: the cluster creator gets no implicit admin, so name the break-glass IAM role that holds " +
                "cluster-admin, e.g. arn:aws:iam::123456789012:role/eks-break-glass.",
        );
    } else {
        checkArn(problems, args["adminRoleArn"], "adminRoleArn", IAM_ROLE_ARN, "arn:aws:iam::123456789012:role/eks-break-glass");
    }
    if (args["deployerRoleArn"] !== undefined) {
        checkArn(problems, args["deployerRoleArn"], "deployerRoleArn", IAM_ROLE_ARN, "arn:aws:iam::123456789012:role/eks-deployer");
        if (typeof args["deployerRoleArn"] === "string" && args["deployerRoleArn"] === args["adminRoleArn"]) {
            problems.add("`deployerRoleArn` must differ from `adminRoleArn`: the break-glass role stays for emergencies; omit `deployerRoleArn` to deploy as the break-glass role.");
        }
    }
    const apiAccess = resolveApiAccess(problems, args["apiAccess"]);
    const accessEntries = resolveAccessEntries(problems, args["accessEntries"]);
    const guardDuty = resolveGuardDuty(problems, args["guardDuty"]);
    const oidc = resolveOidc(problems, args);

    const irsa = optBool(problems, args["irsa"], "irsa", EKS_DEFAULTS.irsa);
    const podIdentity = optBool(problems, args["podIdentity"], "podIdentity", EKS_DEFAULTS.podIdentity);
    if (!irsa && !podIdentity) {
        problems.add("`irsa` and `podIdentity` must not both be false: workloads would fall back to the node's role. Keep `podIdentity: true`.");
    }

    const groupsInput = args["nodeGroups"] ?? EKS_DEFAULTS.nodeGroups;
    let nodeGroups: ResolvedNodeGroup[] = [];
    if (!isRecord(groupsInput)) {
        problems.add(`\`nodeGroups\` must be an object of node groups by name, e.g. { system: {} }, not ${describe(groupsInput)}.`);
    } else {
        nodeGroups = Object.entries(groupsInput).map(([n, g]) => resolveNodeGroup(problems, n, g));
    }

    const resolved: ResolvedEksArgs = {
        clusterName: clusterName as string,
        kubernetesVersion: kubernetesVersion as string,
        upgradePolicy: upgradePolicy as "STANDARD",
        addonVersions,
        ...network,
        ...endpoint,
        ...(args["kmsKeyArn"] !== undefined ? { kmsKeyArn: args["kmsKeyArn"] as pulumi.Input<string> } : {}),
        kmsKeyDeletionWindowInDays,
        logRetentionInDays,
        adminRoleArn: args["adminRoleArn"] as pulumi.Input<string>,
        ...(args["deployerRoleArn"] !== undefined ? { deployerRoleArn: args["deployerRoleArn"] as pulumi.Input<string> } : {}),
        apiAccess,
        accessEntries,
        ...guardDuty,
        ...oidc,
        irsa,
        podIdentity,
        nodeGroups,
        deletionProtection: optBool(problems, args["deletionProtection"], "deletionProtection", EKS_DEFAULTS.deletionProtection),
        protect: optBool(problems, args["protect"], "protect", EKS_DEFAULTS.protect),
        tags: stringRecord(problems, args["tags"], "tags"),
    };
    problems.throwIfAny("EksCluster");
    return resolved;
}
