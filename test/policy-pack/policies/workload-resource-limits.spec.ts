import * as assert from "node:assert/strict";
import {
    DEPLOYMENT_TYPE,
    Json,
    POD_TYPE,
    analyze,
    assertClean,
    assertFindings,
    hardenedEphemeralContainer,
    hardenedWorkload,
    policyNamed,
    resource,
    specPathOf,
    stackWith,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-workload-require-resource-limits";
const MUST = "must set resource limits on every container";

function workload(tweak?: (spec: Json) => void, type = DEPLOYMENT_TYPE) {
    return stackWith(resource(type, "web", hardenedWorkload(type, { tweak })));
}

describe(POLICY, () => {
    it("passes the hardened baseline under every policy of the pack", async () => {
        assertClean(await analyze(workload()));
    });

    const cases: { it: string; tweak: (spec: Json) => void; detail: string }[] = [
        { it: "reports, as advisory, a container without a memory limit", tweak: s => delete s.containers[0].resources.limits.memory, detail: 'container "app" has no memory limit' },
        { it: "reports an init container without a cpu limit", tweak: s => delete s.initContainers[0].resources.limits.cpu, detail: 'container "init" has no cpu limit' },
        { it: "reports a container without limits", tweak: s => delete s.containers[0].resources.limits, detail: 'container "app" has no cpu or memory limit' },
        { it: "reports a container without resources", tweak: s => delete s.containers[0].resources, detail: 'container "app" has no cpu or memory limit' },
        { it: "reports a limit set to null as missing", tweak: s => (s.containers[0].resources.limits.cpu = null), detail: 'container "app" has no cpu limit' },
        { it: "does not count requests as limits", tweak: s => (s.containers[0].resources = { requests: { cpu: "1", memory: "1Gi" } }), detail: 'container "app" has no cpu or memory limit' },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(workload(c.tweak)), [{ policy: POLICY, level: "advisory", parts: [`Deployment 'web' ${MUST}: ${c.detail}.`] }]);
        });
    }

    it("skips ephemeral containers, which cannot have resources", async () => {
        assertClean(await analyze(workload(s => (s.ephemeralContainers = [hardenedEphemeralContainer("debug")]), POD_TYPE)));
    });

    it("requires the configured resources", async () => {
        const config = { [POLICY]: { resources: ["cpu", "memory", "ephemeral-storage"] } };
        assertFindings(await analyze(workload(), config), [{ policy: POLICY, parts: [`Deployment 'web' ${MUST}: containers "init", "app" have no ephemeral-storage limit.`] }]);
        const limited = workload(s => {
            for (const c of [...s.initContainers, ...s.containers]) {
                c.resources.limits["ephemeral-storage"] = "1Gi";
            }
        });
        assertClean(await analyze(limited, config));
    });

    it("requires only the configured resources", async () => {
        assertClean(await analyze(workload(s => delete s.containers[0].resources.limits.cpu), { [POLICY]: { resources: ["memory"] } }));
    });

    it("rejects an unknown resource name in its config", async () => {
        await assert.rejects(analyze(workload(), { [POLICY]: { resources: ["gpu"] } }), /resources\.0: resources\.0 must be one of the following/);
    });

    for (const [field, tweak, path, expected] of [
        ["resources", (s: Json) => (s.containers[0].resources = []), "containers[0].resources", "an object, not an array"],
        ["limits", (s: Json) => (s.containers[0].resources.limits = "1Gi"), "containers[0].resources.limits", "an object, not a string"],
    ] as const) {
        it(`reports a wrong-typed ${field} as a violation`, async () => {
            const props = hardenedWorkload(DEPLOYMENT_TYPE, { tweak });
            const message = `Deployment 'web' cannot be verified: \`${specPathOf(DEPLOYMENT_TYPE)}.${path}\` must be ${expected}.`;
            assert.deepEqual(await validateResource(policyNamed(POLICY), { type: DEPLOYMENT_TYPE, name: "web", props }), { reports: [{ message }] });
            assertFindings(await analyze(stackWith(resource(DEPLOYMENT_TYPE, "web", props))), [{ policy: POLICY, level: "advisory", parts: [message] }]);
        });
    }
});
