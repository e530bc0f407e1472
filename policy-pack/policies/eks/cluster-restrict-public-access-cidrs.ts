/**
 * CIS EKS 5.4.1; Checkov CKV_AWS_38 (which misses ::/0 and any other /0). When an endpoint is
 * public (an exempted opt-out), only named networks reach it: EKS opens an unset list to 0.0.0.0/0.
 */
import * as net from "node:net";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optBoolean, optObject, optStringArray } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface PublicCidrsConfig {
    /** The shortest prefix allowed: wider networks are treated as "the internet". */
    readonly minimumPrefixLength: number;
}

function prefixOf(cidr: string): { family: 4 | 6; prefix: number } | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
    const family = m ? (net.isIPv4(m[1]) ? 4 : net.isIPv6(m[1]) ? 6 : undefined) : undefined;
    return m && family ? { family, prefix: Number(m[2]) } : undefined;
}

export function checkPublicAccessCidrs(resource: CheckedResource, config: PublicCidrsConfig): string[] {
    const vpc = optObject(resource.props["vpcConfig"], "vpcConfig");
    if (optBoolean(vpc?.["endpointPublicAccess"], "vpcConfig.endpointPublicAccess") === false) {
        return [];
    }
    const cidrs = optStringArray(vpc?.["publicAccessCidrs"], "vpcConfig.publicAccessCidrs");
    if (cidrs.length === 0) {
        return [`${subject(resource)} must restrict its public endpoint to named networks: \`vpcConfig.publicAccessCidrs\` is unset and EKS opens it to 0.0.0.0/0.`];
    }
    const min = config.minimumPrefixLength ?? 8;
    const wide = cidrs.filter(c => {
        const p = prefixOf(c);
        return !p || p.prefix < min;
    });
    return wide.length === 0
        ? []
        : [`${subject(resource)} must restrict its public endpoint to named networks of at least /${min}: ${wide.join(", ")} ${wide.length === 1 ? "is" : "are"} too wide or not a CIDR.`];
}

export const publicAccessCidrsPolicy = resourcePolicy<PublicCidrsConfig>({
    name: "eks-cluster-restrict-public-access-cidrs",
    control: "eks-private-endpoint",
    enforcementLevel: "mandatory",
    description: "A public EKS endpoint must be limited to named networks, never 0.0.0.0/0 or ::/0.",
    types: [AWS_TYPES.cluster],
    config: {
        minimumPrefixLength: { type: "integer", minimum: 1, maximum: 128, default: 8, description: "The widest network allowed, as a prefix length." },
    },
    check: checkPublicAccessCidrs,
});
