import * as assert from "node:assert/strict";
import { NAMESPACE, analyze, assertClean, assertFindings, resource, stackWith } from "../../helpers/policy";
import { isPatchType, isWorkloadType } from "../../../policy-pack/lib/kubernetes-types";

const DEPLOYMENT_PATCH = "kubernetes:apps/v1:DeploymentPatch";
const POD_PATCH = "kubernetes:core/v1:PodPatch";
const CRON_JOB_PATCH = "kubernetes:batch/v1:CronJobPatch";

/** A DeploymentPatch that sets only the named container's fields given. */
function deploymentPatch(container: Record<string, unknown>, podSpec: Record<string, unknown> = {}) {
    return resource(DEPLOYMENT_PATCH, "web-patch", {
        metadata: { name: "web", namespace: NAMESPACE },
        spec: { template: { spec: { ...podSpec, containers: [{ name: "app", ...container }] } } },
    });
}

describe("pulumi-kubernetes *Patch kinds", () => {
    it("are workload kinds when their base kind is, and Patch kinds by name", () => {
        for (const type of [DEPLOYMENT_PATCH, POD_PATCH, CRON_JOB_PATCH, "kubernetes:apps/v1:StatefulSetPatch"]) {
            assert.ok(isWorkloadType(type), type);
            assert.ok(isPatchType(type), type);
        }
        assert.ok(!isWorkloadType("kubernetes:core/v1:ConfigMapPatch"));
        assert.ok(!isPatchType("kubernetes:apps/v1:Deployment"));
        assert.ok(isPatchType("kubernetes:core/v1:NamespacePatch"));
    });

    it("pass a patch that sets only a harmless field: what it leaves unset is the live object's", async () => {
        assertClean(await analyze(stackWith(deploymentPatch({ env: [{ name: "LOG_LEVEL", value: "debug" }] }))));
        assertClean(await analyze(stackWith(resource(POD_PATCH, "p", { metadata: { name: "p", namespace: NAMESPACE }, spec: { containers: [{ name: "app" }] } }))));
    });

    const cases: { it: string; container?: Record<string, unknown>; pod?: Record<string, unknown>; policy: string; part: string }[] = [
        { it: "privileged: true", container: { securityContext: { privileged: true } }, policy: "pss-disallow-privileged", part: 'privileged (container "app" must not set securityContext.privileged=true)' },
        { it: "allowPrivilegeEscalation: true", container: { securityContext: { allowPrivilegeEscalation: true } }, policy: "pss-disallow-privilege-escalation", part: "allowPrivilegeEscalation != false" },
        { it: "runAsNonRoot: false on the pod", pod: { securityContext: { runAsNonRoot: false } }, policy: "pss-require-run-as-non-root", part: "runAsNonRoot != true" },
        { it: "an Unconfined seccomp profile", container: { securityContext: { seccompProfile: { type: "Unconfined" } } }, policy: "pss-require-seccomp-profile", part: "seccompProfile" },
        { it: "an added capability", container: { securityContext: { capabilities: { add: ["NET_ADMIN"] } } }, policy: "pss-require-drop-all-capabilities", part: "unrestricted capabilities" },
        { it: "hostNetwork", pod: { hostNetwork: true }, policy: "pss-disallow-host-namespaces", part: "host namespaces (hostNetwork=true)" },
        { it: "readOnlyRootFilesystem: false", container: { securityContext: { readOnlyRootFilesystem: false } }, policy: "k8s-workload-require-read-only-root-filesystem", part: 'container "app" sets it to false' },
        { it: "a tagged image", container: { image: "nginx:1.27" }, policy: "k8s-workload-require-image-digest", part: 'container "app" uses tag "1.27" without a digest' },
        { it: "automountServiceAccountToken: true", pod: { automountServiceAccountToken: true }, policy: "k8s-workload-disallow-token-automount", part: "automountServiceAccountToken=true" },
    ];
    for (const c of cases) {
        it(`report a patch that sets ${c.it}, and nothing it leaves unset`, async () => {
            const found = await analyze(stackWith(deploymentPatch(c.container ?? {}, c.pod ?? {})));
            assertFindings(found, [{ policy: c.policy, parts: [`DeploymentPatch 'web' must`, c.part] }]);
        });
    }
});

describe("pulumi-kubernetes *Patch kinds beside workloads", () => {
    const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
    const cases: { it: string; type: string; props: Record<string, unknown>; policy: string; part: string }[] = [
        { it: "a ClusterRolePatch granting everything", type: `${RBAC}:ClusterRolePatch`, props: { metadata: { name: "ops" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }, policy: "k8s-rbac-disallow-wildcards", part: "ClusterRolePatch 'ops' must not use wildcards" },
        { it: "a ClusterRoleBindingPatch to cluster-admin", type: `${RBAC}:ClusterRoleBindingPatch`, props: { metadata: { name: "ops" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "ops" }] }, policy: "k8s-rbac-restrict-cluster-admin-bindings", part: "Group ops is not in breakGlassSubjects" },
        { it: "a SecretPatch with data", type: "kubernetes:core/v1:SecretPatch", props: { metadata: { name: "s", namespace: NAMESPACE }, stringData: { token: "t" } }, policy: "k8s-secret-disallow-literal-data", part: "not literal stringData" },
        { it: "a ServicePatch to a LoadBalancer", type: "kubernetes:core/v1:ServicePatch", props: { metadata: { name: "web", namespace: NAMESPACE }, spec: { type: "LoadBalancer" } }, policy: "k8s-service-restrict-external-exposure", part: "must not be an external load balancer" },
        { it: "a NetworkPolicyPatch allowing all", type: "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch", props: { metadata: { name: "np", namespace: NAMESPACE }, spec: { ingress: [{}] } }, policy: "k8s-networkpolicy-disallow-allow-all", part: "spec.ingress[0] has no from" },
        { it: "a NamespacePatch enforcing privileged", type: "kubernetes:core/v1:NamespacePatch", props: { metadata: { name: "ops", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }, policy: "k8s-namespace-require-pod-security-labels", part: "pod-security.kubernetes.io/enforce=privileged is not an allowed level (restricted)." },
    ];
    for (const c of cases) {
        it(`judge ${c.it} on what it sets`, async () => {
            assertFindings(await analyze(stackWith(resource(c.type, "patch", c.props))), [{ policy: c.policy, parts: [c.part] }]);
        });
    }

    it("pass patches that set nothing insecure, leaving the rest to the live objects", async () => {
        assertClean(await analyze(stackWith(
            resource("kubernetes:core/v1:ServicePatch", "svc", { metadata: { name: "web", namespace: NAMESPACE, annotations: { team: "web" } } }),
            resource("kubernetes:core/v1:NamespacePatch", "ns", { metadata: { name: "ops", labels: { team: "ops" } } }),
        )));
    });
});
