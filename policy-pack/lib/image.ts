/**
 * Container image references, parsed as the distribution reference grammar does
 * (github.com/distribution/reference): [registry/]path[:tag][@digest]. A first component with a
 * dot or colon, or `localhost`, is a registry; otherwise the image is on Docker Hub.
 */

export interface ImageReference {
    /** Registry host, normalised: Docker Hub is `docker.io`. */
    readonly registry: string;
    /** Repository path, with `library/` for Docker Hub official images. */
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** OCI digest: algorithm ":" encoded; sha256 and sha512 are checked for their hex length. */
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isValidDigest(digest: string): boolean {
    if (!DIGEST.test(digest)) {
        return false;
    }
    const [algorithm, encoded] = digest.split(":");
    if (algorithm === "sha256") {
        return /^[a-f0-9]{64}$/.test(encoded);
    }
    if (algorithm === "sha512") {
        return /^[a-f0-9]{128}$/.test(encoded);
    }
    return encoded.length >= 32;
}

export function parseImage(image: string): ImageReference {
    let rest = image.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    const slash = rest.indexOf("/");
    const first = slash >= 0 ? rest.slice(0, slash) : "";
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
        registry = DOCKER_HUB_ALIASES.has(first) ? DOCKER_HUB : first;
        repository = rest.slice(slash + 1);
    }
    if (registry === DOCKER_HUB && !repository.includes("/")) {
        repository = `library/${repository}`;
    }
    return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/**
 * True when the image lives under one of the allowed prefixes (`ghcr.io/acme`, `123.dkr.ecr...`),
 * matched on whole path components after normalisation.
 */
export function isFromRegistry(image: ImageReference, allowed: readonly string[]): boolean {
    const full = `${image.registry}/${image.repository}`;
    return allowed.some(entry => {
        const prefix = normalisePrefix(entry);
        return full === prefix || full.startsWith(`${prefix}/`);
    });
}

function normalisePrefix(entry: string): string {
    const trimmed = entry.trim().replace(/\/+$/, "");
    const slash = trimmed.indexOf("/");
    const host = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
    return DOCKER_HUB_ALIASES.has(host) ? `${DOCKER_HUB}${slash >= 0 ? trimmed.slice(slash) : ""}` : trimmed;
}
