import { workloadIdentityPolicies } from "../../../components/kubernetes/network-rules";
import { Json, NETWORK_POLICY_TYPE, analyze, assertClean, assertFindings, resource, stackWith, tweaked } from "../../helpers/policy";

const POLICY = "k8s-networkpolicy-disallow-allow-all";

/** The workload-identity policy HardenedNamespace writes for `cloud`, as the engine sees it. */
function identityPath(cloud: "aws" | "gcp" | "azure"): Json {
    const [p] = workloadIdentityPolicies(cloud, cloud === "azure" ? { entraTokenEgress: { proxy: { cidr: "10.0.1.4/32", port: 3128 } } } : { pods: { app: "backend" } });
    return { metadata: { name: p.name, namespace: "payments", annotations: { ...p.annotations } }, spec: structuredClone(p.spec) } as Json;
}

function run(props: Json) {
    return analyze(stackWith(resource(NETWORK_POLICY_TYPE, "identity", props)));
}

describe("k8s-networkpolicy-disallow-allow-all: the workload-identity path", () => {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
        it(`passes the ${cloud} workload-identity policy HardenedNamespace writes`, async () => {
            assertClean(await run(identityPath(cloud)));
        });
    }

    const MUST = "NetworkPolicy 'allow-workload-identity-egress' must allow only the";
    const wider: { it: string; cloud: "aws" | "gcp"; change: (p: Json) => void; parts: string[] }[] = [
        { it: "a wider range than the endpoint", cloud: "gcp", change: p => (p.spec.egress[0].to[0].ipBlock.cidr = "169.254.0.0/16"), parts: [`${MUST} gcp`, "spec.egress[0].to[0] is 169.254.0.0/16, not one of 169.254.169.254/32, 169.254.169.252/32"] },
        { it: "another port on the endpoint", cloud: "aws", change: p => p.spec.egress[0].ports.push({ protocol: "TCP", port: 443 }), parts: ["spec.egress[0].ports[1] (TCP 443) is not the endpoint's TCP 80"] },
        { it: "a port range", cloud: "aws", change: p => (p.spec.egress[0].ports[0].endPort = 90), parts: ["spec.egress[0].ports[0] (TCP 80-90)"] },
        { it: "a rule without ports", cloud: "gcp", change: p => delete p.spec.egress[1].ports, parts: ["spec.egress[1] opens every port"] },
        { it: "an extra destination", cloud: "aws", change: p => p.spec.egress.push({ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 443 }] }), parts: ["spec.egress[2].to[0] is 10.0.0.0/8"] },
        { it: "pods as a destination", cloud: "gcp", change: p => p.spec.egress[0].to.push({ podSelector: {} }), parts: ["spec.egress[0].to[1] selects pods, not the credential endpoint"] },
        { it: "ingress", cloud: "aws", change: p => (p.spec.ingress = [{ from: [{ podSelector: {} }] }]), parts: ["spec.ingress admits traffic"] },
        { it: "the endpoint of another cloud", cloud: "aws", change: p => (p.spec.egress[0].to[0].ipBlock.cidr = "169.254.169.254/32"), parts: ["spec.egress[0].to[0] is 169.254.169.254/32, not one of 169.254.170.23/32, fd00:ec2::23/128"] },
    ];
    for (const w of wider) {
        it(`reports a declared path that allows ${w.it}`, async () => {
            assertFindings(await run(tweaked(identityPath(w.cloud), w.change)), [{ policy: POLICY, level: "mandatory", parts: w.parts }]);
        });
    }

    it("reports an unknown workload-identity purpose", async () => {
        const props = tweaked(identityPath("aws"), p => (p.metadata.annotations["hardened-cluster-blueprint/egress-purpose"] = "workload-identity-oci"));
        assertFindings(await run(props), [{ policy: POLICY, level: "mandatory", parts: ["must declare a known workload-identity path"] }]);
    });

    const undeclared: { it: string; cidr: string; except?: string[]; parts: string[] }[] = [
        { it: "the GKE metadata server", cidr: "169.254.169.254/32", parts: ["(169.254.169.254/32) reaches the gcp credential endpoint 169.254.169.254"] },
        { it: "the link-local range", cidr: "169.254.0.0/16", parts: ["reaches the aws credential endpoint 169.254.170.23", "reaches the gcp credential endpoint 169.254.169.254", "reaches the gcp credential endpoint 169.254.169.252"] },
        { it: "the Pod Identity agent over IPv6", cidr: "fd00:ec2::/64", parts: ["reaches the aws credential endpoint fd00:ec2::23"] },
    ];
    for (const u of undeclared) {
        it(`reports an undeclared policy whose egress reaches ${u.it}`, async () => {
            const props = tweaked(identityPath("gcp"), p => {
                delete p.metadata.annotations;
                p.metadata.name = "egress";
                p.spec.egress = [{ to: [{ ipBlock: { cidr: u.cidr, ...(u.except ? { except: u.except } : {}) } }], ports: [{ port: 80 }] }];
            });
            assertFindings(await run(props), [{ policy: POLICY, level: "mandatory", parts: ["NetworkPolicy 'egress' must not reach a cloud credential endpoint outside the declared workload-identity path", ...u.parts] }]);
        });
    }

    it("passes an undeclared range that leaves the endpoints out", async () => {
        const props = tweaked(identityPath("gcp"), p => {
            delete p.metadata.annotations;
            p.spec.egress = [{ to: [{ ipBlock: { cidr: "169.254.0.0/16", except: ["169.254.169.0/24", "169.254.170.0/24"] } }], ports: [{ port: 80 }] }];
        });
        assertClean(await run(props));
    });
});
