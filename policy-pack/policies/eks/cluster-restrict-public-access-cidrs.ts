/**
 * CIS EKS 5.4.1; Checkov CKV_AWS_38 (which misses ::/0 and any other /0). When an endpoint is
 * public (an exempted opt-out), only named networks reach it: EKS opens an unset list to 0.0.0.0/0.
 * The list is judged by the union of the addresses it covers (components/aws/cidr.ts), not prefix
 * by prefix: 0.0.0.0/1 + 128.0.0.0/1 is the whole internet.
 */
import { addressesOfPrefix, coveredAddresses, parseCidrRange } from "../../../components/aws/cidr";
import { EKS_MIN_PUBLIC_PREFIX } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optBoolean, optObject, optStringArray } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface PublicCidrsConfig {
    /** The shortest prefix allowed: wider networks are treated as "the internet". */
    readonly minimumPrefixLength: number;
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
    const min = config.minimumPrefixLength ?? EKS_MIN_PUBLIC_PREFIX;
    const invalid = cidrs.filter(c => !parseCidrRange(c));
    if (invalid.length > 0) {
        return [`${subject(resource)} must restrict its public endpoint to named networks: ${invalid.join(", ")} ${invalid.length === 1 ? "is" : "are"} not a CIDR.`];
    }
    // The union of what the list covers, per family: two /1 halves are the whole internet.
    const ranges = cidrs.map(c => parseCidrRange(c)!);
    const out: string[] = [];
    for (const family of [4, 6] as const) {
        const listed = cidrs.filter(c => parseCidrRange(c)!.family === family);
        if (coveredAddresses(ranges, family) > addressesOfPrefix(family, min)) {
            out.push(
                `${subject(resource)} must restrict its public endpoint to named networks that together cover no more than one /${min}: ` +
                    `${listed.join(", ")} ${listed.length === 1 ? "is" : "are"} too wide.`,
            );
        }
    }
    return out;
}

export const publicAccessCidrsPolicy = resourcePolicy<PublicCidrsConfig>({
    name: "eks-cluster-restrict-public-access-cidrs",
    control: "eks-private-endpoint",
    enforcementLevel: "mandatory",
    description: "A public EKS endpoint must be limited to named networks, never 0.0.0.0/0 or ::/0.",
    types: [AWS_TYPES.cluster],
    config: {
        minimumPrefixLength: { type: "integer", minimum: 1, maximum: 128, default: EKS_MIN_PUBLIC_PREFIX, description: "The listed networks together may cover no more addresses than one network of this prefix length." },
    },
    check: checkPublicAccessCidrs,
});
