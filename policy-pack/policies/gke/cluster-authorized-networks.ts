/**
 * Checklist "API server not exposed publicly"; CIS GKE 5.6.3; Checkov CKV_GCP_20 (authorized
 * networks enabled) and CKV_GCP_18 (no 0.0.0.0/0). The ranges are judged by the union of the
 * addresses they cover, not one by one: 0.0.0.0/1 and 128.0.0.0/1 together are the whole IPv4
 * internet, which a per-entry /0 test (Checkov's) lets through. `gcpPublicCidrsAccessEnabled`
 * admits every Google Cloud public address and is refused too. Authorized networks also apply to
 * the private endpoint only when `privateEndpointEnforcementEnabled` is on; without it any address
 * routed to the VPC reaches the private endpoint, so with IP endpoints on it is required.
 * A cluster whose IP endpoints are off (DNS endpoint only, Google's recommended form) has nothing
 * for authorized networks to filter: the DNS endpoint is gated by IAM, so it passes.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optArray, optBoolean, optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, ipEndpointsDisabled, listOf } from "./resources";

const IPV4_SPACE = 2n ** 32n;
const IPV6_SPACE = 2n ** 128n;

/** The [first, last] address of a CIDR and the size of its family's space, or undefined if malformed. */
export function cidrInterval(cidr: string): { readonly v6: boolean; readonly first: bigint; readonly last: bigint } | undefined {
    const [ip, bitsText] = cidr.trim().split("/");
    const bits = Number(bitsText);
    if (ip === undefined || !Number.isInteger(bits)) {
        return undefined;
    }
    const v6 = ip.includes(":");
    let value: bigint;
    if (v6) {
        const [head, tail = ""] = ip.split("::");
        const h = head ? head.split(":") : [];
        const t = tail ? tail.split(":") : [];
        if (!ip.includes("::") && h.length !== 8) {
            return undefined;
        }
        const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
        if (groups.length !== 8 || groups.some(g => !/^[0-9a-f]{1,4}$/i.test(g)) || bits < 0 || bits > 128) {
            return undefined;
        }
        value = groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
    } else {
        const octets = ip.split(".");
        if (octets.length !== 4 || octets.some(o => !/^\d{1,3}$/.test(o) || Number(o) > 255) || bits < 0 || bits > 32) {
            return undefined;
        }
        value = octets.reduce((n, o) => (n << 8n) + BigInt(o), 0n);
    }
    const size = 2n ** BigInt((v6 ? 128 : 32) - bits);
    const first = value - (value % size);
    return { v6, first, last: first + size - 1n };
}

/** The number of addresses the union of `cidrs` covers, per family. */
export function coveredAddresses(cidrs: readonly string[]): { readonly v4: bigint; readonly v6: bigint } {
    const total = { v4: 0n, v6: 0n };
    for (const family of [false, true]) {
        const intervals = cidrs
            .map(cidrInterval)
            .filter((i): i is NonNullable<typeof i> => i !== undefined && i.v6 === family)
            .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
        let covered = 0n;
        let end = -1n;
        for (const i of intervals) {
            const start = i.first > end ? i.first : end + 1n;
            if (i.last >= start) {
                covered += i.last - start + 1n;
                end = i.last;
            }
        }
        total[family ? "v6" : "v4"] = covered;
    }
    return total;
}

export function checkAuthorizedNetworks(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    if (ipEndpointsDisabled(resource.props)) {
        return [];
    }
    const config = optObject(resource.props["masterAuthorizedNetworksConfig"], "masterAuthorizedNetworksConfig");
    if (config === undefined) {
        return [
            `${subject} must restrict the control plane to authorized networks: \`masterAuthorizedNetworksConfig\` is unset, so any address that reaches an endpoint may connect. ` +
                "Set it (an empty `cidrBlocks` admits only the cluster's own network), or turn the IP endpoints off (`controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false`) and use the DNS endpoint.",
        ];
    }
    const out: string[] = [];
    const cidrs = optArray(config["cidrBlocks"], "masterAuthorizedNetworksConfig.cidrBlocks").flatMap((entry, i) => {
        const path = `masterAuthorizedNetworksConfig.cidrBlocks[${i}]`;
        const cidr = optString(optObject(entry, path)?.["cidrBlock"], `${path}.cidrBlock`);
        return cidr === undefined ? [] : [cidr];
    });
    const covered = coveredAddresses(cidrs);
    const whole = [covered.v4 === IPV4_SPACE ? "every IPv4 address" : undefined, covered.v6 === IPV6_SPACE ? "every IPv6 address" : undefined].filter((x): x is string => !!x);
    if (whole.length) {
        out.push(`${subject} must not authorize the whole internet on the control plane: \`masterAuthorizedNetworksConfig.cidrBlocks\` (${listOf(cidrs)}) ${cidrs.length > 1 ? "together cover" : "covers"} ${listOf(whole)}.`);
    }
    if (optBoolean(config["gcpPublicCidrsAccessEnabled"], "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled") === true) {
        out.push(`${subject} must not authorize Google Cloud's public addresses on the control plane: \`masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled\` is true.`);
    }
    const enforced = optBoolean(config["privateEndpointEnforcementEnabled"], "masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled");
    if (enforced !== true) {
        out.push(
            `${subject} must apply authorized networks to the private endpoint too: \`masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled\` is ${enforced === false ? "false" : "unset (default false)"}, so any address routed to the VPC reaches it. Set it to true.`,
        );
    }
    return out;
}

export const authorizedNetworksPolicy = resourcePolicy({
    name: "gke-cluster-restrict-authorized-networks",
    control: "gke-private-control-plane",
    enforcementLevel: "mandatory",
    description: "GKE clusters admit only authorized networks, none of them public and together not the whole internet, to every IP endpoint of the control plane.",
    types: [CLUSTER_TYPE],
    check: checkAuthorizedNetworks,
});
