import * as assert from "node:assert/strict";
import {
    DEPLOYMENT_TYPE,
    Json,
    POD_TYPE,
    WORKLOAD_KINDS,
    analyze,
    assertClean,
    assertFindings,
    hardenedEphemeralContainer,
    hardenedWorkload,
    kindOf,
    policyNamed,
    resource,
    specPathOf,
    stackWith,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-workload-require-read-only-root-filesystem";
const MUST = "must run containers with securityContext.readOnlyRootFilesystem=true";

function workload(type: string, tweak?: (spec: Json) => void) {
    return stackWith(resource(type, "web", hardenedWorkload(type, { tweak })));
}

describe(POLICY, () => {
    it("passes the hardened baseline of every workload kind under every policy of the pack", async () => {
        for (const kind of WORKLOAD_KINDS) {
            assertClean(await analyze(workload(kind.type)));
        }
    });

    const cases: { it: string; tweak: (spec: Json) => void; detail: string }[] = [
        { it: "reports a container that leaves it unset", tweak: s => delete s.containers[0].securityContext.readOnlyRootFilesystem, detail: 'container "app" leaves it unset' },
        { it: "reports an init container that sets it to false", tweak: s => (s.initContainers[0].securityContext.readOnlyRootFilesystem = false), detail: 'container "init" sets it to false' },
        {
            it: "reports an ephemeral container that leaves it unset",
            tweak: s => {
                const debug = hardenedEphemeralContainer("debug");
                delete debug.securityContext.readOnlyRootFilesystem;
                s.ephemeralContainers = [debug];
            },
            detail: 'container "debug" leaves it unset',
        },
        {
            it: "names every offender in one message, with each reason when they differ",
            tweak: s => {
                s.initContainers[0].securityContext.readOnlyRootFilesystem = false;
                delete s.containers[0].securityContext.readOnlyRootFilesystem;
            },
            detail: 'container "init" sets it to false; container "app" leaves it unset',
        },
        {
            it: "names a container without a name by its index",
            tweak: s => {
                delete s.containers[0].name;
                s.containers[0].securityContext.readOnlyRootFilesystem = false;
            },
            detail: 'container "#0" sets it to false',
        },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(workload(DEPLOYMENT_TYPE, c.tweak)), [
                { policy: POLICY, level: "mandatory", parts: [`Deployment 'web' ${MUST}: ${c.detail}.`] },
            ]);
        });
    }

    it("checks the pod template of every workload kind", async () => {
        for (const kind of WORKLOAD_KINDS) {
            const found = await analyze(workload(kind.type, s => (s.containers[0].securityContext.readOnlyRootFilesystem = false)));
            assertFindings(found, [{ policy: POLICY, parts: [`${kindOf(kind.type)} 'web' ${MUST}: container "app" sets it to false.`] }]);
        }
    });

    it("passes a hardened ephemeral container", async () => {
        assertClean(await analyze(workload(POD_TYPE, s => (s.ephemeralContainers = [hardenedEphemeralContainer("debug")]))));
    });

    const wrongTyped: { field: string; tweak: (spec: Json) => void; path: string; expected: string }[] = [
        { field: "containers", tweak: s => (s.containers = "x"), path: "containers", expected: "an array, not a string" },
        { field: "a container", tweak: s => (s.containers = ["x"]), path: "containers[0]", expected: "an object, not a string" },
        { field: "securityContext", tweak: s => (s.containers[0].securityContext = []), path: "containers[0].securityContext", expected: "an object, not an array" },
        {
            field: "readOnlyRootFilesystem",
            tweak: s => (s.containers[0].securityContext.readOnlyRootFilesystem = "true"),
            path: "containers[0].securityContext.readOnlyRootFilesystem",
            expected: "a boolean, not a string",
        },
        { field: "a container name", tweak: s => (s.initContainers[0].name = 7), path: "initContainers[0].name", expected: "a string, not a number" },
    ];
    for (const w of wrongTyped) {
        it(`reports a wrong-typed ${w.field} as a violation`, async () => {
            for (const type of [DEPLOYMENT_TYPE, POD_TYPE]) {
                const props = hardenedWorkload(type, { tweak: w.tweak });
                const message = `${kindOf(type)} 'web' cannot be verified: \`${specPathOf(type)}.${w.path}\` must be ${w.expected}.`;
                const outcome = await validateResource(policyNamed(POLICY), { type, name: "web", props });
                assert.deepEqual(outcome, { reports: [{ message }] });
                // The whole pack also reports it and nothing crashes.
                const found = await analyze(stackWith(resource(type, "web", props)));
                assert.ok(found.some(f => f.policy === POLICY && f.detail === message && f.level === "mandatory"));
            }
        });
    }

    it("is not applicable to resources that are not workloads", async () => {
        const outcome = await validateResource(policyNamed(POLICY), { type: "kubernetes:core/v1:ConfigMap", name: "c", props: { data: {} } });
        assert.equal(outcome.reports.length, 0);
        assert.match(outcome.notApplicable ?? "", /Kubernetes workloads/);
    });
});
