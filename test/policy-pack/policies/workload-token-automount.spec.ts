import * as assert from "node:assert/strict";
import {
    DEPLOYMENT_TYPE,
    Json,
    NAMESPACE,
    SERVICE_ACCOUNT_TYPE,
    WORKLOAD_KINDS,
    analyze,
    assertClean,
    assertFindings,
    hardenedDefaultServiceAccount,
    hardenedWorkload,
    kindOf,
    policyNamed,
    resource,
    specPathOf,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-workload-disallow-token-automount";

function workload(type: string, tweak?: (spec: Json) => void) {
    return stackWith(resource(type, "web", hardenedWorkload(type, { tweak })));
}

function serviceAccount(change?: (sa: Json) => void) {
    return stackWith(resource(SERVICE_ACCOUNT_TYPE, "default", tweaked(hardenedDefaultServiceAccount(), sa => change?.(sa))));
}

describe(POLICY, () => {
    it("passes the hardened baselines (a workload, the default service account) under every policy of the pack", async () => {
        assertClean(await analyze(workload(DEPLOYMENT_TYPE)));
        assertClean(await analyze(serviceAccount()));
    });

    it("reports, as advisory, a pod template that leaves the token automount unset, in every workload kind", async () => {
        for (const kind of WORKLOAD_KINDS) {
            const path = `${specPathOf(kind.type)}.automountServiceAccountToken`;
            assertFindings(await analyze(workload(kind.type, s => delete s.automountServiceAccountToken)), [
                { policy: POLICY, level: "advisory", parts: [`${kindOf(kind.type)} 'web' must set ${path}=false unless it calls the Kubernetes API: it is unset.`] },
            ]);
        }
    });

    it("reports a pod template that sets it true", async () => {
        assertFindings(await analyze(workload(DEPLOYMENT_TYPE, s => (s.automountServiceAccountToken = true))), [
            { policy: POLICY, level: "advisory", parts: ["spec.template.spec.automountServiceAccountToken=false unless it calls the Kubernetes API: it is true."] },
        ]);
    });

    it("reports the default service account when it mounts its token", async () => {
        const message = "ServiceAccount 'default' must set automountServiceAccountToken=false: the default service account is used by every pod that names none.";
        for (const change of [(sa: Json) => delete sa.automountServiceAccountToken, (sa: Json) => (sa.automountServiceAccountToken = true)]) {
            assertFindings(await analyze(serviceAccount(change)), [{ policy: POLICY, level: "advisory", parts: [message] }]);
        }
    });

    it("leaves other service accounts to the pods that use them", async () => {
        const sa = { metadata: { name: "web", namespace: NAMESPACE } };
        assertClean(await analyze(stackWith(resource(SERVICE_ACCOUNT_TYPE, "web-sa", sa))));
    });

    it("reports a wrong-typed automountServiceAccountToken as a violation", async () => {
        const props = hardenedWorkload(DEPLOYMENT_TYPE, { tweak: s => (s.automountServiceAccountToken = "false") });
        const message = "Deployment 'web' cannot be verified: `spec.template.spec.automountServiceAccountToken` must be a boolean, not a string.";
        assert.deepEqual(await validateResource(policyNamed(POLICY), { type: DEPLOYMENT_TYPE, name: "web", props }), { reports: [{ message }] });
        assertFindings(await analyze(stackWith(resource(DEPLOYMENT_TYPE, "web", props))), [{ policy: POLICY, level: "advisory", parts: [message] }]);

        const sa = tweaked(hardenedDefaultServiceAccount(), x => (x.automountServiceAccountToken = "false"));
        assert.deepEqual(await validateResource(policyNamed(POLICY), { type: SERVICE_ACCOUNT_TYPE, name: "default", props: sa }), {
            reports: [{ message: "ServiceAccount 'default' cannot be verified: `automountServiceAccountToken` must be a boolean, not a string." }],
        });
    });

    it("reports a wrong-typed pod template step as a violation", async () => {
        const props = tweaked(hardenedWorkload(DEPLOYMENT_TYPE), d => (d.spec.template = "pod"));
        assert.deepEqual(await validateResource(policyNamed(POLICY), { type: DEPLOYMENT_TYPE, name: "web", props }), {
            reports: [{ message: "Deployment 'web' cannot be verified: `spec.template` must be an object, not a string." }],
        });
    });
});
