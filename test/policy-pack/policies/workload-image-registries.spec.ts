import * as assert from "node:assert/strict";
import {
    DEPLOYMENT_TYPE,
    DIGEST,
    IMAGE,
    Json,
    REGISTRY,
    analyze,
    assertClean,
    assertFindings,
    hardenedWorkload,
    policyNamed,
    resource,
    specPathOf,
    stackWith,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-workload-restrict-image-registries";
const MUST = "must use images from the allowed registries only";
const ALLOWED = { [POLICY]: { allowedRegistries: [REGISTRY] } };

function workload(tweak?: (spec: Json) => void) {
    return stackWith(resource(DEPLOYMENT_TYPE, "web", hardenedWorkload(DEPLOYMENT_TYPE, { tweak })));
}

function withImage(image: unknown) {
    return (s: Json) => (s.containers[0].image = image);
}

describe(POLICY, () => {
    it("passes the hardened baseline under every policy of the pack, with and without allowed registries", async () => {
        assertClean(await analyze(workload()));
        assertClean(await analyze(workload(), ALLOWED));
    });

    it("allows any registry when none is configured (the default)", async () => {
        assertClean(await analyze(workload(withImage(`evil.example/miner@${DIGEST}`))));
    });

    const denied: { it: string; image: string }[] = [
        { it: "reports an image from another registry", image: `quay.io/acme/web@${DIGEST}` },
        { it: "reports an image from another organisation of the same registry", image: `ghcr.io/other/web@${DIGEST}` },
        { it: "matches whole path components, not string prefixes", image: `ghcr.io/acme-evil/web@${DIGEST}` },
        { it: "reports an allowed path under another registry host", image: `evil.example/ghcr.io/acme/web@${DIGEST}` },
        { it: "reports a Docker Hub image", image: `nginx@${DIGEST}` },
    ];
    for (const c of denied) {
        it(c.it, async () => {
            assertFindings(await analyze(workload(withImage(c.image)), ALLOWED), [
                { policy: POLICY, level: "mandatory", parts: [`Deployment 'web' ${MUST}: container "app" uses ${JSON.stringify(c.image)}.`] },
            ]);
        });
    }

    it("checks init containers", async () => {
        const image = `quay.io/acme/init@${DIGEST}`;
        assertFindings(await analyze(workload(s => (s.initContainers[0].image = image)), ALLOWED), [
            { policy: POLICY, parts: [`container "init" uses ${JSON.stringify(image)}`] },
        ]);
    });

    const allowed: { it: string; allowed: string[]; image: string }[] = [
        { it: "normalises Docker Hub official images to docker.io/library", allowed: ["docker.io/library"], image: `nginx@${DIGEST}` },
        { it: "treats index.docker.io as docker.io on both sides", allowed: ["index.docker.io/library/nginx"], image: `docker.io/library/nginx@${DIGEST}` },
        { it: "accepts a whole registry host", allowed: ["ghcr.io"], image: IMAGE },
        { it: "ignores a trailing slash in an allowed entry", allowed: [`${REGISTRY}/`], image: IMAGE },
        { it: "accepts an ECR registry host", allowed: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com"], image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@${DIGEST}` },
    ];
    for (const c of allowed) {
        it(c.it, async () => {
            const everyContainer = (spec: Json) => (spec.initContainers[0].image = spec.containers[0].image = c.image);
            assertClean(await analyze(workload(everyContainer), { [POLICY]: { allowedRegistries: c.allowed } }));
        });
    }

    it("reports a container without an image when registries are configured", async () => {
        assertFindings(await analyze(workload(withImage("")), ALLOWED), [
            { policy: POLICY, parts: [`Deployment 'web' ${MUST}: container "app" has no image.`] },
            // The digest policy reads the same field.
            { policy: "k8s-workload-require-image-digest", parts: ['container "app" has no image'] },
        ]);
    });

    it("reports a wrong-typed image as a violation", async () => {
        const props = hardenedWorkload(DEPLOYMENT_TYPE, { tweak: withImage(["ghcr.io/acme/web"]) });
        const message = `Deployment 'web' cannot be verified: \`${specPathOf(DEPLOYMENT_TYPE)}.containers[0].image\` must be a string, not an array.`;
        assert.deepEqual(await validateResource(policyNamed(POLICY), { type: DEPLOYMENT_TYPE, name: "web", props }, ALLOWED[POLICY]), { reports: [{ message }] });
    });

    it("rejects an empty registry entry in its config", async () => {
        await assert.rejects(analyze(workload(), { [POLICY]: { allowedRegistries: [""] } }), /allowedRegistries\.0: String length must be greater than or equal to 1/);
    });
});
