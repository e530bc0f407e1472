import { isFromRegistry, parseImage } from "../lib/image";
import { optString } from "../lib/read";
import { containerPolicy } from "../lib/workload-policy";

export interface ImageRegistriesConfig {
    /** Registry prefixes images may come from; empty allows any registry. */
    readonly allowedRegistries: readonly string[];
}

/** Checklist "image signing and verification": only images from registries the team scans and signs. CIS 5.5.1. */
export const imageRegistriesPolicy = containerPolicy<ImageRegistriesConfig>({
    name: "k8s-workload-restrict-image-registries",
    control: "k8s-image-registries",
    enforcementLevel: "mandatory",
    config: {
        allowedRegistries: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Registry prefixes images may come from, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com or ghcr.io/acme. Empty allows any.",
        },
    },
    rule: {
        must: "use images from the allowed registries only",
        offence: (c, config, template) => {
            const allowed = config.allowedRegistries ?? [];
            if (allowed.length === 0) {
                return undefined;
            }
            const image = optString(c.container["image"], `${c.path}.image`);
            if (image === undefined || image.trim() === "") {
                return template.partial && image === undefined ? undefined : "has no image";
            }
            return isFromRegistry(parseImage(image), allowed) ? undefined : `uses ${JSON.stringify(image)}`;
        },
    },
});
