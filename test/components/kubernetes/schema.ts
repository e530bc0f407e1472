/**
 * Validates the Kubernetes objects the components register against their schemas: built-in kinds
 * with kubernetes-models (the Kubernetes OpenAPI schema compiled to validators), custom resources
 * with the openAPIV3Schema of the CRD each operator publishes (vendored under ./schemas, with
 * descriptions stripped; source repository, tag and path in SCHEMA_SOURCES). Custom resources are
 * also checked for unknown fields, as `kubectl apply --validate=strict` does.
 */
import Ajv, { ValidateFunction } from "ajv";

/** Where each vendored CRD schema comes from. */
export const SCHEMA_SOURCES: Readonly<Record<string, string>> = {
    "external-secrets.io/v1/ClusterSecretStore": "external-secrets/external-secrets v2.9.0 config/crds/bases/external-secrets.io_clustersecretstores.yaml",
    "external-secrets.io/v1/ExternalSecret": "external-secrets/external-secrets v2.9.0 config/crds/bases/external-secrets.io_externalsecrets.yaml",
    "kyverno.io/v1/ClusterPolicy": "kyverno/kyverno v1.19.0 config/crds/kyverno/kyverno.io_clusterpolicies.yaml",
    "security.istio.io/v1/PeerAuthentication": "istio/istio 1.30.3 manifests/charts/base/files/crd-all.gen.yaml",
};

const FILES: Readonly<Record<string, string>> = {
    "external-secrets.io/v1/ClusterSecretStore": "external-secrets.io_v1_clustersecretstore.json",
    "external-secrets.io/v1/ExternalSecret": "external-secrets.io_v1_externalsecret.json",
    "kyverno.io/v1/ClusterPolicy": "kyverno.io_v1_clusterpolicy.json",
    "security.istio.io/v1/PeerAuthentication": "security.istio.io_v1_peerauthentication.json",
};

type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, { validate: ValidateFunction; schema: Schema }>();

function crdSchema(key: string): { validate: ValidateFunction; schema: Schema } | undefined {
    const file = FILES[key];
    if (!file) {
        return undefined;
    }
    let entry = compiled.get(key);
    if (!entry) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const schema = (require(`./schemas/${file}`) as { schema: Schema }).schema;
        entry = { validate: ajv.compile(schema), schema };
        compiled.set(key, entry);
    }
    return entry;
}

/** Fields a structural schema does not declare (the API server prunes them; strict validation refuses them). */
export function unknownFields(value: unknown, schema: Schema | undefined, path = ""): string[] {
    if (!schema || schema["x-kubernetes-preserve-unknown-fields"] === true || value === null || typeof value !== "object") {
        return [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => unknownFields(v, schema["items"] as Schema | undefined, `${path}[${i}]`));
    }
    const props = schema["properties"] as Record<string, Schema> | undefined;
    const additional = schema["additionalProperties"];
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const at = path ? `${path}.${k}` : k;
        if (path === "" && ["apiVersion", "kind", "metadata"].includes(k)) {
            // TypeMeta and ObjectMeta: every object has them, whether the CRD schema lists them or not.
            continue;
        }
        if (props && k in props) {
            out.push(...unknownFields(v, props[k], at));
        } else if (additional && typeof additional === "object") {
            out.push(...unknownFields(v, additional as Schema, at));
        } else if (props || additional === false) {
            out.push(`${at} is not a field of the schema`);
        }
    }
    return out;
}

function builtInModel(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
    const module = apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        return (require(module) as Record<string, new (data: unknown) => { validate(): void }>)[kind];
    } catch {
        return undefined;
    }
}

/** The schema errors of one object; throws when no schema is known for its kind (never passes unchecked). */
export function schemaErrors(object: Record<string, unknown>): string[] {
    const apiVersion = String(object["apiVersion"]);
    const kind = String(object["kind"]);
    const key = `${apiVersion}/${kind}`;
    const crd = crdSchema(key);
    if (crd) {
        const ok = crd.validate(object);
        const errors = ok ? [] : (crd.validate.errors ?? []).map(e => `${e.instancePath || "/"} ${e.message}`);
        return [...errors, ...unknownFields(object, crd.schema)];
    }
    const Model = builtInModel(apiVersion, kind);
    if (!Model) {
        throw new Error(`no schema for ${key}: add its CRD schema to test/components/kubernetes/schemas`);
    }
    try {
        new Model(object).validate();
        return [];
    } catch (e) {
        const errors = (e as { errors?: { instancePath: string; message: string }[] }).errors;
        return errors ? errors.map(x => `${x.instancePath || "/"} ${x.message}`) : [String(e)];
    }
}
