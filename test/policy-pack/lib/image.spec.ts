import * as assert from "node:assert/strict";
import { ImageReference, isFromRegistry, isValidDigest, parseImage } from "../../../policy-pack/lib/image";

const SHA256 = `sha256:${"a1".repeat(32)}`;

describe("parseImage", () => {
    const cases: [string, ImageReference][] = [
        ["nginx", { registry: "docker.io", repository: "library/nginx" }],
        ["nginx:1.27", { registry: "docker.io", repository: "library/nginx", tag: "1.27" }],
        ["bitnami/redis:7", { registry: "docker.io", repository: "bitnami/redis", tag: "7" }],
        ["docker.io/nginx", { registry: "docker.io", repository: "library/nginx" }],
        ["index.docker.io/library/nginx", { registry: "docker.io", repository: "library/nginx" }],
        ["registry-1.docker.io/acme/app", { registry: "docker.io", repository: "acme/app" }],
        ["ghcr.io/acme/web:1.0", { registry: "ghcr.io", repository: "acme/web", tag: "1.0" }],
        [`ghcr.io/acme/web@${SHA256}`, { registry: "ghcr.io", repository: "acme/web", digest: SHA256 }],
        [`ghcr.io/acme/web:1.0@${SHA256}`, { registry: "ghcr.io", repository: "acme/web", tag: "1.0", digest: SHA256 }],
        ["localhost/app", { registry: "localhost", repository: "app" }],
        ["localhost:5000/app", { registry: "localhost:5000", repository: "app" }],
        ["localhost:5000/team/app:2", { registry: "localhost:5000", repository: "team/app", tag: "2" }],
        ["registry:5000/app", { registry: "registry:5000", repository: "app" }],
        ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1", { registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", repository: "web", tag: "1" }],
        ["acme/web", { registry: "docker.io", repository: "acme/web" }],
        ["  ghcr.io/acme/web  ", { registry: "ghcr.io", repository: "acme/web" }],
        ["ghcr.io/acme/web@", { registry: "ghcr.io", repository: "acme/web", digest: "" }],
    ];
    for (const [image, expected] of cases) {
        it(`parses ${JSON.stringify(image)}`, () => {
            assert.deepEqual(parseImage(image), expected);
        });
    }
});

describe("isValidDigest", () => {
    const cases: [string, boolean][] = [
        [SHA256, true],
        [`sha512:${"0f".repeat(64)}`, true],
        [`sha256:${"a1".repeat(31)}`, false],
        [`sha256:${"A1".repeat(32)}`, false],
        [`sha256:${"g1".repeat(32)}`, false],
        [`sha512:${"0f".repeat(32)}`, false],
        [`blake3:${"a".repeat(32)}`, true],
        [`blake3:${"a".repeat(31)}`, false],
        ["sha256", false],
        [":abc", false],
        ["", false],
        [`SHA256:${"a1".repeat(32)}`, false],
    ];
    for (const [digest, valid] of cases) {
        it(`${valid ? "accepts" : "rejects"} ${JSON.stringify(digest.length > 30 ? `${digest.slice(0, 20)}…(${digest.length})` : digest)}`, () => {
            assert.equal(isValidDigest(digest), valid);
        });
    }
});

describe("isFromRegistry", () => {
    const cases: [string, string[], boolean][] = [
        ["ghcr.io/acme/web", ["ghcr.io/acme"], true],
        ["ghcr.io/acme/team/web", ["ghcr.io/acme"], true],
        ["ghcr.io/acme", ["ghcr.io/acme"], true],
        ["ghcr.io/acme-evil/web", ["ghcr.io/acme"], false],
        ["ghcr.io/other/web", ["ghcr.io/acme"], false],
        ["evil.io/ghcr.io/acme/web", ["ghcr.io/acme"], false],
        ["ghcr.io.evil.io/acme/web", ["ghcr.io"], false],
        ["ghcr.io/acme/web", ["ghcr.io"], true],
        ["ghcr.io/acme/web", ["ghcr.io/acme/"], true],
        ["ghcr.io/acme/web", [" ghcr.io/acme "], true],
        ["nginx", ["docker.io/library"], true],
        ["nginx", ["index.docker.io/library"], true],
        ["nginx", ["docker.io"], true],
        ["nginx", ["ghcr.io"], false],
        ["acme/web", ["docker.io/acme"], true],
        ["quay.io/acme/web", ["ghcr.io/acme", "quay.io/acme"], true],
        ["ghcr.io/acme/web", [], false],
    ];
    for (const [image, allowed, expected] of cases) {
        it(`${expected ? "accepts" : "rejects"} ${image} for ${JSON.stringify(allowed)}`, () => {
            assert.equal(isFromRegistry(parseImage(image), allowed), expected);
        });
    }
});
