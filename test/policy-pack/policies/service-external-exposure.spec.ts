import * as assert from "node:assert/strict";
import { INTERNAL_LOAD_BALANCER_ANNOTATIONS } from "../../../components/controls";
import {
    Json,
    SERVICE_TYPE,
    analyze,
    assertClean,
    assertFindings,
    hardenedService,
    policyNamed,
    resource,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-service-restrict-external-exposure";
const SUBJECT = "Service 'web'";
const EXTERNAL_LB = `${SUBJECT} must not be an external load balancer`;

function service(change: (s: Json) => void) {
    return stackWith(resource(SERVICE_TYPE, "svc", tweaked(hardenedService(), change)));
}

const loadBalancer = (s: Json) => (s.spec.type = "LoadBalancer");

describe(POLICY, () => {
    it("passes a ClusterIP Service under every policy of the pack", async () => {
        assertClean(await analyze(stackWith(resource(SERVICE_TYPE, "svc", hardenedService()))));
    });

    it("reads a Service without a type as ClusterIP", async () => {
        assertClean(await analyze(service(s => delete s.spec.type)));
    });

    it("reports, as advisory, a LoadBalancer without an internal annotation", async () => {
        assertFindings(await analyze(service(loadBalancer)), [{ policy: POLICY, level: "advisory", parts: [`${EXTERNAL_LB}: annotate it internal for its cloud`] }]);
    });

    for (const [key, values] of Object.entries(INTERNAL_LOAD_BALANCER_ANNOTATIONS)) {
        for (const value of values) {
            it(`passes a LoadBalancer annotated ${key}: ${value}`, async () => {
                assertClean(await analyze(service(s => {
                    loadBalancer(s);
                    s.metadata.annotations = { [key]: value };
                })));
            });
        }
    }

    it("reports a LoadBalancer whose internal annotation says otherwise", async () => {
        const found = await analyze(service(s => {
            loadBalancer(s);
            s.metadata.annotations = { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" };
        }));
        assertFindings(found, [{ policy: POLICY, parts: [EXTERNAL_LB] }]);
    });

    it("reports a NodePort", async () => {
        assertFindings(await analyze(service(s => (s.spec.type = "NodePort"))), [{ policy: POLICY, level: "advisory", parts: [`${SUBJECT} must not be a NodePort: it opens a port on every node.`] }]);
    });

    it("reports externalIPs", async () => {
        assertFindings(await analyze(service(s => (s.spec.externalIPs = ["203.0.113.10"]))), [{ policy: POLICY, parts: [`${SUBJECT} must not set spec.externalIPs (CVE-2020-8554).`] }]);
    });

    it("reports every exposure in one finding, one sentence each", async () => {
        const found = await analyze(service(s => {
            loadBalancer(s);
            s.spec.externalIPs = ["203.0.113.10"];
        }));
        assertFindings(found, [{ policy: POLICY, parts: [`${EXTERNAL_LB}`, `. ${SUBJECT} must not set spec.externalIPs (CVE-2020-8554).`] }]);
    });

    const wrongTyped: { it: string; change: (s: Json) => void; message: string }[] = [
        { it: "type", change: s => (s.spec.type = ["LoadBalancer"]), message: "`spec.type` must be a string, not an array" },
        { it: "externalIPs", change: s => (s.spec.externalIPs = "203.0.113.10"), message: "`spec.externalIPs` must be an array, not a string" },
        {
            it: "annotations of a LoadBalancer",
            change: s => {
                loadBalancer(s);
                s.metadata.annotations = "internal";
            },
            message: "`metadata.annotations` must be an object, not a string",
        },
        { it: "spec", change: s => (s.spec = 1), message: "`spec` must be an object, not a number" },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.it} as a violation`, async () => {
            const props = tweaked(hardenedService(), w.change);
            assert.deepEqual(await validateResource(policyNamed(POLICY), { type: SERVICE_TYPE, name: "svc", props }), { reports: [{ message: `${SUBJECT} cannot be verified: ${w.message}.` }] });
        });
    }
});
