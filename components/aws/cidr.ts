/**
 * CIDR arithmetic over exact address ranges (bigint), shared by EksCluster's argument checks and
 * the EKS policies: a list of networks is judged by the union of the addresses it covers, so two
 * /1 halves are the whole internet, not two "narrow enough" prefixes.
 */
import * as net from "node:net";

export type IpFamily = 4 | 6;

/** A parsed CIDR: its family, prefix length, and first and last address as integers. */
export interface CidrRange {
    readonly family: IpFamily;
    readonly prefix: number;
    readonly first: bigint;
    readonly last: bigint;
}

function ipv4ToBigInt(ip: string): bigint {
    return ip.split(".").reduce((acc, part) => acc * 256n + BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(ip: string): bigint {
    let text = ip;
    // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hextets.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
        const n = ipv4ToBigInt(v4[1]);
        text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
    const headParts = head ? head.split(":") : [];
    const tailParts = tail ? tail.split(":") : [];
    const missing = 8 - headParts.length - tailParts.length;
    const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill("0"), ...tailParts];
    return parts.reduce((acc, part) => acc * 65536n + BigInt(parseInt(part || "0", 16)), 0n);
}

/** Parses "a.b.c.d/n" or "x::/n"; undefined when it is no CIDR. Host bits are ignored, as AWS masks them. */
export function parseCidrRange(cidr: string): CidrRange | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
    if (!m) return undefined;
    const family: IpFamily | undefined = net.isIPv4(m[1]) ? 4 : net.isIPv6(m[1]) ? 6 : undefined;
    if (!family) return undefined;
    const bits = family === 4 ? 32 : 128;
    const prefix = Number(m[2]);
    if (prefix > bits) return undefined;
    const address = family === 4 ? ipv4ToBigInt(m[1]) : ipv6ToBigInt(m[1]);
    const size = 1n << BigInt(bits - prefix);
    const first = address - (address % size);
    return { family, prefix, first, last: first + size - 1n };
}

/** The number of distinct addresses of one family that `ranges` cover together. */
export function coveredAddresses(ranges: readonly CidrRange[], family: IpFamily): bigint {
    const sorted = ranges.filter(r => r.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let total = 0n;
    let end = -1n;
    for (const r of sorted) {
        if (r.last <= end) continue;
        const start = r.first > end ? r.first : end + 1n;
        total += r.last - start + 1n;
        end = r.last;
    }
    return total;
}

/** The addresses a prefix of `prefix` bits covers in `family`: the yardstick "as wide as a /8". */
export function addressesOfPrefix(family: IpFamily, prefix: number): bigint {
    return 1n << BigInt((family === 4 ? 32 : 128) - Math.min(prefix, family === 4 ? 32 : 128));
}

/**
 * Private address space: RFC 1918, RFC 6598 shared space (carrier-grade NAT, used by some VPNs and
 * as a VPC secondary range), and IPv6 unique local addresses (RFC 4193). Public ranges are never
 * admitted to a private API endpoint: that is what `allowPublicEndpoint` is for.
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/** True when every address of `cidr` is in private space. */
export function isPrivateCidr(cidr: string): boolean {
    const r = parseCidrRange(cidr);
    if (!r) return false;
    return PRIVATE_RANGES.map(p => parseCidrRange(p)!).some(p => p.family === r.family && p.first <= r.first && r.last <= p.last);
}
