import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { optObject } from "../lib/read";

export const SECRET_TYPE = "kubernetes:core/v1:Secret";

/**
 * Checklist "external secrets manager": a Secret with literal data puts the value in the program
 * and its state; it should come from the cloud's secret manager through an ExternalSecret.
 */
export function checkLiteralSecret(resource: CheckedResource): string[] {
    const fields = (["data", "stringData"] as const).filter(f => {
        const value = optObject(resource.props[f], f);
        return value !== undefined && Object.keys(value).length > 0;
    });
    return fields.length
        ? [`${subjectOf(resource)} must come from an external secrets manager (ExternalSecret), not literal ${fields.join(" and ")}.`]
        : [];
}

export const literalSecretPolicy = resourcePolicy({
    name: "k8s-secret-disallow-literal-data",
    control: "k8s-external-secrets",
    enforcementLevel: "advisory",
    types: [SECRET_TYPE],
    check: checkLiteralSecret,
});
