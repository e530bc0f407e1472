import * as assert from "node:assert/strict";
import { containersOf } from "../../../policy-pack/lib/containers";
import { isWorkloadType, kubernetesTypeToken, parseKubernetesToken, podTemplateOf } from "../../../policy-pack/lib/kubernetes-types";
import { MalformedValueError } from "../../../policy-pack/lib/read";
import { WORKLOAD_KINDS, hardenedEphemeralContainer, hardenedWorkload, podIn, specPathOf, tweaked } from "../../helpers/policy";

describe("kubernetes-types", () => {
    it("builds Pulumi type tokens from apiVersion and kind", () => {
        assert.equal(kubernetesTypeToken("v1", "Pod"), "kubernetes:core/v1:Pod");
        assert.equal(kubernetesTypeToken("apps/v1", "Deployment"), "kubernetes:apps/v1:Deployment");
        assert.deepEqual(parseKubernetesToken("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"), { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" });
        assert.equal(parseKubernetesToken("aws:eks/cluster:Cluster"), undefined);
    });

    it("knows every workload kind, older apiVersions included, and nothing else", () => {
        for (const kind of WORKLOAD_KINDS) {
            assert.ok(isWorkloadType(kind.type), kind.type);
        }
        for (const type of ["kubernetes:core/v1:Service", "kubernetes:apps/v1:ControllerRevision", "kubernetes:core/v1:ConfigMap", "aws:ec2/instance:Instance"]) {
            assert.equal(isWorkloadType(type), false, type);
        }
    });

    it("finds the pod template of every workload kind", () => {
        for (const kind of WORKLOAD_KINDS) {
            const props = hardenedWorkload(kind.type);
            const template = podTemplateOf(kind.type, props);
            assert.ok(template, kind.type);
            assert.equal(template.specPath, specPathOf(kind.type));
            assert.deepEqual(template.spec, podIn(kind.type, props).spec);
            assert.deepEqual(template.metadata, podIn(kind.type, props).metadata);
        }
    });

    it("finds no template when the workload has none yet, and none for other kinds", () => {
        assert.equal(podTemplateOf("kubernetes:apps/v1:Deployment", { metadata: { name: "x" }, spec: {} }), undefined);
        assert.equal(podTemplateOf("kubernetes:core/v1:Service", { spec: {} }), undefined);
    });

    it("raises on a wrong-typed step, naming it", () => {
        const type = "kubernetes:batch/v1:CronJob";
        const props = tweaked(hardenedWorkload(type), c => (c.spec.jobTemplate.spec = []));
        assert.throws(() => podTemplateOf(type, props), (e: unknown) => e instanceof MalformedValueError && e.path === "spec.jobTemplate.spec");
    });

    it("walks init, regular and ephemeral containers in that order", () => {
        const type = "kubernetes:core/v1:Pod";
        const props = hardenedWorkload(type, { tweak: s => (s.ephemeralContainers = [hardenedEphemeralContainer("debug"), null]) });
        const refs = containersOf(podTemplateOf(type, props)!);
        assert.deepEqual(
            refs.map(r => [r.list, r.name, r.path]),
            [
                ["initContainers", "init", "spec.initContainers[0]"],
                ["containers", "app", "spec.containers[0]"],
                ["ephemeralContainers", "debug", "spec.ephemeralContainers[0]"],
                ["ephemeralContainers", "#1", "spec.ephemeralContainers[1]"],
            ],
        );
    });
});
