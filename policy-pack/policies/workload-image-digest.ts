import { isValidDigest, parseImage } from "../lib/image";
import { optString } from "../lib/read";
import { containerPolicy } from "../lib/workload-policy";

/** Checklist "images pinned by digest"; Checkov CKV_K8S_43 (and CKV_K8S_14, which a digest subsumes). */
export const imageDigestPolicy = containerPolicy({
    name: "k8s-workload-require-image-digest",
    control: "k8s-image-digest",
    enforcementLevel: "mandatory",
    rule: {
        must: "pin every image by digest (image@sha256:...)",
        offence: (c, _config, template) => {
            const image = optString(c.container["image"], `${c.path}.image`);
            if (image === undefined || image.trim() === "") {
                // A patch that names a container without its image leaves the image to the live object.
                return template.partial && image === undefined ? undefined : "has no image";
            }
            const ref = parseImage(image);
            if (ref.digest === undefined) {
                return ref.tag === undefined || ref.tag === "latest" ? `uses ${JSON.stringify(image)}, a moving tag` : `uses tag ${JSON.stringify(ref.tag)} without a digest`;
            }
            return isValidDigest(ref.digest) ? undefined : `has a malformed digest ${JSON.stringify(ref.digest)}`;
        },
    },
});
