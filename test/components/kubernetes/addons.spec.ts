import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import {
    CHARTS,
    EXTERNAL_SECRETS_DEFAULTS,
    ExternalSecrets,
    GUIDE_RULES,
    IMAGE_VERIFICATION_DEFAULTS,
    ImageVerification,
    InvalidArgsError,
    MESH_MTLS_DEFAULTS,
    MeshMtls,
    RUNTIME_DETECTION_DEFAULTS,
    RuntimeDetection,
    SecretsBackend,
    guideRulesYaml,
    isPinnedVersion,
    packConfigOf,
} from "../../../components/kubernetes";
import { created, describeFindings, mandatory, runComponent, runExpectingError } from "../../helpers/component";
import { API_SERVER, EXTERNAL_SECRETS, IMAGE_VERIFICATION, assertClean, assertObjectsValid, objectsOfKind } from "./fixtures";

function releases(resources: Awaited<ReturnType<typeof runComponent>>["resources"]) {
    return resources.filter(r => r.type === "kubernetes:helm.sh/v3:Release").map(r => r.inputs as Record<string, unknown>);
}

describe("add-on charts", () => {
    it("pins every chart to an exact version and names where the pin comes from", () => {
        for (const [key, chart] of Object.entries(CHARTS)) {
            assert.ok(isPinnedVersion(chart.version), `${key} is not pinned: ${chart.version}`);
            assert.match(chart.repo, /^https:\/\//);
            assert.ok(chart.source.includes(chart.version) || key === "kyverno", `${key}'s source does not name its version`);
        }
        assert.equal(isPinnedVersion("^2.9.0"), false);
        assert.equal(isPinnedVersion("latest"), false);
    });
});

describe("ExternalSecrets", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(EXTERNAL_SECRETS_DEFAULTS, {
            namespace: "external-secrets",
            chartVersion: "2.9.0",
            storeName: "cloud-secrets",
            refreshInterval: "1h",
            serviceAccountName: "external-secrets",
            webhookPort: 10250,
        });
    });

    const backends: [string, SecretsBackend, Record<string, unknown>, Record<string, string>][] = [
        ["AWS Secrets Manager through IRSA", EXTERNAL_SECRETS.backend, { aws: { service: "SecretsManager", region: "eu-west-1" } }, { "eks.amazonaws.com/role-arn": EXTERNAL_SECRETS.backend.roleArn }],
        ["GCP Secret Manager through Workload Identity", { cloud: "gcp", projectId: "hcb-project", serviceAccountEmail: "eso@hcb-project.iam.gserviceaccount.com" }, { gcpsm: { projectID: "hcb-project" } }, { "iam.gke.io/gcp-service-account": "eso@hcb-project.iam.gserviceaccount.com" }],
        [
            "Azure Key Vault through Workload Identity",
            { cloud: "azure", vaultUrl: "https://hcb.vault.azure.net", clientId: "11111111-2222-3333-4444-555555555555" },
            { azurekv: { vaultUrl: "https://hcb.vault.azure.net", authType: "WorkloadIdentity", serviceAccountRef: { name: "external-secrets", namespace: "external-secrets" } } },
            { "azure.workload.identity/client-id": "11111111-2222-3333-4444-555555555555" },
        ],
    ];
    for (const [title, backend, provider, annotations] of backends) {
        it(`serves ${title} to the named namespaces only, clean under the pack`, async () => {
            const run = await runComponent(p => new ExternalSecrets("eso", { ...EXTERNAL_SECRETS, provider: p, backend }));
            const store = objectsOfKind(run.resources, "ClusterSecretStore").get("cloud-secrets")!;
            assert.deepEqual(store["spec"], { provider, conditions: [{ namespaces: ["payments"] }] });
            const [release] = releases(run.resources);
            assert.equal(release["version"], CHARTS.externalSecrets.version);
            assert.deepEqual((release["values"] as { serviceAccount: { annotations: unknown } }).serviceAccount.annotations, annotations);
            const secret = objectsOfKind(run.resources, "ExternalSecret").get("payments/db-credentials")!;
            assert.deepEqual((secret["spec"] as { secretStoreRef: unknown }).secretStoreRef, { kind: "ClusterSecretStore", name: "cloud-secrets" });
            assertObjectsValid(run.resources);
            assertClean(run.violations);
        });
    }

    it("hardens its own namespace: API server, webhook and secret-manager flows only", async () => {
        const run = await runComponent(p => new ExternalSecrets("eso", { ...EXTERNAL_SECRETS, provider: p }));
        const names = [...objectsOfKind(run.resources, "NetworkPolicy").keys()].filter(n => n.startsWith("external-secrets/")).sort();
        assert.deepEqual(names, [
            "external-secrets/allow-api-server-0-egress",
            "external-secrets/allow-api-server-1-egress",
            "external-secrets/allow-dns-egress",
            "external-secrets/allow-secret-manager-0-egress",
            "external-secrets/allow-webhook-0-ingress",
            "external-secrets/allow-webhook-1-ingress",
            "external-secrets/default-deny",
        ]);
        const ns = objectsOfKind(run.resources, "Namespace").get("external-secrets")!;
        assert.equal((ns["metadata"] as { labels: Record<string, string> })["labels"]["pod-security.kubernetes.io/enforce"], "restricted");
    });

    it("makes egress to anywhere a named opt-out the pack reports until recorded", async () => {
        let component: ExternalSecrets | undefined;
        const args = { ...EXTERNAL_SECRETS, secretManager: { anywhere: { reason: "Secrets Manager is reached over its public endpoint, no VPC endpoint yet" } } };
        const run = await runComponent(p => (component = new ExternalSecrets("eso", { ...args, provider: p })));
        assert.deepEqual(mandatory(run.violations).map(v => v.policyName), ["k8s-networkpolicy-disallow-allow-all"], describeFindings(run.violations));
        const recorded = await runComponent(p => new ExternalSecrets("eso", { ...args, provider: p }), { packConfig: packConfigOf(component!.exemptions) });
        assert.deepEqual(mandatory(recorded.violations), []);
        assert.ok(recorded.violations.every(v => v.message.startsWith("exempted: ")));
    });

    it("reports every bad argument at once and registers nothing", async () => {
        const { error, resources } = await runExpectingError(
            p =>
                new ExternalSecrets("eso", {
                    provider: p,
                    backend: { cloud: "gcp", projectId: "", serviceAccountEmail: "nobody" },
                    apiServer: { cidrs: ["10.0.0.0/33"] },
                    secretManager: { cidrs: ["0.0.0.0/0"] },
                    chartVersion: "2.x",
                    storeNamespaces: [],
                }),
        );
        const problems = (error as InvalidArgsError).problems;
        for (const path of ["`backend.projectId`", "`backend.serviceAccountEmail`", "`apiServer.cidrs[0]`", "`chartVersion`", "`storeNamespaces`"]) {
            assert.ok(problems.some(p => p.startsWith(path)), `no problem names ${path}:\n${problems.join("\n")}`);
        }
        assert.deepEqual(created(resources), []);
    });
});

describe("ImageVerification", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(IMAGE_VERIFICATION_DEFAULTS, { failureAction: "Enforce", transparencyLog: false, namespace: "kyverno", chartVersion: "3.9.0", webhookPort: 9443, webhookTimeoutSeconds: 30 });
    });

    it("enforces cosign signatures by the public key and the allowed registries, clean under the pack", async () => {
        const run = await runComponent(p => new ImageVerification("images", { ...IMAGE_VERIFICATION, provider: p }));
        const policies = objectsOfKind(run.resources, "ClusterPolicy");
        const verify = policies.get("verify-image-signatures")!["spec"] as { rules: { verifyImages: Record<string, unknown>[] }[] };
        const entry = verify.rules[0].verifyImages[0];
        assert.deepEqual(entry["imageReferences"], ["registry.example.com/*"]);
        assert.equal(entry["failureAction"], "Enforce");
        assert.equal(entry["verifyDigest"], true);
        assert.deepEqual((entry["attestors"] as { entries: { keys: { publicKeys: string } }[] }[])[0].entries[0].keys.publicKeys, IMAGE_VERIFICATION.publicKey);
        const registries = policies.get("restrict-image-registries")!["spec"] as { rules: { validate: { pattern: { spec: { containers: { image: string }[] } } } }[] };
        assert.equal(registries.rules[0].validate.pattern.spec.containers[0].image, "registry.example.com/*");
        assert.equal(releases(run.resources)[0]["version"], CHARTS.kyverno.version);
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("refuses wildcard registries and a malformed key before registering anything", async () => {
        const { error, resources } = await runExpectingError(p => new ImageVerification("images", { ...IMAGE_VERIFICATION, provider: p, allowedRegistries: ["*"], publicKey: "ssh-ed25519 AAAA" }));
        const problems = (error as InvalidArgsError).problems;
        assert.ok(problems.some(p => p.startsWith("`allowedRegistries[0]`")), problems.join("\n"));
        assert.ok(problems.some(p => p.startsWith("`publicKey`")), problems.join("\n"));
        assert.deepEqual(created(resources), []);
    });
});

describe("RuntimeDetection", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(RUNTIME_DETECTION_DEFAULTS, { namespace: "falco", chartVersion: "9.1.0", driver: "modern_ebpf", rulesFile: "hardened-guide-rules.yaml" });
    });

    it("ships a rule for each of the guide's detections, using only lists and macros it defines", () => {
        const rules = GUIDE_RULES.filter((e): e is Extract<typeof e, { rule: string }> => "rule" in e);
        assert.deepEqual(rules.map(r => r.rule), ["Shell in a container", "Sensitive file read in a container", "Network tool in a container", "Crypto miner in a container", "Container escape attempt"]);
        const defined = new Set(GUIDE_RULES.flatMap(e => ("list" in e ? [e.list] : "macro" in e ? [e.macro] : [])));
        for (const r of rules) {
            for (const name of r.condition.match(/\bhcb_[a-z_]+/g) ?? []) {
                assert.ok(defined.has(name), `${r.rule} uses ${name}, which is not defined`);
            }
            assert.ok(r.desc && r.output && r.priority && r.tags.length, `${r.rule} lacks a field Falco requires`);
        }
        assert.deepEqual(YAML.parse(guideRulesYaml()), JSON.parse(JSON.stringify(GUIDE_RULES)));
    });

    it("installs Falco with the rules and no registry pulls, and hands over its one justified exemption", async () => {
        let component: RuntimeDetection | undefined;
        const run = await runComponent(p => (component = new RuntimeDetection("falco", { provider: p })));
        const values = releases(run.resources)[0]["values"] as Record<string, Record<string, unknown>>;
        assert.deepEqual(values["driver"], { kind: "modern_ebpf" });
        assert.deepEqual(values["falcoctl"], { artifact: { install: { enabled: false }, follow: { enabled: false } } });
        assert.equal((values["customRules"] as Record<string, string>)["hardened-guide-rules.yaml"], guideRulesYaml());
        assertObjectsValid(run.resources);
        assert.deepEqual(mandatory(run.violations).map(v => v.resource), ["falco-ns-namespace"], describeFindings(run.violations));
        const recorded = await runComponent(p => new RuntimeDetection("falco", { provider: p }), { packConfig: packConfigOf(component!.exemptions) });
        assert.deepEqual(mandatory(recorded.violations), []);
        // Justified: Falco needs privileged pods; the finding stays as an exempted advisory.
        assert.equal(recorded.violations.length, 1);
        assert.match(recorded.violations[0].message, /^exempted: /);
    });
});

describe("MeshMtls", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(MESH_MTLS_DEFAULTS, { controlPlaneNamespace: { istio: "istio-system", linkerd: "linkerd" }, chartVersion: "1.30.3", mode: "STRICT", istioCniNamespace: "kube-system" });
    });

    it("installs Istio base, CNI and istiod at one pinned version with a mesh-wide STRICT PeerAuthentication", async () => {
        const run = await runComponent(p => new MeshMtls("mesh", { provider: p, mesh: "istio", meshedNamespaces: ["payments"], apiServer: API_SERVER }));
        const charts = releases(run.resources).map(r => `${String(r["chart"])}@${String(r["version"])} in ${String(r["namespace"])}`).sort();
        assert.deepEqual(charts, ["base@1.30.3 in istio-system", "cni@1.30.3 in kube-system", "istiod@1.30.3 in istio-system"]);
        const pa = objectsOfKind(run.resources, "PeerAuthentication").get("istio-system/default")!;
        assert.deepEqual(pa["spec"], { mtls: { mode: "STRICT" } });
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("requires the API server for Istio and a known mesh", async () => {
        const { error, resources } = await runExpectingError(p => new MeshMtls("mesh", { provider: p, mesh: "consul" as "istio", meshedNamespaces: [] }));
        const problems = (error as InvalidArgsError).problems;
        assert.ok(problems.some(p => p.startsWith("`mesh`")) && problems.some(p => p.startsWith("`meshedNamespaces`")), problems.join("\n"));
        assert.deepEqual(created(resources), []);
        assert.throws(() => new MeshMtls("mesh", { provider: undefined as never, mesh: "istio", meshedNamespaces: ["a"] }), /`apiServer.cidrs`/);
    });

    it("refuses a meshed namespace named twice before registering anything", async () => {
        const { error, resources } = await runExpectingError(p => new MeshMtls("mesh", { provider: p, mesh: "istio", meshedNamespaces: ["payments", "payments"], apiServer: API_SERVER }));
        assert.deepEqual((error as InvalidArgsError).problems, ['`meshedNamespaces[1]` repeats "payments": name each meshed namespace once.']);
        assert.deepEqual(created(resources), []);
    });
});

describe("add-on namespaces", () => {
    for (const [addon, path, build] of [
        ["ExternalSecrets", "namespace", (p: never) => new ExternalSecrets("eso", { ...EXTERNAL_SECRETS, provider: p, namespace: "kube-system" })],
        ["ImageVerification", "namespace", (p: never) => new ImageVerification("images", { ...IMAGE_VERIFICATION, provider: p, namespace: "kube-system" })],
        ["RuntimeDetection", "namespace", (p: never) => new RuntimeDetection("falco", { provider: p, namespace: "kube-system" })],
        ["MeshMtls", "controlPlaneNamespace", (p: never) => new MeshMtls("mesh", { provider: p, mesh: "istio", meshedNamespaces: ["payments"], apiServer: API_SERVER, controlPlaneNamespace: "kube-system" })],
    ] as const) {
        it(`${addon} refuses a system namespace as \`${path}\` in its resolver, before registering anything`, async () => {
            const { error, resources } = await runExpectingError(p => build(p as never));
            assert.ok(error instanceof InvalidArgsError, String(error));
            assert.equal(error.component, addon, "the add-on's own resolver refuses it, not its HardenedNamespace");
            assert.deepEqual(error.problems, [`\`${path}\` must not be the system namespace "kube-system": relabelling it breaks the platform's pods. Leave system namespaces to the cloud and pick a namespace of your own.`]);
            assert.deepEqual(created(resources), []);
        });
    }

    it("MeshMtls takes Linkerd's control-plane namespace as an egress target only: it creates no namespace there", async () => {
        const run = await runComponent(p => new MeshMtls("mesh", { provider: p, mesh: "linkerd", meshedNamespaces: ["payments"], controlPlaneNamespace: "linkerd-cp" }));
        assert.equal(objectsOfKind(run.resources, "Namespace").size, 0);
    });
});
