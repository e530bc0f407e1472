/**
 * Declarative allow rules for a namespace under default deny, and the NetworkPolicies they become.
 * A rule names a flow (from → to, on ports); the namespace gets an egress policy on its pods that
 * send and an ingress policy on its pods that receive, so both halves of the default deny open
 * for exactly that flow. The other namespace of a cross-namespace flow declares its own half.
 */
import { EGRESS_PURPOSE_ANNOTATION, ENTRA_TOKEN_HOST, WORKLOAD_IDENTITY_ENDPOINTS, workloadIdentityPurpose } from "../controls/workload-identity";
import { NAMESPACE_NAME_LABEL, OPT_OUT_REASON_ANNOTATION } from "./annotations";
import { EVERYWHERE_CIDRS, Problems, checkCidr, checkDnsLabel, checkLabels, checkReason } from "./args";

/** Label selector values: { app: "web" }. An empty object selects every pod of the namespace. */
export type PodLabels = Readonly<Record<string, string>>;

/** Pods of the namespace the rule belongs to. */
export interface LocalPods {
    readonly pods: PodLabels;
}

/** Pods of another namespace (all of them when `pods` is omitted). */
export interface OtherNamespace {
    /** The other namespace's name (matched by its kubernetes.io/metadata.name label). */
    readonly namespace: string;
    readonly pods?: PodLabels;
}

/** Addresses outside the cluster, e.g. a VPC endpoint subnet. 0.0.0.0/0 is refused: use `anywhere`. */
export interface CidrBlock {
    readonly cidr: string;
    /** Ranges inside `cidr` to leave out. */
    readonly except?: readonly string[];
}

/**
 * Every address (0.0.0.0/0 and ::/0): undoes the default deny for this flow. A named opt-out: the
 * policy pack reports it (k8s-networkpolicy-disallow-allow-all) until an exemption with the same
 * justification is recorded in the pack config.
 */
export interface Anywhere {
    readonly anywhere: { readonly reason: string };
}

export type Endpoint = LocalPods | OtherNamespace | CidrBlock | Anywhere;

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface PortArgs {
    /** A port number, or a named container port. */
    readonly port: number | string;
    /** Last port of a range starting at `port` (numeric ports only). */
    readonly endPort?: number;
    /** @default "TCP" */
    readonly protocol?: Protocol;
}

/** One allowed flow, e.g. `{ name: "frontend-to-backend", from: { pods: { app: "frontend" } }, to: { pods: { app: "backend" } }, ports: [{ port: 8080 }] }`. */
export interface AllowRule {
    /** DNS-1123 label, unique in the namespace; names the policies `allow-<name>-ingress|egress`. */
    readonly name: string;
    readonly from: Endpoint;
    readonly to: Endpoint;
    /** The ports of the destination; at least one (a rule never opens every port). */
    readonly ports: readonly PortArgs[];
}

/** A NetworkPolicy spec with its name, ready for `new k8s.networking.v1.NetworkPolicy`. */
export interface NetworkPolicyManifest {
    readonly name: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly spec: {
        readonly podSelector: { readonly matchLabels?: PodLabels };
        readonly policyTypes: readonly ("Ingress" | "Egress")[];
        readonly ingress?: readonly NetworkPolicyRuleManifest[];
        readonly egress?: readonly NetworkPolicyRuleManifest[];
    };
}

export interface NetworkPolicyRuleManifest {
    readonly from?: readonly PeerManifest[];
    readonly to?: readonly PeerManifest[];
    readonly ports?: readonly { readonly protocol: Protocol; readonly port: number | string; readonly endPort?: number }[];
}

export interface PeerManifest {
    readonly podSelector?: { readonly matchLabels: PodLabels };
    readonly namespaceSelector?: { readonly matchLabels: PodLabels };
    readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** The name of the default-deny policy every hardened namespace carries. */
export const DEFAULT_DENY_POLICY_NAME = "default-deny";

/** Select-all, deny-both: the shape the pack's k8s-namespace-require-default-deny looks for (CIS 5.3.2). */
export function defaultDenyPolicy(): NetworkPolicyManifest {
    return { name: DEFAULT_DENY_POLICY_NAME, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
}

/** Where cluster DNS runs; every managed cloud labels CoreDNS/kube-dns pods k8s-app=kube-dns. */
export interface DnsTarget {
    readonly namespace: string;
    readonly pods: PodLabels;
}

/** Egress from every pod of the namespace to cluster DNS only, UDP and TCP 53. */
export function dnsEgressPolicy(dns: DnsTarget): NetworkPolicyManifest {
    return {
        name: "allow-dns-egress",
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } }, podSelector: { matchLabels: dns.pods } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        },
    };
}

function isLocal(e: Endpoint): e is LocalPods {
    return "pods" in e && !("namespace" in e);
}

function peerOf(e: Endpoint): PeerManifest[] {
    if ("anywhere" in e) {
        return EVERYWHERE_CIDRS.map(cidr => ({ ipBlock: { cidr } }));
    }
    if ("cidr" in e) {
        return [{ ipBlock: { cidr: e.cidr, ...(e.except && e.except.length ? { except: [...e.except] } : {}) } }];
    }
    if ("namespace" in e) {
        return [
            {
                namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: e.namespace } },
                ...(e.pods !== undefined ? { podSelector: { matchLabels: e.pods } } : {}),
            },
        ];
    }
    return [{ podSelector: { matchLabels: e.pods } }];
}

/** The reason of an `anywhere` end of the rule, if it has one. */
function optOutReason(rule: AllowRule): string | undefined {
    const ends = [rule.from, rule.to].filter((e): e is Anywhere => "anywhere" in e);
    return ends.length ? ends.map(e => e.anywhere.reason.trim()).join("; ") : undefined;
}

/** The NetworkPolicies one (valid) rule becomes in its namespace: egress on local senders, ingress on local receivers. */
export function policiesOfRule(rule: AllowRule): NetworkPolicyManifest[] {
    const ports = rule.ports.map(p => ({ protocol: p.protocol ?? "TCP", port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) }));
    const reason = optOutReason(rule);
    const annotations = reason ? { annotations: { [OPT_OUT_REASON_ANNOTATION]: reason } } : {};
    const out: NetworkPolicyManifest[] = [];
    if (isLocal(rule.from)) {
        out.push({
            name: `allow-${rule.name}-egress`,
            ...annotations,
            spec: { podSelector: { matchLabels: rule.from.pods }, policyTypes: ["Egress"], egress: [{ to: peerOf(rule.to), ports }] },
        });
    }
    if (isLocal(rule.to)) {
        out.push({
            name: `allow-${rule.name}-ingress`,
            ...annotations,
            spec: { podSelector: { matchLabels: rule.to.pods }, policyTypes: ["Ingress"], ingress: [{ from: peerOf(rule.from), ports }] },
        });
    }
    return out;
}

const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkEndpoint(problems: Problems, e: unknown, path: string, ownNamespace: string | undefined): void {
    if (e === null || typeof e !== "object" || Array.isArray(e)) {
        problems.add(`\`${path}\` must be one of { pods }, { namespace, pods? }, { cidr, except? } or { anywhere: { reason } }.`);
        return;
    }
    const keys = ["pods", "namespace", "cidr", "anywhere"].filter(k => k in e);
    const o = e as Record<string, unknown>;
    if (keys.length === 0 || (keys.length > 1 && !(keys.length === 2 && keys.includes("namespace") && keys.includes("pods")))) {
        problems.add(`\`${path}\` must be exactly one of { pods }, { namespace, pods? }, { cidr, except? } or { anywhere: { reason } }, not keys ${JSON.stringify(Object.keys(o))}.`);
        return;
    }
    if ("anywhere" in o) {
        const a = o["anywhere"];
        checkReason(problems, a && typeof a === "object" ? (a as Record<string, unknown>)["reason"] : undefined, `${path}.anywhere.reason`);
        return;
    }
    if ("cidr" in o) {
        if (typeof o["cidr"] === "string" && EVERYWHERE_CIDRS.includes(o["cidr"].trim())) {
            problems.add(`\`${path}.cidr\` must not be ${o["cidr"]}: it allows every address and undoes the default deny. Name the range you need, or opt out with \`{ anywhere: { reason } }\`.`);
            return;
        }
        checkCidr(problems, o["cidr"], `${path}.cidr`);
        if (o["except"] !== undefined) {
            if (!Array.isArray(o["except"])) {
                problems.add(`\`${path}.except\` must be a list of CIDRs inside \`${path}.cidr\`.`);
            } else {
                o["except"].forEach((x, i) => checkCidr(problems, x, `${path}.except[${i}]`));
            }
        }
        return;
    }
    if ("namespace" in o) {
        if (checkDnsLabel(problems, o["namespace"], `${path}.namespace`) && o["namespace"] === ownNamespace) {
            problems.add(`\`${path}.namespace\` is this rule's own namespace: use \`{ pods: {...} }\` for pods of the same namespace.`);
        }
    }
    if ("pods" in o) {
        checkLabels(problems, o["pods"], `${path}.pods`);
    }
}

function checkPorts(problems: Problems, ports: unknown, path: string): void {
    if (!Array.isArray(ports) || ports.length === 0) {
        problems.add(`\`${path}\` must name at least one port, e.g. [{ port: 8080 }]: a rule never opens every port.`);
        return;
    }
    ports.forEach((p: unknown, i) => {
        const at = `${path}[${i}]`;
        const port = p && typeof p === "object" ? (p as Record<string, unknown>) : {};
        const value = port["port"];
        const numeric = typeof value === "number";
        if (!(numeric ? Number.isInteger(value) && value >= 1 && value <= 65535 : typeof value === "string" && value.length <= 15 && PORT_NAME.test(value))) {
            problems.add(`\`${at}.port\` must be a port number 1-65535 or a named port (IANA_SVC_NAME), not ${JSON.stringify(value)}.`);
        }
        const end = port["endPort"];
        if (end !== undefined && (!numeric || typeof end !== "number" || !Number.isInteger(end) || end < (value as number) || end > 65535)) {
            problems.add(`\`${at}.endPort\` must be a port number >= \`${at}.port\` (and \`port\` numeric), not ${JSON.stringify(end)}.`);
        }
        if (port["protocol"] !== undefined && !PROTOCOLS.includes(port["protocol"] as Protocol)) {
            problems.add(`\`${at}.protocol\` must be one of ${PROTOCOLS.join(", ")}, not ${JSON.stringify(port["protocol"])}.`);
        }
    });
}

/** Checks allow rules; `path` is where they sit in the caller's args (e.g. `allow`). */
export function checkAllowRules(problems: Problems, rules: unknown, path: string, ownNamespace: string | undefined): rules is readonly AllowRule[] {
    if (!Array.isArray(rules)) {
        problems.add(`\`${path}\` must be a list of allow rules ({ name, from, to, ports }).`);
        return false;
    }
    const before = problems.messages.length;
    const seen = new Set<string>();
    rules.forEach((r: unknown, i) => {
        const at = `${path}[${i}]`;
        const rule = r && typeof r === "object" ? (r as Record<string, unknown>) : {};
        if (checkDnsLabel(problems, rule["name"], `${at}.name`, 40)) {
            if (rule["name"] === "dns") {
                problems.add(`\`${at}.name\` must not be "dns": the DNS egress policy (allow-dns-egress) has that name. Rename the rule.`);
            }
            if (rule["name"] === "workload-identity") {
                problems.add(`\`${at}.name\` must not be "workload-identity": the workload-identity egress policy (${WORKLOAD_IDENTITY_POLICY_NAME}) has that name. Rename the rule, or use \`workloadIdentity\` for the credential endpoint.`);
            }
            if (seen.has(rule["name"] as string)) {
                problems.add(`\`${at}.name\` repeats ${JSON.stringify(rule["name"])}: each rule of a namespace needs its own name.`);
            }
            seen.add(rule["name"] as string);
        }
        checkEndpoint(problems, rule["from"], `${at}.from`, ownNamespace);
        checkEndpoint(problems, rule["to"], `${at}.to`, ownNamespace);
        checkPorts(problems, rule["ports"], `${at}.ports`);
        const local = [rule["from"], rule["to"]].some(e => e && typeof e === "object" && "pods" in e && !("namespace" in e));
        if (!local) {
            problems.add(`\`${at}\` must have \`from\` or \`to\` as { pods } of this namespace: a namespace's policies only govern its own pods.`);
        }
    });
    return problems.messages.length === before;
}

/**
 * How AKS pods reach the Entra token endpoint, an FQDN that a Kubernetes NetworkPolicy cannot name:
 * - `"cilium-fqdn"`: a CiliumNetworkPolicy allowing `toFQDNs` login.microsoftonline.com on 443 (needs
 *   Azure CNI Powered by Cilium with Advanced Container Networking Services' FQDN filtering, which
 *   is billed; MicrosoftDocs/azure-aks-docs container-network-security-fqdn-filtering-concepts.md);
 * - `{ proxy: { cidr, port } }`: an egress proxy or firewall (e.g. Azure Firewall with an FQDN
 *   rule) that pods reach by address, which then reaches Entra.
 */
export type EntraTokenEgress = "cilium-fqdn" | { readonly proxy: { readonly cidr: string; readonly port: number } };

/** The pods of a namespace that use the cloud's workload identity, and (on AKS) how they reach Entra. */
export interface WorkloadIdentityArgs {
    /** The pods that get credentials from the cloud. @default {} (every pod of the namespace) */
    readonly pods?: PodLabels;
    /** AKS only, and required there: how pods reach the Entra token endpoint (see EntraTokenEgress). */
    readonly entraTokenEgress?: EntraTokenEgress;
}

/** The name of the NetworkPolicy that opens the workload-identity path. */
export const WORKLOAD_IDENTITY_POLICY_NAME = "allow-workload-identity-egress";

/** Checks WorkloadIdentityArgs for `cloud` under `path`. */
export function checkWorkloadIdentity(problems: Problems, value: unknown, path: string, cloud: "aws" | "gcp" | "azure" | undefined): value is WorkloadIdentityArgs {
    const before = problems.messages.length;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        problems.add(`\`${path}\` must be { pods?, entraTokenEgress? }: the pods that use the cloud's workload identity.`);
        return false;
    }
    const v = value as Record<string, unknown>;
    if (v["pods"] !== undefined) {
        checkLabels(problems, v["pods"], `${path}.pods`);
    }
    if (cloud === undefined) {
        problems.add(`\`${path}\` needs the cluster's \`identity\` ({ cloud, ... }): the credential endpoint to allow depends on the cloud.`);
    } else if (cloud === "azure") {
        const e = v["entraTokenEgress"];
        if (e === undefined) {
            problems.add(
                `\`${path}.entraTokenEgress\` is required on AKS: workload identity gets tokens from ${ENTRA_TOKEN_HOST} over HTTPS, an FQDN a NetworkPolicy cannot name, so a default-deny namespace would break every such pod. ` +
                    'Set "cilium-fqdn" (a CiliumNetworkPolicy; needs Azure CNI Powered by Cilium with Advanced Container Networking Services) or { proxy: { cidr, port } } (an egress proxy or Azure Firewall that reaches Entra).',
            );
        } else if (e !== "cilium-fqdn") {
            const proxy = e !== null && typeof e === "object" ? (e as Record<string, unknown>)["proxy"] : undefined;
            if (proxy === null || typeof proxy !== "object") {
                problems.add(`\`${path}.entraTokenEgress\` must be "cilium-fqdn" or { proxy: { cidr, port } }, not ${JSON.stringify(e)}.`);
            } else {
                const pr = proxy as Record<string, unknown>;
                if (typeof pr["cidr"] === "string" && EVERYWHERE_CIDRS.includes(pr["cidr"].trim())) {
                    problems.add(`\`${path}.entraTokenEgress.proxy.cidr\` must be the proxy's address range, not ${pr["cidr"]}: that undoes the default deny.`);
                } else {
                    checkCidr(problems, pr["cidr"], `${path}.entraTokenEgress.proxy.cidr`);
                }
                if (typeof pr["port"] !== "number" || !Number.isInteger(pr["port"]) || pr["port"] < 1 || pr["port"] > 65535) {
                    problems.add(`\`${path}.entraTokenEgress.proxy.port\` must be the proxy's port (1-65535), not ${JSON.stringify(pr["port"])}.`);
                }
            }
        }
    } else if (v["entraTokenEgress"] !== undefined) {
        problems.add(`\`${path}.entraTokenEgress\` applies to AKS only: on ${cloud} the credential endpoint is a fixed address. Remove it.`);
    }
    return problems.messages.length === before;
}

/**
 * The NetworkPolicy that lets the workload-identity pods reach exactly their cloud's credential
 * endpoint (WORKLOAD_IDENTITY_ENDPOINTS), annotated so the pack recognises it as the identity path.
 * On AKS through a proxy, the proxy's address and port; with "cilium-fqdn", no NetworkPolicy (see
 * ciliumEntraPolicy).
 */
export function workloadIdentityPolicies(cloud: "aws" | "gcp" | "azure", args: WorkloadIdentityArgs): NetworkPolicyManifest[] {
    const annotations = { [EGRESS_PURPOSE_ANNOTATION]: workloadIdentityPurpose(cloud) };
    const podSelector = { matchLabels: { ...(args.pods ?? {}) } };
    if (cloud === "azure") {
        const e = args.entraTokenEgress;
        if (e === undefined || e === "cilium-fqdn") {
            return [];
        }
        return [
            {
                name: WORKLOAD_IDENTITY_POLICY_NAME,
                annotations,
                spec: { podSelector, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: e.proxy.cidr } }], ports: [{ protocol: "TCP", port: e.proxy.port }] }] },
            },
        ];
    }
    return [
        {
            name: WORKLOAD_IDENTITY_POLICY_NAME,
            annotations,
            spec: {
                podSelector,
                policyTypes: ["Egress"],
                egress: WORKLOAD_IDENTITY_ENDPOINTS[cloud].map(endpoint => ({
                    to: [{ ipBlock: { cidr: endpoint.cidr } }],
                    ports: endpoint.ports.map(port => ({ protocol: "TCP" as const, port })),
                })),
            },
        },
    ];
}

/**
 * The CiliumNetworkPolicy (cilium.io/v2) for AKS workload identity with "cilium-fqdn": DNS through
 * Cilium's DNS proxy (toFQDNs only learns addresses from DNS answers the proxy sees, so the DNS
 * rule carries `rules.dns`; every name, as the pods' other lookups go the same way), and HTTPS to the Entra token host only (docs.cilium.io, "DNS based"
 * policy, toFQDNs). Cilium allows the union of this and the namespace's NetworkPolicies.
 */
export function ciliumEntraPolicy(args: WorkloadIdentityArgs, dns: DnsTarget | undefined): { readonly name: string; readonly annotations: Readonly<Record<string, string>>; readonly spec: Record<string, unknown> } {
    const dnsTarget = dns ?? { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } };
    return {
        name: WORKLOAD_IDENTITY_POLICY_NAME,
        annotations: { [EGRESS_PURPOSE_ANNOTATION]: workloadIdentityPurpose("azure") },
        spec: {
            endpointSelector: { matchLabels: { ...(args.pods ?? {}) } },
            egress: [
                {
                    toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": dnsTarget.namespace, ...Object.fromEntries(Object.entries(dnsTarget.pods).map(([k, v]) => [`k8s:${k}`, v])) } }],
                    toPorts: [{ ports: [{ port: "53", protocol: "ANY" }], rules: { dns: [{ matchPattern: "*" }] } }],
                },
                { toFQDNs: [{ matchName: ENTRA_TOKEN_HOST }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
            ],
        },
    };
}
