import * as assert from "node:assert/strict";
import { SCHEMA_SOURCES, schemaErrors } from "./schema";

/** The validator the component specs rely on must be able to fail. */
describe("schemaErrors", () => {
    it("refuses a built-in object that breaks the Kubernetes schema", () => {
        const errors = schemaErrors({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { podSelector: {}, policyTypes: ["Sideways"] } });
        assert.ok(errors.some(e => e.startsWith("/spec/policyTypes/0")), errors.join("\n"));
    });

    it("refuses a custom resource with an unknown field or a bad enum", () => {
        const errors = schemaErrors({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default" }, spec: { mtls: { mode: "STRICTEST" }, mtlsMode: "STRICT" } });
        assert.ok(errors.some(e => e.startsWith("/spec/mtls/mode")), errors.join("\n"));
        assert.ok(errors.includes("spec.mtlsMode is not a field of the schema"), errors.join("\n"));
    });

    it("never passes a kind it has no schema for", () => {
        assert.throws(() => schemaErrors({ apiVersion: "example.com/v1", kind: "Widget" }), /no schema for example.com\/v1\/Widget/);
    });

    it("names the source of every vendored CRD schema", () => {
        assert.deepEqual(Object.keys(SCHEMA_SOURCES).sort(), [
            "external-secrets.io/v1/ClusterSecretStore",
            "external-secrets.io/v1/ExternalSecret",
            "kyverno.io/v1/ClusterPolicy",
            "security.istio.io/v1/PeerAuthentication",
        ]);
    });
});
