import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import {
    ADMISSION_CONFIGURATION_SCHEMA,
    ADMISSION_CONFIG_DEFAULTS,
    AUDIT_POLICY_DEFAULTS,
    AUDIT_POLICY_SCHEMA,
    ENCRYPTION_CONFIGURATION_SCHEMA,
    ENCRYPTION_CONFIG_DEFAULTS,
    InvalidArgsError,
    POD_SECURITY_CONFIGURATION_SCHEMA,
    admissionConfig,
    auditPolicy,
    encryptionConfig,
    schemaProblems,
} from "../../../components/kubernetes";
import { PINNED_POD_SECURITY_VERSION } from "../../../components/controls";

const KEY_32 = Buffer.alloc(32, 7).toString("base64");

/** The level the policy's first matching rule gives a request (audit rules match in order). */
function levelFor(rules: readonly { level: string; resources?: readonly { group?: string; resources?: readonly string[] }[]; users?: readonly string[] }[], group: string, resource: string): string {
    const rule = rules.find(r => !r.users && (!r.resources || r.resources.some(g => (g.group ?? "") === group && (g.resources ?? []).includes(resource))));
    return rule!.level;
}

describe("auditPolicy", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(AUDIT_POLICY_DEFAULTS, {
            metadataOnly: [
                { group: "", resources: ["secrets", "configmaps", "serviceaccounts/token"] },
                { group: "authentication.k8s.io", resources: ["tokenreviews", "tokenrequests"] },
            ],
            requestLevel: [{ group: "", resources: ["pods/exec", "pods/attach", "pods/portforward"] }],
            omitStages: ["RequestReceived"],
            ignoredUsers: [],
        });
    });

    it("logs secrets at Metadata, exec/attach/port-forward at Request and the rest at Metadata", () => {
        const { document, yaml } = auditPolicy();
        const cases: [string, string, string][] = [
            ["", "secrets", "Metadata"],
            ["", "pods/exec", "Request"],
            ["", "pods/attach", "Request"],
            ["", "pods/portforward", "Request"],
            ["apps", "deployments", "Metadata"],
            ["", "pods", "Metadata"],
        ];
        for (const [group, resource, level] of cases) {
            assert.equal(levelFor(document.rules, group, resource), level, `${group}/${resource}`);
        }
        assert.deepEqual(schemaProblems(AUDIT_POLICY_SCHEMA, YAML.parse(yaml)), []);
    });

    it("refuses to let secrets out of the Metadata rule", () => {
        assert.throws(() => auditPolicy({ metadataOnly: [{ group: "", resources: ["configmaps"] }] }), (e: InvalidArgsError) => e.problems[0].startsWith("`metadataOnly` must keep core `secrets`"));
    });

    it("has a schema that refuses unknown fields and unknown levels", () => {
        const bad = { apiVersion: "audit.k8s.io/v1", kind: "Policy", rules: [{ level: "Everything", resource: [] }] };
        const problems = schemaProblems(AUDIT_POLICY_SCHEMA, bad);
        assert.ok(problems.some(p => p.includes("/rules/0/level")), problems.join("\n"));
        assert.ok(problems.some(p => p.includes("(resource)")), problems.join("\n"));
    });
});

describe("encryptionConfig", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(ENCRYPTION_CONFIG_DEFAULTS, { resources: ["secrets"], kmsApiVersion: "v2", kmsTimeout: "3s" });
    });

    it("puts KMS v2 first and identity last", () => {
        const { document, yaml } = encryptionConfig({ provider: { kms: { name: "aws-kms", endpoint: "unix:///var/run/kmsplugin/socket.sock" } } });
        assert.deepEqual(document.resources, [
            { resources: ["secrets"], providers: [{ kms: { apiVersion: "v2", name: "aws-kms", endpoint: "unix:///var/run/kmsplugin/socket.sock", timeout: "3s" } }, { identity: {} }] },
        ]);
        assert.deepEqual(schemaProblems(ENCRYPTION_CONFIGURATION_SCHEMA, YAML.parse(yaml)), []);
    });

    it("takes an aescbc or secretbox key, identity last", () => {
        for (const kind of ["aescbc", "secretbox"] as const) {
            const provider = kind === "aescbc" ? { aescbc: { keys: [{ name: "key1", secret: KEY_32 }] } } : { secretbox: { keys: [{ name: "key1", secret: KEY_32 }] } };
            const { document } = encryptionConfig({ provider, resources: ["secrets", "configmaps"] });
            const providers = document.resources[0].providers;
            assert.deepEqual(Object.keys(providers[0]), [kind]);
            assert.deepEqual(providers[providers.length - 1], { identity: {} });
            assert.deepEqual(schemaProblems(ENCRYPTION_CONFIGURATION_SCHEMA, document), []);
        }
    });

    it("reports every bad argument at once", () => {
        assert.throws(
            () => encryptionConfig({ provider: { secretbox: { keys: [{ name: "Key One", secret: Buffer.alloc(16).toString("base64") }] } }, resources: ["configmaps"] }),
            (e: InvalidArgsError) =>
                e.problems.length === 3 &&
                e.problems[0].startsWith("`provider.secretbox.keys[0].name`") &&
                e.problems[1].startsWith("`provider.secretbox.keys[0].secret`") &&
                e.problems[2].startsWith("`resources` must include"),
        );
        assert.throws(() => encryptionConfig({ provider: { identity: {} } as never }), /`provider` must be exactly one of/);
    });

    it("has a schema that refuses two providers in one entry", () => {
        const bad = { apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources: [{ resources: ["secrets"], providers: [{ identity: {}, aescbc: { keys: [{ name: "k", secret: KEY_32 }] } }] }] };
        assert.ok(schemaProblems(ENCRYPTION_CONFIGURATION_SCHEMA, bad).some(p => p.includes("/resources/0/providers/0")));
    });
});

describe("admissionConfig", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(ADMISSION_CONFIG_DEFAULTS, { level: "restricted", version: PINNED_POD_SECURITY_VERSION, exemptNamespaces: ["kube-system"], exemptUsernames: [] });
    });

    it("defaults every unlabelled namespace to restricted at the pinned version, exempting only kube-system", () => {
        const { document, yaml } = admissionConfig();
        const plugin = document.plugins[0];
        assert.equal(plugin.name, "PodSecurity");
        assert.deepEqual(plugin.configuration.defaults, {
            enforce: "restricted",
            "enforce-version": PINNED_POD_SECURITY_VERSION,
            audit: "restricted",
            "audit-version": PINNED_POD_SECURITY_VERSION,
            warn: "restricted",
            "warn-version": PINNED_POD_SECURITY_VERSION,
        });
        assert.deepEqual(plugin.configuration.exemptions.namespaces, ["kube-system"]);
        const parsed = YAML.parse(yaml);
        assert.deepEqual(schemaProblems(ADMISSION_CONFIGURATION_SCHEMA, parsed), []);
        assert.deepEqual(schemaProblems(POD_SECURITY_CONFIGURATION_SCHEMA, parsed.plugins[0].configuration), []);
    });

    it("refuses an unpinned version and bad namespaces", () => {
        assert.throws(
            () => admissionConfig({ version: "latest", exemptNamespaces: ["Kube_System"] }),
            (e: InvalidArgsError) => e.problems.some(p => p.startsWith("`version`")) && e.problems.some(p => p.startsWith("`exemptNamespaces[0]`")),
        );
    });

    it("has a PodSecurityConfiguration schema that refuses unknown levels", () => {
        const bad = { apiVersion: "pod-security.admission.config.k8s.io/v1", kind: "PodSecurityConfiguration", defaults: { enforce: "strict" } };
        assert.ok(schemaProblems(POD_SECURITY_CONFIGURATION_SCHEMA, bad).some(p => p.includes("/defaults/enforce")));
    });
});
