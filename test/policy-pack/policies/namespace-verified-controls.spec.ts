import {
    DEPLOYMENT_TYPE,
    Json,
    NAMESPACE,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    POD_SECURITY_CONTROL_ROWS,
    analyze,
    assertClean,
    assertFindings,
    defaultDenyNetworkPolicy,
    hardenedNamespace,
    hardenedWorkload,
    resource,
    tweaked,
} from "../../helpers/policy";
import { POD_SECURITY_LABELS } from "../../../components/controls";

const POLICY = "k8s-namespace-require-verified-controls";
const NAMESPACE_PATCH_TYPE = "kubernetes:core/v1:NamespacePatch";

function web(name = "web", namespace = NAMESPACE) {
    return resource(DEPLOYMENT_TYPE, name, hardenedWorkload(DEPLOYMENT_TYPE, { name, namespace }));
}
const denyAll = (namespace = NAMESPACE) => resource(NETWORK_POLICY_TYPE, `${namespace}-deny`, defaultDenyNetworkPolicy(namespace));
const patch = (labels: Json) => resource(NAMESPACE_PATCH_TYPE, "apps-patch", { metadata: { name: NAMESPACE, labels } });
const enforce = { [POD_SECURITY_LABELS.enforce]: "restricted" };

describe(POLICY, () => {
    it("is silent for a namespace among the inputs, which its own policies judge", async () => {
        assertClean(await analyze([resource(NAMESPACE_TYPE, NAMESPACE, hardenedNamespace()), denyAll(), web()]));
    });

    it("reports, once and as advisory, a namespace its workloads use that no input declares, with the level used in its place", async () => {
        const found = await analyze([web("a"), web("b"), denyAll()]);
        assertFindings(found, [
            {
                policy: POLICY,
                level: "advisory",
                urn: web("a").urn,
                parts: [`Namespace '${NAMESPACE}' must have its Pod Security labels among the inputs to be verified: no Namespace among the inputs declares it, so its 2 workloads were judged at restricted:latest, the default level (hcb --pod-security), in its place.`],
            },
        ]);
    });

    it("names the level given in place of the namespace's", async () => {
        const all = Object.fromEntries([...POD_SECURITY_CONTROL_ROWS.map(r => r.policy), POLICY].map(p => [p, { defaultLevel: "baseline", defaultVersion: "v1.30" }]));
        assertFindings(await analyze([web(), denyAll()], all), [{ policy: POLICY, parts: ["so its workload was judged at baseline:v1.30, the default level"] }]);
    });

    it("says what the inputs hold of the namespace's NetworkPolicies", async () => {
        const ingressOnly = resource(NETWORK_POLICY_TYPE, "ingress-deny", tweaked(defaultDenyNetworkPolicy(), p => (p.spec.policyTypes = ["Ingress"])));
        const allow = resource(NETWORK_POLICY_TYPE, "allow", { metadata: { name: "allow", namespace: NAMESPACE }, spec: { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: {} }] }] } });
        const cases: { inputs: ReturnType<typeof resource>[]; detail: string }[] = [
            { inputs: [], detail: "no NetworkPolicy among the inputs lives in it." },
            { inputs: [ingressOnly], detail: "its NetworkPolicy among the inputs denies ingress but not egress by default." },
            { inputs: [allow, allow], detail: "none of its 2 NetworkPolicies among the inputs denies all ingress and egress." },
        ];
        for (const c of cases) {
            assertFindings(await analyze([patch(enforce), web(), ...c.inputs]), [
                { policy: POLICY, parts: [`Namespace '${NAMESPACE}' must have its default-deny NetworkPolicy among the inputs to be verified: ${c.detail}`] },
            ]);
        }
    });

    it("takes a NamespacePatch that sets the enforce label as the namespace's labels", async () => {
        assertClean(await analyze([patch(enforce), denyAll(), web()]));
        assertFindings(await analyze([patch({ team: "web" }), denyAll(), web()]), [
            { policy: POLICY, parts: [`its NamespacePatch sets no ${POD_SECURITY_LABELS.enforce} label, so its workload was judged at restricted:latest`] },
        ]);
    });

    it("leaves out the namespaces configured as verified elsewhere", async () => {
        assertClean(await analyze([web()], { [POLICY]: { exemptNamespaces: [NAMESPACE] } }));
    });
});
