import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { optObject } from "../lib/read";

/** What the engine shows a policy for a secret it cannot decrypt (`pulumi policy analyze`). */
const UNDECRYPTED_SECRET = "[secret]";

export const SECRET_TYPE = "kubernetes:core/v1:Secret";

/**
 * Checklist "external secrets manager": a Secret with literal data puts the value in the program
 * and its state; it should come from the cloud's secret manager through an ExternalSecret. Keys with
 * empty values are placeholders, not data.
 */
export function checkLiteralSecret(resource: CheckedResource): string[] {
    const fields = (["data", "stringData"] as const).filter(f => {
        const raw = resource.props[f];
        // Pulumi keeps Secret data secret: a state or preview file holds it encrypted, which an
        // offline reader sees as the "[secret]" placeholder. Encrypted or not, it is literal data.
        if (raw === UNDECRYPTED_SECRET) {
            return true;
        }
        const value = optObject(raw, f);
        // An empty value holds no secret (a placeholder the application fills in, e.g. a CSRF
        // key): only a key with a non-empty value is literal data.
        return value !== undefined && Object.values(value).some(v => v !== "" && v !== null && v !== undefined);
    });
    return fields.length
        ? [`${subjectOf(resource)} must come from an external secrets manager (ExternalSecret), not literal ${fields.join(" and ")}.`]
        : [];
}

export const literalSecretPolicy = resourcePolicy({
    name: "k8s-secret-disallow-literal-data",
    control: "k8s-external-secrets",
    enforcementLevel: "advisory",
    // A SecretPatch that sets data puts it in the program too.
    types: [SECRET_TYPE, `${SECRET_TYPE}Patch`],
    check: checkLiteralSecret,
});
