import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { CLUSTER_BASELINE_DEFAULTS, ClusterBaseline, ClusterBaselineArgs, InvalidArgsError, packConfigOf } from "../../../components/kubernetes";
import { TOKENS } from "../../../components/tokens";
import { created, describeFindings, mandatory, runComponent, runExpectingError } from "../../helpers/component";
import { API_SERVER, EXTERNAL_SECRETS, IMAGE_VERIFICATION, REQUIRED_OPT_OUTS, assertObjectsValid, objectsOfKind } from "./fixtures";

const TEAMS = [
    { name: "payments", developerGroups: ["team-payments"], allow: [{ name: "web-to-api", from: { pods: { app: "web" } }, to: { pods: { app: "api" } }, ports: [{ port: 8080 }] }] },
    { name: "shop", developerGroups: ["team-shop"], quota: { pods: "40" } },
];

function full(provider: k8s.Provider): ClusterBaselineArgs {
    return {
        provider,
        namespaces: TEAMS,
        access: { readOnlyGroups: ["platform-readers"] },
        externalSecrets: EXTERNAL_SECRETS,
        imageVerification: IMAGE_VERIFICATION,
        runtimeDetection: {},
        meshMtls: { mesh: "istio", meshedNamespaces: ["payments", "shop"], apiServer: API_SERVER },
    };
}

describe("ClusterBaseline", () => {
    it("pins its documented defaults: no namespaces, access without bindings, Falco on, no opt-out", async () => {
        assert.deepEqual(CLUSTER_BASELINE_DEFAULTS, { namespaces: [], access: {}, runtimeDetection: {}, optOuts: {} });
        let baseline: ClusterBaseline | undefined;
        const run = await runComponent(provider => (baseline = new ClusterBaseline("baseline", { provider, optOuts: REQUIRED_OPT_OUTS })));
        const components = created(run.resources).filter(r => !r.custom).map(r => r.type).sort();
        assert.deepEqual(components, [TOKENS.clusterAccess, TOKENS.clusterBaseline, TOKENS.hardenedNamespace, TOKENS.runtimeDetection]);
        const releases = created(run.resources).filter(r => r.type.startsWith("kubernetes:helm.sh/")).map(r => r.inputs["chart"]);
        assert.deepEqual(releases, ["falco"], "Falco alone is installed by default");
        // The Falco namespace is the one mandatory finding until its exemption is recorded.
        assert.deepEqual(mandatory(run.violations).map(f => f.policyName), ["k8s-namespace-require-pod-security-labels"], describeFindings(run.violations));
        const recorded = await runComponent(provider => new ClusterBaseline("baseline", { provider, optOuts: REQUIRED_OPT_OUTS }), { packConfig: packConfigOf(baseline!.exemptions) });
        assert.deepEqual(mandatory(recorded.violations), []);
        // The two opt-outs are reported as advisories carrying their reasons.
        assert.deepEqual(
            recorded.violations.map(f => f.policyName).sort(),
            ["k8s-namespace-require-pod-security-labels", "k8s-stack-require-external-secrets", "k8s-stack-require-image-verification"],
            describeFindings(recorded.violations),
        );
    });

    it("hardens every listed namespace, clean under the pack but for the named opt-outs", async () => {
        const run = await runComponent(provider =>
            new ClusterBaseline("baseline", { provider, namespaces: TEAMS, optOuts: { ...REQUIRED_OPT_OUTS, runtimeDetection: { reason: "GuardDuty Runtime Monitoring covers this cluster" } } }),
        );
        assert.deepEqual([...objectsOfKind(run.resources, "Namespace").keys()].sort(), ["payments", "shop"]);
        for (const ns of ["payments", "shop"]) {
            assert.ok(objectsOfKind(run.resources, "NetworkPolicy").has(`${ns}/default-deny`));
            assert.ok(objectsOfKind(run.resources, "Role").has(`${ns}/developer`));
        }
        assertObjectsValid(run.resources);
        // Only the opt-outs, as advisories naming their reasons; the unmeshed team namespaces, advised.
        assert.deepEqual(mandatory(run.violations), [], describeFindings(run.violations));
        assert.deepEqual(
            run.violations.map(f => `${f.policyName} ${f.resource ?? ""}`).sort(),
            [
                "k8s-namespace-require-mesh-mtls baseline-payments-namespace",
                "k8s-namespace-require-mesh-mtls baseline-shop-namespace",
                "k8s-stack-require-external-secrets hcb-test-test",
                "k8s-stack-require-image-verification hcb-test-test",
                "k8s-stack-require-runtime-detection hcb-test-test",
            ],
            describeFindings(run.violations),
        );
        for (const f of run.violations.filter(v => v.policyName.startsWith("k8s-stack-"))) {
            assert.match(f.message, /^exempted: .*Opted out by ClusterBaseline 'baseline'.*\njustification: /s);
        }
    });

    it("installs every add-on when configured: schema-valid, no mandatory finding, only the recorded Falco exemption", async () => {
        let baseline: ClusterBaseline | undefined;
        const run = await runComponent(provider => (baseline = new ClusterBaseline("baseline", full(provider))));
        assertObjectsValid(run.resources);
        // Falco's namespace is privileged by necessity: the one finding, until its exemption is recorded.
        const found = mandatory(run.violations);
        assert.deepEqual(found.map(f => `${f.policyName} ${f.resource}`), ["k8s-namespace-require-pod-security-labels baseline-runtime-detection-ns-namespace"], describeFindings(run.violations));
        assert.equal(run.violations.length, 1, describeFindings(run.violations));

        const recorded = await runComponent(provider => new ClusterBaseline("baseline", full(provider)), { packConfig: packConfigOf(baseline!.exemptions) });
        assert.deepEqual(mandatory(recorded.violations), []);
        // The exempted finding stays visible as an advisory that names its justification.
        assert.equal(recorded.violations.length, 1, describeFindings(recorded.violations));
        assert.match(recorded.violations[0].message, /^exempted: .*\njustification: Falco's DaemonSet reads kernel events/s);
    });

    it("labels meshed namespaces for injection and lets them reach istiod", async () => {
        const run = await runComponent(provider => new ClusterBaseline("baseline", full(provider)));
        const payments = objectsOfKind(run.resources, "Namespace").get("payments")!;
        assert.equal((payments["metadata"] as { labels: Record<string, string> }).labels["istio-injection"], "enabled");
        const egress = objectsOfKind(run.resources, "NetworkPolicy").get("payments/allow-mesh-control-plane-egress")!;
        assert.deepEqual((egress["spec"] as { egress: unknown[] }).egress, [
            {
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { app: "istiod" } } }],
                ports: [{ protocol: "TCP", port: 15012 }],
            },
        ]);
    });

    it("marks Linkerd namespaces all-authenticated, clean under the pack", async () => {
        let baseline: ClusterBaseline | undefined;
        const args = (provider: k8s.Provider): ClusterBaselineArgs => ({
            provider,
            namespaces: TEAMS,
            meshMtls: { mesh: "linkerd", meshedNamespaces: ["shop", "payments"] },
            externalSecrets: EXTERNAL_SECRETS,
            imageVerification: IMAGE_VERIFICATION,
        });
        await runComponent(provider => (baseline = new ClusterBaseline("baseline", args(provider))));
        const run = await runComponent(provider => new ClusterBaseline("baseline", args(provider)), { packConfig: packConfigOf(baseline!.exemptions) });
        const shop = objectsOfKind(run.resources, "Namespace").get("shop")!;
        assert.deepEqual((shop["metadata"] as { annotations: Record<string, string> }).annotations, {
            "linkerd.io/inject": "enabled",
            "config.linkerd.io/default-inbound-policy": "all-authenticated",
        });
        assertObjectsValid(run.resources);
        // Only the recorded Falco exemption: every checklist line is built.
        assert.deepEqual(run.violations.map(f => `${f.policyName} ${f.resource}`), ["k8s-namespace-require-pod-security-labels baseline-runtime-detection-ns-namespace"], describeFindings(run.violations));
    });

    it("reports the problems of every namespace and add-on at once, and registers nothing", async () => {
        const { error, resources } = await runExpectingError(
            provider =>
                new ClusterBaseline("baseline", {
                    provider,
                    namespaces: [{ name: "payments", podSecurity: { level: "baseline" } }, { name: "payments" }, { name: "falco" }],
                    access: { readOnlyGroups: ["system:authenticated"] },
                    externalSecrets: { ...EXTERNAL_SECRETS, secrets: [{ name: "x", namespace: "nowhere", data: [{ secretKey: "k", remoteKey: "r" }] }] },
                    imageVerification: { ...IMAGE_VERIFICATION, publicKey: "not a key", chartVersion: "^3" },
                    runtimeDetection: {},
                    meshMtls: { mesh: "istio", meshedNamespaces: ["elsewhere"], apiServer: { cidrs: [] } },
                }),
        );
        assert.ok(error instanceof InvalidArgsError);
        const problems = (error as InvalidArgsError).problems;
        for (const path of [
            "`namespaces[0].podSecurity.reason`",
            "`namespaces[1].name`",
            "`runtimeDetection.namespace`",
            "`access.readOnlyGroups[0]`",
            "`externalSecrets.secrets[0].namespace`",
            "`imageVerification.publicKey`",
            "`imageVerification.chartVersion`",
            "`meshMtls.apiServer.cidrs`",
            "`meshMtls.meshedNamespaces[0]`",
        ]) {
            assert.ok(problems.some(p => p.startsWith(path)), `no problem names ${path}:\n${problems.join("\n")}`);
        }
        assert.deepEqual(created(resources), []);
    });

    describe("malformed arguments", () => {
        /** The problems of a ClusterBaseline with these args; asserts nothing at all was registered. */
        async function problemsOf(args: (provider: k8s.Provider) => Record<string, unknown>): Promise<readonly string[]> {
            // The required add-ons are opted out of where a case leaves them unset, so each case shows only its own problems.
            const { error, resources } = await runExpectingError(provider => {
                const given = args(provider);
                const optOuts = Object.fromEntries(Object.entries(REQUIRED_OPT_OUTS).filter(([k]) => given[k] === undefined));
                return new ClusterBaseline("baseline", { optOuts, ...given } as unknown as ClusterBaselineArgs);
            });
            assert.ok(error instanceof InvalidArgsError, `expected InvalidArgsError, got ${error}`);
            assert.deepEqual(created(resources), [], "registers nothing, not even the component");
            return error.problems;
        }

        for (const [what, entries] of [
            ["an entry without a name", [{}]],
            ["two entries without a name", [{}, {}]],
            ["a number", [7]],
            ["null", [null]],
            ["a name that is not a string", [{ name: 7 }]],
        ] as const) {
            it(`refuses ${what} in \`namespaces\`, naming \`namespaces[i].name\``, async () => {
                const problems = await problemsOf(provider => ({ provider, namespaces: entries }));
                assert.equal(problems.length, entries.length, problems.join("\n"));
                entries.forEach((_, i) => assert.match(problems[i], new RegExp(`^\`namespaces\\[${i}\\]\\.name\` must be the namespace's name as a string`)));
                assert.ok(!problems.some(p => p.includes("undefined")), problems.join("\n"));
            });
        }

        it("refuses a namespace name that is a system namespace or no DNS label under `namespaces[i].name`", async () => {
            const problems = await problemsOf(provider => ({ provider, namespaces: [{ name: "kube-system" }, { name: "Payments" }] }));
            assert.equal(problems.length, 2, problems.join("\n"));
            assert.match(problems[0], /^`namespaces\[0\]\.name` must not be the system namespace "kube-system"/);
            assert.match(problems[1], /^`namespaces\[1\]\.name` must be a DNS-1123 label/);
        });

        for (const [path, args] of [
            ["meshMtls.meshedNamespaces", { namespaces: [{ name: "payments" }], meshMtls: { mesh: "linkerd", meshedNamespaces: "payments" } }],
            ["externalSecrets.secrets", { namespaces: [{ name: "payments" }], externalSecrets: { ...EXTERNAL_SECRETS, secrets: "payments/db" } }],
            ["externalSecrets.storeNamespaces", { namespaces: [{ name: "payments" }], externalSecrets: { ...EXTERNAL_SECRETS, storeNamespaces: "payments" } }],
            ["imageVerification.allowedRegistries", { imageVerification: { ...IMAGE_VERIFICATION, allowedRegistries: "registry.example.com/" } }],
            ["imageVerification.transparencyLog", { imageVerification: { ...IMAGE_VERIFICATION, transparencyLog: "yes" } }],
            ["namespaces[0].allow", { namespaces: [{ name: "payments", allow: { name: "x" } }], meshMtls: { mesh: "linkerd", meshedNamespaces: ["payments"] } }],
            ["runtimeDetection", { runtimeDetection: "falco" }],
            ["meshMtls", { meshMtls: null }],
        ] as const) {
            it(`reports a malformed \`${path}\` as a problem, not a TypeError`, async () => {
                const problems = await problemsOf(provider => ({ provider, ...args }));
                assert.ok(problems.some(p => p.startsWith(`\`${path}\``)), problems.join("\n"));
            });
        }

        for (const [path, args] of [
            ["runtimeDetection.namespace", { runtimeDetection: { namespace: "kube-system" } }],
            ["externalSecrets.namespace", { namespaces: [{ name: "payments" }], externalSecrets: { ...EXTERNAL_SECRETS, namespace: "kube-public" } }],
            ["imageVerification.namespace", { imageVerification: { ...IMAGE_VERIFICATION, namespace: "kube-node-lease" } }],
            ["meshMtls.controlPlaneNamespace", { namespaces: [{ name: "payments" }], meshMtls: { mesh: "istio", meshedNamespaces: ["payments"], apiServer: API_SERVER, controlPlaneNamespace: "kube-system" } }],
        ] as const) {
            it(`refuses a system namespace as \`${path}\` before registering anything`, async () => {
                const problems = await problemsOf(provider => ({ provider, access: { readOnlyGroups: ["platform-readers"] }, ...args }));
                assert.deepEqual(problems.filter(p => p.startsWith(`\`${path}\``)).length, 1, problems.join("\n"));
                assert.match(problems.find(p => p.startsWith(`\`${path}\``))!, /must not be the system namespace/);
            });
        }
    });
});
