import * as assert from "node:assert/strict";
import { DEFAULT_POD_SECURITY_LEVEL, PINNED_POD_SECURITY_VERSION, POD_SECURITY_LABELS } from "../../../components/controls";
import { HARDENED_NAMESPACE_DEFAULTS, HardenedNamespace, HardenedNamespaceArgs, InvalidArgsError, OPT_OUT_REASON_ANNOTATION, packConfigOf, resolveHardenedNamespaceArgs } from "../../../components/kubernetes";
import { TOKENS } from "../../../components/tokens";
import { created, describeFindings, mandatory, runComponent, runExpectingError } from "../../helpers/component";
import { assertClean, assertObjectsValid, objectsOfKind } from "./fixtures";

const FRONTEND_TO_BACKEND = { name: "frontend-to-backend", from: { pods: { app: "frontend" } }, to: { pods: { app: "backend" } }, ports: [{ port: 8080 }] };
const REASON = "legacy payment agent needs NET_RAW until its 2027 rewrite";

describe("HardenedNamespace", () => {
    it("pins its documented defaults", () => {
        assert.deepEqual(HARDENED_NAMESPACE_DEFAULTS, {
            podSecurity: { level: "restricted", version: "v1.35" },
            dns: { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } },
            allow: [],
            developerGroups: [],
            automountDefaultServiceAccountToken: false,
        });
        assert.equal(HARDENED_NAMESPACE_DEFAULTS.podSecurity.level, DEFAULT_POD_SECURITY_LEVEL);
        assert.equal(HARDENED_NAMESPACE_DEFAULTS.podSecurity.version, PINNED_POD_SECURITY_VERSION);
    });

    it("registers the namespace, default deny, DNS egress and the default service account patch by default", async () => {
        const run = await runComponent(provider => new HardenedNamespace("payments", { provider }));
        const kinds = created(run.resources).map(r => `${r.type} ${r.name}`).sort();
        assert.deepEqual(kinds, [
            `${TOKENS.hardenedNamespace} payments`,
            "kubernetes:core/v1:Namespace payments-namespace",
            "kubernetes:core/v1:ServiceAccountPatch payments-default-service-account",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy payments-allow-dns-egress",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy payments-default-deny",
        ]);
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("labels the namespace to enforce, audit and warn at restricted with the pinned version", async () => {
        const run = await runComponent(provider => new HardenedNamespace("payments", { provider }));
        const ns = objectsOfKind(run.resources, "Namespace").get("payments")!;
        const labels = (ns["metadata"] as { labels: Record<string, string> }).labels;
        for (const mode of ["enforce", "audit", "warn"] as const) {
            assert.equal(labels[POD_SECURITY_LABELS[mode]], "restricted");
            assert.equal(labels[POD_SECURITY_LABELS[`${mode}Version`]], PINNED_POD_SECURITY_VERSION);
        }
    });

    it("denies ingress and egress by default and lets DNS out to kube-dns only", async () => {
        const run = await runComponent(provider => new HardenedNamespace("payments", { provider }));
        const policies = objectsOfKind(run.resources, "NetworkPolicy");
        assert.deepEqual(policies.get("payments/default-deny")!["spec"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        assert.deepEqual(policies.get("payments/allow-dns-egress")!["spec"], {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                },
            ],
        });
        const sa = objectsOfKind(run.resources, "ServiceAccount").get("payments/default")!;
        assert.equal(sa["automountServiceAccountToken"], false);
    });

    it("opens frontend → backend on TCP 8080 on both sides of the default deny", async () => {
        const run = await runComponent(provider => new HardenedNamespace("shop", { provider, allow: [FRONTEND_TO_BACKEND] }));
        const policies = objectsOfKind(run.resources, "NetworkPolicy");
        assert.deepEqual(policies.get("shop/allow-frontend-to-backend-egress")!["spec"], {
            podSelector: { matchLabels: { app: "frontend" } },
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: { matchLabels: { app: "backend" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
        });
        assert.deepEqual(policies.get("shop/allow-frontend-to-backend-ingress")!["spec"], {
            podSelector: { matchLabels: { app: "backend" } },
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
        });
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("allows egress to another namespace and to a CIDR with only the sending side's policy", async () => {
        const run = await runComponent(
            provider =>
                new HardenedNamespace("shop", {
                    provider,
                    allow: [
                        { name: "to-payments", from: { pods: { app: "backend" } }, to: { namespace: "payments", pods: { app: "api" } }, ports: [{ port: 443 }] },
                        { name: "to-database", from: { pods: { app: "backend" } }, to: { cidr: "10.20.0.0/16", except: ["10.20.9.0/24"] }, ports: [{ port: 5432 }] },
                    ],
                }),
        );
        const names = [...objectsOfKind(run.resources, "NetworkPolicy").keys()].sort();
        assert.deepEqual(names, ["shop/allow-dns-egress", "shop/allow-to-database-egress", "shop/allow-to-payments-egress", "shop/default-deny"]);
        assertObjectsValid(run.resources);
        // The flow to payments crosses namespaces, and this stack holds the namespace alone (no
        // cluster, no baseline, no declared stage: applications): whether another stage meshes it
        // the pack cannot tell, and says so. That advisory is the one finding; nothing about the
        // network policies.
        assert.deepEqual(
            run.violations.map(v => [v.policyName, v.enforcementLevel, v.resource, v.message]),
            [
                [
                    "k8s-namespace-require-mesh-mtls",
                    "advisory",
                    "shop-namespace",
                    "Namespace 'shop' cannot be checked for checklist \"service-to-service mTLS\": it declares flows with payments and is in no mesh here, and the stack holds applications (from no cluster, no ClusterBaseline and no declared stage); declare the baseline layer (StackStage or `layers`) where the mesh is built.",
                ],
            ],
            describeFindings(run.violations),
        );
        // Meshed in STRICT mode by its own annotations (Linkerd, all-authenticated), the same namespace is clean.
        const meshed = await runComponent(
            provider =>
                new HardenedNamespace("shop", {
                    provider,
                    annotations: { "linkerd.io/inject": "enabled", "config.linkerd.io/default-inbound-policy": "all-authenticated" },
                    allow: [{ name: "to-payments", from: { pods: { app: "backend" } }, to: { namespace: "payments", pods: { app: "api" } }, ports: [{ port: 443 }] }],
                }),
        );
        assertClean(meshed.violations);
    });

    it("adds the quota, limit range and developer role when configured, all clean", async () => {
        const run = await runComponent(
            provider =>
                new HardenedNamespace("payments", {
                    provider,
                    quota: { "requests.cpu": "4", "limits.memory": "16Gi", pods: "50" },
                    limits: { defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" }, max: { memory: "2Gi" } },
                    developerGroups: ["team-payments"],
                }),
        );
        assert.ok(objectsOfKind(run.resources, "ResourceQuota").has("payments/quota"));
        assert.ok(objectsOfKind(run.resources, "LimitRange").has("payments/limits"));
        assert.ok(objectsOfKind(run.resources, "Role").has("payments/developer"));
        assertObjectsValid(run.resources);
        assertClean(run.violations);
    });

    it("makes a weaker Pod Security level a named opt-out that the pack reports until its exemption is recorded", async () => {
        let component: HardenedNamespace | undefined;
        const args = (provider: HardenedNamespaceArgs["provider"]): HardenedNamespaceArgs => ({ provider, podSecurity: { level: "baseline", reason: REASON } });
        const run = await runComponent(provider => (component = new HardenedNamespace("legacy", args(provider))));
        const ns = objectsOfKind(run.resources, "Namespace").get("legacy")!;
        const metadata = ns["metadata"] as { labels: Record<string, string>; annotations: Record<string, string> };
        assert.equal(metadata.labels[POD_SECURITY_LABELS.enforce], "baseline");
        assert.equal(metadata.labels[POD_SECURITY_LABELS.audit], "restricted", "audit stays at restricted so the gap is visible");
        assert.equal(metadata.annotations[OPT_OUT_REASON_ANNOTATION], REASON);
        const found = mandatory(run.violations);
        assert.equal(found.length, 1, describeFindings(run.violations));
        assert.equal(found[0].policyName, "k8s-namespace-require-pod-security-labels");
        assert.match(found[0].message, /enforce=baseline is not an allowed level/);

        // Recorded as the component hands it over, the finding stays visible as an exempted advisory.
        const exempted = await runComponent(provider => new HardenedNamespace("legacy", args(provider)), { packConfig: packConfigOf(component!.exemptions) });
        assert.deepEqual(mandatory(exempted.violations), []);
        assert.equal(exempted.violations.length, 1);
        assert.match(exempted.violations[0].message, /^exempted: /);
        assert.match(exempted.violations[0].message, new RegExp(`justification: ${REASON}`));
    });

    it("makes an allow-all rule a named opt-out that the pack reports until its exemption is recorded", async () => {
        let component: HardenedNamespace | undefined;
        const rule = { name: "partner-webhooks", from: { anywhere: { reason: "partner webhooks arrive from addresses they do not publish" } }, to: { pods: { app: "hooks" } }, ports: [{ port: 8443 }] };
        const run = await runComponent(provider => (component = new HardenedNamespace("hooks", { provider, allow: [rule] })));
        const found = mandatory(run.violations);
        assert.equal(found.length, 1, describeFindings(run.violations));
        assert.equal(found[0].policyName, "k8s-networkpolicy-disallow-allow-all");
        assert.equal(found[0].resource, "hooks-allow-partner-webhooks-ingress");
        const exempted = await runComponent(provider => new HardenedNamespace("hooks", { provider, allow: [rule] }), { packConfig: packConfigOf(component!.exemptions) });
        assert.deepEqual(mandatory(exempted.violations), []);
        assert.ok(exempted.violations.every(v => v.message.startsWith("exempted: ")), describeFindings(exempted.violations));
    });

    it("reports every bad argument at once, naming each property, and registers nothing", async () => {
        const { error, resources } = await runExpectingError(
            provider =>
                new HardenedNamespace("Bad_Name", {
                    provider,
                    podSecurity: { level: "privileged", version: "latest" },
                    labels: { "pod-security.kubernetes.io/enforce": "privileged" },
                    allow: [
                        { name: "open", from: { pods: { app: "a" } }, to: { cidr: "0.0.0.0/0" }, ports: [] },
                        { name: "elsewhere", from: { namespace: "x" }, to: { namespace: "y" }, ports: [{ port: 70000 }] },
                    ],
                }),
        );
        assert.ok(error instanceof InvalidArgsError);
        const problems = (error as InvalidArgsError).problems;
        for (const path of ["`namespaceName`", "`podSecurity.reason`", "`podSecurity.version`", "`labels`", "`allow[0].to.cidr`", "`allow[0].ports`", "`allow[1]`", "`allow[1].ports[0].port`"]) {
            assert.ok(problems.some(p => p.startsWith(path)), `no problem names ${path}:\n${problems.join("\n")}`);
        }
        assert.deepEqual(created(resources), []);
    });

    it("refuses a missing provider and a system namespace", () => {
        assert.throws(
            () => resolveHardenedNamespaceArgs("kube-system", {} as HardenedNamespaceArgs),
            (e: InvalidArgsError) => e.problems.some(p => p.startsWith("`provider` must be a k8s.Provider")) && e.problems.some(p => p.startsWith("`namespaceName` must not be the system namespace")),
        );
    });
});
