/**
 * A NetworkPolicy rule without peers admits every source (or reaches every destination), and an
 * ipBlock of 0.0.0.0/0 or ::/0 (any /0) admits the internet: beside a default deny, either undoes it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { NETWORK_POLICY_TYPE } from "../lib/stack-index";
import { MalformedValueError, optArray, optObject, optString } from "../lib/read";
import { checkWorkloadIdentityEgress } from "../lib/workload-identity-egress";

/**
 * A CIDR with a zero-length prefix (0.0.0.0/0, ::/0, and any other address with /0, which the API
 * server accepts for ipBlock) covers every address of its family.
 */
function isEverywhere(cidr: string): boolean {
    return /^[^/]+\/0+$/.test(cidr.trim());
}

function ruleProblems(spec: Record<string, unknown>, direction: "ingress" | "egress"): string[] {
    const peersKey = direction === "ingress" ? "from" : "to";
    const out: string[] = [];
    optArray(spec[direction], `spec.${direction}`).forEach((entry, i) => {
        const path = `spec.${direction}[${i}]`;
        const rule = optObject(entry, path) ?? {};
        const peers = optArray(rule[peersKey], `${path}.${peersKey}`);
        if (peers.length === 0) {
            out.push(`${path} has no ${peersKey}: it ${direction === "ingress" ? "admits every source" : "reaches every destination"}`);
            return;
        }
        peers.forEach((p, j) => {
            const block = optObject(optObject(p, `${path}.${peersKey}[${j}]`)?.["ipBlock"], `${path}.${peersKey}[${j}].ipBlock`);
            const cidr = optString(block?.["cidr"], `${path}.${peersKey}[${j}].ipBlock.cidr`);
            if (cidr !== undefined && isEverywhere(cidr)) {
                out.push(`${path}.${peersKey}[${j}] is ${cidr}`);
            }
        });
    });
    return out;
}

export function checkAllowAll(resource: CheckedResource): string[] {
    // Which namespace the policy isolates must be readable: a wrongly typed one would leave it
    // out of its namespace's default-deny judgement. Read by descriptor, so that a namespace
    // unknown during preview (computed from the Namespace) is no finding.
    const metadata = optObject(resource.props["metadata"], "metadata");
    const namespace = metadata ? Object.getOwnPropertyDescriptor(metadata, "namespace")?.value : undefined;
    if (namespace !== undefined && namespace !== null && typeof namespace !== "string") {
        throw new MalformedValueError("metadata.namespace", "a string", namespace);
    }
    const spec = optObject(resource.props["spec"], "spec") ?? {};
    const problems = [...ruleProblems(spec, "ingress"), ...ruleProblems(spec, "egress")];
    return [
        ...(problems.length ? [`${subjectOf(resource)} must name its peers, not allow all traffic: ${problems.join("; ")}.`] : []),
        // The credential endpoint is reached only through a declared workload-identity path, exactly.
        ...checkWorkloadIdentityEgress(resource),
    ];
}

export const allowAllPolicy = resourcePolicy({
    name: "k8s-networkpolicy-disallow-allow-all",
    control: "k8s-network-default-deny",
    enforcementLevel: "mandatory",
    types: [NETWORK_POLICY_TYPE],
    check: checkAllowAll,
});
