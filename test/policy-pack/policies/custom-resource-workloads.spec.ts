import * as assert from "node:assert/strict";
import { NAMESPACE, analyze, assertClean, hardenedPodSpec, resource, stackWith } from "../../helpers/policy";
import { isOperatorPodType, isWorkloadType } from "../../../policy-pack/lib/kubernetes-types";

/** Each custom resource with its pod template where the controller reads it (CRD schemas of each project). */
const TEMPLATED: readonly { type: string; build: (podSpec: Record<string, unknown>) => Record<string, unknown> }[] = [
    { type: "kubernetes:argoproj.io/v1alpha1:Rollout", build: spec => ({ spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec } } }) },
    { type: "kubernetes:serving.knative.dev/v1:Service", build: spec => ({ spec: { template: { spec } } }) },
    { type: "kubernetes:serving.knative.dev/v1:Configuration", build: spec => ({ spec: { template: { spec } } }) },
    { type: "kubernetes:serving.knative.dev/v1:Revision", build: spec => ({ spec }) },
    { type: "kubernetes:keda.sh/v1alpha1:ScaledJob", build: spec => ({ spec: { jobTargetRef: { template: { spec: { ...spec, restartPolicy: "Never" } } } } }) },
];

describe("custom resources that carry pod templates", () => {
    for (const { type, build } of TEMPLATED) {
        const kind = type.split(":")[2];
        const of = (spec: Record<string, unknown>) => resource(type, "web", { metadata: { name: "web", namespace: NAMESPACE }, ...build(spec) });

        it(`judges a ${kind} through its pod template: hardened is clean, privileged is reported`, async () => {
            assert.ok(isWorkloadType(type));
            assertClean(await analyze(stackWith(of(hardenedPodSpec()))));
            const privileged = hardenedPodSpec();
            privileged.containers[0].securityContext.privileged = true;
            const found = await analyze(stackWith(of(privileged)));
            assert.deepEqual([...new Set(found.map(f => f.policy))], ["pss-disallow-privileged"]);
            assert.ok(found[0].detail.startsWith(`${kind} 'web' must satisfy PodSecurity`), found[0].detail);
        });
    }

    it("names operator-built pod kinds (Prometheus, Alertmanager, Argo Workflows) as such, and judges none of them", () => {
        for (const type of ["kubernetes:monitoring.coreos.com/v1:Prometheus", "kubernetes:monitoring.coreos.com/v1:Alertmanager", "kubernetes:argoproj.io/v1alpha1:Workflow"]) {
            assert.ok(isOperatorPodType(type) && !isWorkloadType(type), type);
        }
        assert.ok(!isOperatorPodType("kubernetes:argoproj.io/v1alpha1:Rollout"));
    });
});
