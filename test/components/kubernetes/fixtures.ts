/**
 * Shared inputs and assertions for the in-cluster component specs: a documented configuration
 * per add-on, and the checks every run makes (schema-valid objects, named objects, the pack).
 */
import * as assert from "node:assert/strict";
import type { RecordedResource } from "../../../cli/plan/mock-runtime";
import { Finding, describeFindings, kubernetesObjects } from "../../helpers/component";
import { schemaErrors } from "./schema";

/** A real P-256 public key in the PEM form of cosign.pub (generated for these tests; no private key kept). */
export const COSIGN_PUBLIC_KEY = [
    "-----BEGIN PUBLIC KEY-----",
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt4iEyTlejtiU1ssHMZq+wrsyN+1s",
    "HUlwN7k3tAcXDLjxs/17rDOKGyAVf+aALXjp6tECYZUJ2C50WweXi1vQDQ==",
    "-----END PUBLIC KEY-----",
].join("\n");

export const API_SERVER = { cidrs: ["10.0.0.0/28", "10.0.0.16/28"] };

export const EXTERNAL_SECRETS = {
    backend: { cloud: "aws" as const, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/external-secrets" },
    apiServer: API_SERVER,
    secretManager: { cidrs: ["10.0.64.0/24"] },
    secrets: [{ name: "db-credentials", namespace: "payments", data: [{ secretKey: "password", remoteKey: "prod/payments/db", property: "password" }] }],
};

export const IMAGE_VERIFICATION = {
    publicKey: COSIGN_PUBLIC_KEY,
    imageReferences: ["registry.example.com/*"],
    allowedRegistries: ["registry.example.com/"],
    apiServer: API_SERVER,
    registries: { cidrs: ["10.0.80.0/24"] },
};

/** Named opt-outs of the add-ons ClusterBaseline requires, for tests about something else. */
export const REQUIRED_OPT_OUTS = {
    externalSecrets: { reason: "Secrets come from the cloud's secrets add-on, managed by the platform team" },
    imageVerification: { reason: "Binary Authorization enforces signatures on this cluster" },
};

/** Every registered Kubernetes object validates against its schema and is named explicitly. */
export function assertObjectsValid(resources: readonly RecordedResource[]): void {
    const objects = kubernetesObjects(resources);
    assert.ok(objects.length > 0, "no Kubernetes object was registered");
    for (const o of objects) {
        const metadata = (o["metadata"] ?? {}) as Record<string, unknown>;
        const label = `${String(o["kind"])} ${String(metadata["name"])}`;
        assert.equal(typeof metadata["name"], "string", `${String(o["kind"])} has no explicit metadata.name`);
        assert.deepEqual(schemaErrors(o), [], `${label} does not validate against its schema`);
    }
}

/** No finding at all (mandatory or advisory). */
export function assertClean(violations: readonly Finding[]): void {
    assert.deepEqual(violations, [], `the pack reported:\n${describeFindings(violations)}`);
}

/** Objects of a kind, by metadata.name. */
export function objectsOfKind(resources: readonly RecordedResource[], kind: string): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const o of kubernetesObjects(resources)) {
        if (o["kind"] === kind) {
            const m = o["metadata"] as Record<string, unknown>;
            out.set(`${m["namespace"] ? `${String(m["namespace"])}/` : ""}${String(m["name"])}`, o);
        }
    }
    return out;
}
