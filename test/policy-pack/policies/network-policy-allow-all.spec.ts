import * as assert from "node:assert/strict";
import {
    Json,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    allowNetworkPolicy,
    analyze,
    assertClean,
    assertFindings,
    policyNamed,
    resource,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-networkpolicy-disallow-allow-all";
const MUST = "NetworkPolicy 'web-from-frontend' must name its peers, not allow all traffic";

/**
 * The hardened stack with the allow policy tweaked. Its namespace is meshed in STRICT mode (Linkerd,
 * all-authenticated): a hardened namespace whose peers reach into other namespaces carries that
 * traffic over mTLS (checklist "service-to-service mTLS"), so the cases that open the peers to
 * other namespaces judge this policy alone, not an unmeshed namespace, which is
 * k8s-namespace-require-mesh-mtls's own verdict (test/policy-pack/policies/checklist).
 */
function allow(change: (p: Json) => void) {
    return stackWith(resource(NETWORK_POLICY_TYPE, "allow", tweaked(allowNetworkPolicy(), change))).map(r =>
        r.type === NAMESPACE_TYPE ? { ...r, inputs: meshed(r.inputs), outputs: meshed(r.outputs) } : r,
    );
}

function meshed(ns: Json): Json {
    return { ...ns, metadata: { ...ns.metadata, annotations: { ...(ns.metadata?.annotations ?? {}), "linkerd.io/inject": "enabled", "config.linkerd.io/default-inbound-policy": "all-authenticated" } } };
}

describe(POLICY, () => {
    it("passes an allow policy that names its peers, beside the default deny, under every policy of the pack", async () => {
        assertClean(await analyze(allow(() => undefined)));
    });

    const cases: { it: string; change: (p: Json) => void; problems: string }[] = [
        { it: "reports an ingress rule without from (an allow-all)", change: p => delete p.spec.ingress[0].from, problems: "spec.ingress[0] has no from: it admits every source on port 8080/TCP" },
        { it: "reports an ingress rule with an empty from", change: p => (p.spec.ingress[0].from = []), problems: "spec.ingress[0] has no from: it admits every source on port 8080/TCP" },
        { it: "reports an empty ingress rule", change: p => p.spec.ingress.push({}), problems: "spec.ingress[1] has no from: it admits every source" },
        { it: "reports an egress rule without to", change: p => delete p.spec.egress[0].to, problems: "spec.egress[0] has no to: it reaches every destination on port 53/UDP" },
        { it: "reports an egress ipBlock of 0.0.0.0/0", change: p => (p.spec.egress[1].to[0].ipBlock.cidr = "0.0.0.0/0"), problems: "spec.egress[1].to[0] is 0.0.0.0/0" },
        { it: "reports an ingress ipBlock of ::/0", change: p => p.spec.ingress[0].from.push({ ipBlock: { cidr: "::/0" } }), problems: "spec.ingress[0].from[1] is ::/0 on port 8080/TCP" },
        { it: "reports any address with a /0 prefix, which covers every address", change: p => (p.spec.egress[1].to[0].ipBlock.cidr = "10.0.0.0/0"), problems: "spec.egress[1].to[0] is 10.0.0.0/0" },
        { it: "reports 0.0.0.0/0 even with exceptions", change: p => (p.spec.egress[1].to[0].ipBlock = { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] }), problems: "spec.egress[1].to[0] is 0.0.0.0/0" },
        { it: "reports an empty namespaceSelector peer alone, every pod of every namespace", change: p => (p.spec.ingress[0].from = [{ namespaceSelector: {} }]), problems: "spec.ingress[0].from[0] selects every pod of every namespace (empty namespaceSelector) on port 8080/TCP" },
        { it: "reports an empty namespaceSelector with an empty podSelector", change: p => (p.spec.ingress[0].from = [{ namespaceSelector: { matchLabels: {} }, podSelector: {} }]), problems: "spec.ingress[0].from[0] selects every pod of every namespace (empty namespaceSelector) on port 8080/TCP" },
        { it: "reports an empty namespaceSelector narrowed by pod labels, which any namespace can match", change: p => (p.spec.egress[0].to[0].namespaceSelector = {}), problems: "spec.egress[0].to[0] selects pods of every namespace (empty namespaceSelector) on port 53/UDP" },
        // The control plane labels every namespace kubernetes.io/metadata.name=<name> (Kubernetes docs, Namespaces, Automatic labelling).
        {
            it: "reports a namespaceSelector that every namespace meets (Exists on kubernetes.io/metadata.name)",
            change: p => (p.spec.egress[0].to[0].namespaceSelector = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "Exists" }] }),
            problems: "spec.egress[0].to[0] selects pods of every namespace (namespaceSelector on kubernetes.io/metadata.name, which every namespace carries) on port 53/UDP",
        },
        {
            it: "reports a namespaceSelector that excludes a few namespaces by name, naming them",
            change: p => (p.spec.egress[0].to[0] = { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["prod", "payments"] }] } }),
            problems: "spec.egress[0].to[0] selects every pod of every namespace but prod, payments (namespaceSelector on kubernetes.io/metadata.name, which every namespace carries) on port 53/UDP",
        },
        // The ports a too-broad rule is limited to say how much it admits (networking/v1 NetworkPolicyPort:
        // protocol defaults to TCP, no port is every port of the protocol, endPort makes a range).
        {
            it: "names every port a too-broad rule admits: ranges, names and every port of a protocol",
            change: p => {
                delete p.spec.ingress[0].from;
                p.spec.ingress[0].ports = [{ port: 8000, endPort: 8100, protocol: "TCP" }, { protocol: "UDP" }, { port: "metrics" }];
            },
            problems: "spec.ingress[0] has no from: it admits every source on ports 8000-8100/TCP, every UDP port, metrics/TCP",
        },
        { it: "says every port of a protocol when the one port has no number", change: p => (p.spec.egress[0] = { ports: [{ protocol: "UDP" }] }), problems: "spec.egress[0] has no to: it reaches every destination on every UDP port" },
        {
            it: "lists every problem in one message",
            change: p => {
                delete p.spec.ingress[0].from;
                p.spec.egress[1].to[0].ipBlock.cidr = "::/0";
            },
            problems: "spec.ingress[0] has no from: it admits every source on port 8080/TCP; spec.egress[1].to[0] is ::/0",
        },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(allow(c.change)), [{ policy: POLICY, level: "mandatory", parts: [`${MUST}: ${c.problems}.`] }]);
        });
    }

    it("passes a namespaceSelector that names its namespaces, by labels or expressions", async () => {
        assertClean(await analyze(allow(p => (p.spec.ingress[0].from = [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["web"] }] } }]))));
    });

    const namedSelectors: { it: string; selector: Json }[] = [
        { it: "names its namespaces with In on kubernetes.io/metadata.name", selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kube-system"] }] } },
        { it: "adds a label of its own to Exists on kubernetes.io/metadata.name", selector: { matchLabels: { team: "dns" }, matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "Exists" }] } },
        { it: "reads another label with Exists", selector: { matchExpressions: [{ key: "team", operator: "Exists" }] } },
    ];
    for (const c of namedSelectors) {
        it(`passes a namespaceSelector that ${c.it}`, async () => {
            assertClean(await analyze(allow(p => (p.spec.egress[0].to[0].namespaceSelector = c.selector))));
        });
    }

    it("passes a narrower ipBlock", async () => {
        assertClean(await analyze(allow(p => (p.spec.egress[1].to[0].ipBlock.cidr = "10.0.0.0/16"))));
    });

    const wrongTyped: { it: string; change: (p: Json) => void; message: string }[] = [
        { it: "ingress", change: p => (p.spec.ingress = {}), message: "`spec.ingress` must be an array, not an object" },
        { it: "rule", change: p => (p.spec.egress[0] = "all"), message: "`spec.egress[0]` must be an object, not a string" },
        { it: "from", change: p => (p.spec.ingress[0].from = "frontend"), message: "`spec.ingress[0].from` must be an array, not a string" },
        { it: "peer", change: p => (p.spec.ingress[0].from = [7]), message: "`spec.ingress[0].from[0]` must be an object, not a number" },
        { it: "ipBlock", change: p => (p.spec.egress[1].to[0].ipBlock = "0.0.0.0/0"), message: "`spec.egress[1].to[0].ipBlock` must be an object, not a string" },
        { it: "cidr", change: p => (p.spec.egress[1].to[0].ipBlock.cidr = ["0.0.0.0/0"]), message: "`spec.egress[1].to[0].ipBlock.cidr` must be a string, not an array" },
        { it: "spec", change: p => (p.spec = "deny"), message: "`spec` must be an object, not a string" },
        {
            it: "port of a too-broad rule",
            change: p => {
                delete p.spec.ingress[0].from;
                p.spec.ingress[0].ports[0].port = { number: 8080 };
            },
            message: "`spec.ingress[0].ports[0].port` must be a number or a port name, not an object",
        },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.it} as a violation`, async () => {
            const props = tweaked(allowNetworkPolicy(), w.change);
            assert.deepEqual(await validateResource(policyNamed(POLICY), { type: NETWORK_POLICY_TYPE, name: "allow", props }), {
                reports: [{ message: `NetworkPolicy 'web-from-frontend' cannot be verified: ${w.message}.` }],
            });
        });
    }
});
