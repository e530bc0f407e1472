/**
 * A NetworkPolicy rule without peers admits every source (or reaches every destination), and an
 * ipBlock of 0.0.0.0/0 or ::/0 (any /0) admits the internet, and an empty namespaceSelector admits
 * every namespace: beside a default deny, each undoes it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { NETWORK_POLICY_TYPE } from "../lib/stack-index";
import { MalformedValueError, Obj, optArray, optObject, optString } from "../lib/read";
import { checkWorkloadIdentityEgress } from "../lib/workload-identity-egress";

/** True for a label selector with no matchLabels and no matchExpressions: it selects everything. */
function isEmptySelector(selector: Obj, path: string): boolean {
    const labels = optObject(selector["matchLabels"], `${path}.matchLabels`);
    const expressions = optArray(selector["matchExpressions"], `${path}.matchExpressions`);
    return (labels === undefined || Object.keys(labels).length === 0) && expressions.length === 0;
}

/**
 * A CIDR with a zero-length prefix (0.0.0.0/0, ::/0, and any other address with /0, which the API
 * server accepts for ipBlock) covers every address of its family.
 */
function isEverywhere(cidr: string): boolean {
    return /^[^/]+\/0+$/.test(cidr.trim());
}

/**
 * ` on port 8082/TCP`, ` on ports 53/UDP, 53/TCP`, ` on every UDP port`: the ports a rule limits its
 * peers to (networking/v1 NetworkPolicyPort: protocol defaults to TCP, a port without a number is
 * every port of its protocol, endPort makes a range). Empty when the rule names no port: then the
 * peers reach every port. Read only for a rule already found too broad, so that the ports say how
 * much it admits, not whether it is reported.
 */
function portsOf(rule: Obj, path: string): string {
    const ports = optArray(rule["ports"], `${path}.ports`).map((entry, k) => {
        const p = `${path}.ports[${k}]`;
        const port = optObject(entry, p) ?? {};
        const protocol = optString(port["protocol"], `${p}.protocol`) ?? "TCP";
        const number = port["port"];
        if (number === undefined || number === null) {
            return `every ${protocol} port`;
        }
        if (typeof number !== "number" && typeof number !== "string") {
            throw new MalformedValueError(`${p}.port`, "a number or a port name", number);
        }
        const end = port["endPort"];
        return `${number}${typeof end === "number" ? `-${end}` : ""}/${protocol}`;
    });
    if (ports.length === 0) {
        return "";
    }
    return ports.length === 1 && ports[0].startsWith("every ") ? ` on ${ports[0]}` : ` on ${ports.length === 1 ? "port" : "ports"} ${ports.join(", ")}`;
}

function ruleProblems(spec: Record<string, unknown>, direction: "ingress" | "egress"): string[] {
    const peersKey = direction === "ingress" ? "from" : "to";
    const out: string[] = [];
    optArray(spec[direction], `spec.${direction}`).forEach((entry, i) => {
        const path = `spec.${direction}[${i}]`;
        const rule = optObject(entry, path) ?? {};
        const peers = optArray(rule[peersKey], `${path}.${peersKey}`);
        if (peers.length === 0) {
            out.push(`${path} has no ${peersKey}: it ${direction === "ingress" ? "admits every source" : "reaches every destination"}${portsOf(rule, path)}`);
            return;
        }
        const found: string[] = [];
        peers.forEach((p, j) => {
            const peerPath = `${path}.${peersKey}[${j}]`;
            const peer = optObject(p, peerPath);
            const block = optObject(peer?.["ipBlock"], `${peerPath}.ipBlock`);
            const cidr = optString(block?.["cidr"], `${peerPath}.ipBlock.cidr`);
            if (cidr !== undefined && isEverywhere(cidr)) {
                found.push(`${peerPath} is ${cidr}`);
            }
            // An empty namespaceSelector selects every namespace (networking/v1 NetworkPolicyPeer):
            // with no podSelector, every pod of the cluster; with one, those pods in any namespace,
            // where whoever runs a pod can give it the labels.
            const namespaces = optObject(peer?.["namespaceSelector"], `${peerPath}.namespaceSelector`);
            if (namespaces !== undefined && isEmptySelector(namespaces, `${peerPath}.namespaceSelector`)) {
                const pods = optObject(peer?.["podSelector"], `${peerPath}.podSelector`);
                found.push(
                    pods === undefined || isEmptySelector(pods, `${peerPath}.podSelector`)
                        ? `${peerPath} selects every pod of every namespace (empty namespaceSelector)`
                        : `${peerPath} selects pods of every namespace (empty namespaceSelector)`,
                );
            }
        });
        if (found.length > 0) {
            const ports = portsOf(rule, path);
            out.push(...found.map(f => `${f}${ports}`));
        }
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
    types: [NETWORK_POLICY_TYPE, `${NETWORK_POLICY_TYPE}Patch`],
    check: checkAllowAll,
});
