/**
 * Strict JSON Schemas for the control-plane files, written by hand from the upstream Go types
 * (no published package ships them): every field the type has, nothing else
 * (`additionalProperties: false`, as the API server's strict decoding refuses unknown fields),
 * enums for the enumerated string types, and the "exactly one provider" rule of encryption.
 *
 * Sources (kubernetes/kubernetes, staging/src/k8s.io/...):
 * - apiserver/pkg/apis/audit/v1/types.go: Policy, PolicyRule, GroupResources, Level, Stage
 * - apiserver/pkg/apis/apiserver/v1/types_encryption.go: EncryptionConfiguration and providers
 * - apiserver/pkg/apis/apiserver/v1/types.go: AdmissionConfiguration, AdmissionPluginConfiguration
 * - pod-security-admission/admission/api/v1/types.go: PodSecurityConfiguration
 */
import Ajv, { ValidateFunction } from "ajv";

type Schema = Record<string, unknown>;

const strings = { type: "array", items: { type: "string", minLength: 1 } };
const objectMeta = { type: "object" };

const LEVELS = ["None", "Metadata", "Request", "RequestResponse"];
const STAGES = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];

export const AUDIT_POLICY_SCHEMA: Schema = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "rules"],
    properties: {
        apiVersion: { const: "audit.k8s.io/v1" },
        kind: { const: "Policy" },
        metadata: objectMeta,
        omitStages: { type: "array", items: { enum: STAGES } },
        omitManagedFields: { type: "boolean" },
        rules: {
            type: "array",
            minItems: 1,
            items: {
                type: "object",
                additionalProperties: false,
                required: ["level"],
                properties: {
                    level: { enum: LEVELS },
                    users: strings,
                    userGroups: strings,
                    verbs: strings,
                    resources: {
                        type: "array",
                        items: {
                            type: "object",
                            additionalProperties: false,
                            properties: { group: { type: "string" }, resources: strings, resourceNames: strings },
                        },
                    },
                    namespaces: strings,
                    nonResourceURLs: strings,
                    omitStages: { type: "array", items: { enum: STAGES } },
                    omitManagedFields: { type: "boolean" },
                },
            },
        },
    },
};

const key = {
    type: "object",
    additionalProperties: false,
    required: ["name", "secret"],
    properties: { name: { type: "string", minLength: 1 }, secret: { type: "string", minLength: 1 } },
};
const keyed = { type: "object", additionalProperties: false, required: ["keys"], properties: { keys: { type: "array", minItems: 1, items: key } } };
const PROVIDER_KINDS = ["aesgcm", "aescbc", "secretbox", "identity", "kms"];

export const ENCRYPTION_CONFIGURATION_SCHEMA: Schema = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "resources"],
    properties: {
        apiVersion: { const: "apiserver.config.k8s.io/v1" },
        kind: { const: "EncryptionConfiguration" },
        resources: {
            type: "array",
            minItems: 1,
            items: {
                type: "object",
                additionalProperties: false,
                required: ["resources", "providers"],
                properties: {
                    resources: { ...strings, minItems: 1 },
                    providers: {
                        type: "array",
                        minItems: 1,
                        items: {
                            type: "object",
                            additionalProperties: false,
                            minProperties: 1,
                            maxProperties: 1,
                            properties: {
                                aesgcm: keyed,
                                aescbc: keyed,
                                secretbox: keyed,
                                identity: { type: "object", additionalProperties: false },
                                kms: {
                                    type: "object",
                                    additionalProperties: false,
                                    required: ["name", "endpoint"],
                                    properties: {
                                        apiVersion: { enum: ["v1", "v2"] },
                                        name: { type: "string", minLength: 1 },
                                        cachesize: { type: "integer" },
                                        endpoint: { type: "string", pattern: "^unix:///" },
                                        timeout: { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$" },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
};
export const ENCRYPTION_PROVIDER_KINDS: readonly string[] = PROVIDER_KINDS;

const PSA_LEVELS = ["privileged", "baseline", "restricted"];
const PSA_VERSION = { type: "string", pattern: "^(latest|v1\\.(0|[1-9][0-9]*))$" };

export const POD_SECURITY_CONFIGURATION_SCHEMA: Schema = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "defaults"],
    properties: {
        apiVersion: { const: "pod-security.admission.config.k8s.io/v1" },
        kind: { const: "PodSecurityConfiguration" },
        defaults: {
            type: "object",
            additionalProperties: false,
            properties: {
                enforce: { enum: PSA_LEVELS },
                "enforce-version": PSA_VERSION,
                audit: { enum: PSA_LEVELS },
                "audit-version": PSA_VERSION,
                warn: { enum: PSA_LEVELS },
                "warn-version": PSA_VERSION,
            },
        },
        exemptions: {
            type: "object",
            additionalProperties: false,
            properties: { usernames: strings, runtimeClasses: strings, namespaces: strings },
        },
    },
};

export const ADMISSION_CONFIGURATION_SCHEMA: Schema = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "plugins"],
    properties: {
        apiVersion: { const: "apiserver.config.k8s.io/v1" },
        kind: { const: "AdmissionConfiguration" },
        plugins: {
            type: "array",
            items: {
                type: "object",
                additionalProperties: false,
                required: ["name"],
                properties: { name: { type: "string", minLength: 1 }, path: { type: "string" }, configuration: { type: "object" } },
            },
        },
    },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<Schema, ValidateFunction>();

/** `/path message` lines for every way `document` breaks `schema`; empty when valid. */
export function schemaProblems(schema: Schema, document: unknown): string[] {
    let validate = validators.get(schema);
    if (!validate) {
        validate = ajv.compile(schema);
        validators.set(schema, validate);
    }
    return validate(document) ? [] : (validate.errors ?? []).map(e => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params["additionalProperty"])})` : ""}`);
}

/** A generated control-plane file: the object, its YAML, and where the API server reads it. */
export interface ControlPlaneFile<T> {
    readonly document: T;
    readonly yaml: string;
}
