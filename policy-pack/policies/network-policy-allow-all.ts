/**
 * A NetworkPolicy rule without peers admits every source (or reaches every destination), and an
 * ipBlock of 0.0.0.0/0 or ::/0 (any /0) admits the internet, and an empty namespaceSelector admits
 * every namespace: beside a default deny, each undoes it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { NETWORK_POLICY_TYPE } from "../lib/stack-index";
import { MalformedValueError, Obj, optArray, optObject, optString, optStringArray } from "../lib/read";
import { checkWorkloadIdentityEgress } from "../lib/workload-identity-egress";

/** True for a label selector with no matchLabels and no matchExpressions: it selects everything. */
function isEmptySelector(selector: Obj, path: string): boolean {
    const labels = optObject(selector["matchLabels"], `${path}.matchLabels`);
    const expressions = optArray(selector["matchExpressions"], `${path}.matchExpressions`);
    return (labels === undefined || Object.keys(labels).length === 0) && expressions.length === 0;
}

/**
 * The label the control plane sets, immutably, on every namespace to its name (Kubernetes docs,
 * "Namespaces", Automatic labelling; KEP-2161, stable since 1.22).
 */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Whether a namespaceSelector selects every namespace: empty, or only expressions every namespace
 * meets (`Exists` on kubernetes.io/metadata.name); with `NotIn` on that label, every namespace but
 * the named ones. Undefined for a selector that names its namespaces (or reads other labels).
 */
function everyNamespaceOf(selector: Obj, path: string): { readonly except: readonly string[] } | undefined {
    const labels = optObject(selector["matchLabels"], `${path}.matchLabels`);
    if (labels !== undefined && Object.keys(labels).length > 0) {
        return undefined;
    }
    const except: string[] = [];
    const expressions = optArray(selector["matchExpressions"], `${path}.matchExpressions`);
    for (const [k, entry] of expressions.entries()) {
        const p = `${path}.matchExpressions[${k}]`;
        const e = optObject(entry, p) ?? {};
        const key = optString(e["key"], `${p}.key`);
        const operator = optString(e["operator"], `${p}.operator`);
        if (key !== NAMESPACE_NAME_LABEL || (operator !== "Exists" && operator !== "NotIn")) {
            return undefined;
        }
        if (operator === "NotIn") {
            except.push(...optStringArray(e["values"], `${p}.values`));
        }
    }
    return { except };
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
            const every = namespaces !== undefined ? everyNamespaceOf(namespaces, `${peerPath}.namespaceSelector`) : undefined;
            if (namespaces !== undefined && every !== undefined) {
                const pods = optObject(peer?.["podSelector"], `${peerPath}.podSelector`);
                const which = every.except.length > 0 ? `every namespace but ${every.except.join(", ")}` : "every namespace";
                const why = isEmptySelector(namespaces, `${peerPath}.namespaceSelector`) ? "empty namespaceSelector" : `namespaceSelector on ${NAMESPACE_NAME_LABEL}, which every namespace carries`;
                found.push(
                    pods === undefined || isEmptySelector(pods, `${peerPath}.podSelector`)
                        ? `${peerPath} selects every pod of ${which} (${why})`
                        : `${peerPath} selects pods of ${which} (${why})`,
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
