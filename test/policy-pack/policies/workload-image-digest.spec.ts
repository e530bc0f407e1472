import * as assert from "node:assert/strict";
import {
    DEPLOYMENT_TYPE,
    DIGEST,
    Json,
    POD_TYPE,
    REGISTRY,
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

const POLICY = "k8s-workload-require-image-digest";
const MUST = "must pin every image by digest (image@sha256:...)";

function workload(type: string, tweak?: (spec: Json) => void) {
    return stackWith(resource(type, "web", hardenedWorkload(type, { tweak })));
}

function withImage(image: unknown) {
    return (s: Json) => (s.containers[0].image = image);
}

describe(POLICY, () => {
    it("passes the hardened baseline under every policy of the pack", async () => {
        assertClean(await analyze(workload(DEPLOYMENT_TYPE)));
        assertClean(await analyze(workload(POD_TYPE)));
    });

    it("passes an image with both a tag and a digest", async () => {
        assertClean(await analyze(workload(DEPLOYMENT_TYPE, withImage(`${REGISTRY}/web:1.2.3@${DIGEST}`))));
    });

    it("passes a digest of another algorithm with a long enough encoding", async () => {
        assertClean(await analyze(workload(DEPLOYMENT_TYPE, withImage(`${REGISTRY}/web@sha512:${"ab".repeat(64)}`))));
    });

    const cases: { it: string; tweak: (spec: Json) => void; detail: string }[] = [
        { it: "reports a tag without a digest", tweak: withImage(`${REGISTRY}/web:1.2.3`), detail: 'container "app" uses tag "1.2.3" without a digest' },
        { it: "reports an image without a tag as a moving tag", tweak: withImage(`${REGISTRY}/web`), detail: `container "app" uses "${REGISTRY}/web", a moving tag` },
        { it: "reports the latest tag as a moving tag", tweak: withImage("nginx:latest"), detail: 'container "app" uses "nginx:latest", a moving tag' },
        { it: "reports a registry port as no tag", tweak: withImage("localhost:5000/web"), detail: 'container "app" uses "localhost:5000/web", a moving tag' },
        { it: "reports a sha256 digest that is too short", tweak: withImage(`${REGISTRY}/web@sha256:abc`), detail: 'container "app" has a malformed digest "sha256:abc"' },
        {
            it: "reports a sha256 digest in upper case",
            tweak: withImage(`${REGISTRY}/web@${DIGEST.toUpperCase().replace("SHA256", "sha256")}`),
            detail: `container "app" has a malformed digest "${DIGEST.toUpperCase().replace("SHA256", "sha256")}"`,
        },
        { it: "reports an empty digest", tweak: withImage(`${REGISTRY}/web@`), detail: 'container "app" has a malformed digest ""' },
        { it: "reports a container without an image", tweak: s => delete s.containers[0].image, detail: 'container "app" has no image' },
        { it: "reports a blank image", tweak: withImage("  "), detail: 'container "app" has no image' },
        { it: "reports an init container", tweak: s => (s.initContainers[0].image = "busybox:1.36"), detail: 'container "init" uses tag "1.36" without a digest' },
        {
            it: "reports an ephemeral container",
            tweak: s => (s.ephemeralContainers = [{ ...hardenedEphemeralContainer("debug"), image: "busybox" }]),
            detail: 'container "debug" uses "busybox", a moving tag',
        },
        {
            it: "names every offender with its own reason",
            tweak: s => {
                s.initContainers[0].image = "busybox";
                s.containers[0].image = "busybox:1.36";
            },
            detail: 'container "init" uses "busybox", a moving tag; container "app" uses tag "1.36" without a digest',
        },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(workload(DEPLOYMENT_TYPE, c.tweak)), [{ policy: POLICY, level: "mandatory", parts: [`Deployment 'web' ${MUST}: ${c.detail}.`] }]);
        });
    }

    it("reports the same offence in one message naming both containers", async () => {
        const found = await analyze(workload(POD_TYPE, s => (s.initContainers[0].image = s.containers[0].image = "busybox:1.36")));
        assertFindings(found, [{ policy: POLICY, parts: [`Pod 'web' ${MUST}: containers "init", "app" use tag "1.36" without a digest.`] }]);
    });

    for (const [field, value, path, expected] of [
        ["image", 42, "containers[0].image", "a string, not a number"],
        ["containers", { app: {} }, "containers", "an array, not an object"],
        ["initContainers", "x", "initContainers", "an array, not a string"],
        ["ephemeralContainers", true, "ephemeralContainers", "an array, not a boolean"],
    ] as const) {
        it(`reports a wrong-typed ${field} as a violation`, async () => {
            const props = hardenedWorkload(DEPLOYMENT_TYPE, {
                tweak: s => {
                    if (field === "image") {
                        s.containers[0].image = value;
                    } else {
                        s[field] = value;
                    }
                },
            });
            const message = `${kindOf(DEPLOYMENT_TYPE)} 'web' cannot be verified: \`${specPathOf(DEPLOYMENT_TYPE)}.${path}\` must be ${expected}.`;
            assert.deepEqual(await validateResource(policyNamed(POLICY), { type: DEPLOYMENT_TYPE, name: "web", props }), { reports: [{ message }] });
            const found = await analyze(stackWith(resource(DEPLOYMENT_TYPE, "web", props)));
            assert.ok(found.some(f => f.policy === POLICY && f.detail === message));
        });
    }
});
