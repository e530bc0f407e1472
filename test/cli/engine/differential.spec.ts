/**
 * The in-process engine against the real @pulumi/policy server, run as the Pulumi CLI runs it:
 * every corpus and config must give identical results through both.
 */
import * as assert from "node:assert/strict";
import { reconcileConfig } from "../../../cli/engine/config";
import { EngineResource, PackConfig } from "../../../cli/engine/model";
import { SPECIAL_SIG_KEY, UNKNOWN_STRING } from "../../../cli/engine/wire";
import { packConfigOf } from "../../../cli/options";
import { POLICIES } from "../../../policy-pack/policies";
import { EnginesFailedAlike, assertEnginesAgree, loadCorpus, tally, useEngines } from "./differential-harness";

const CORPORA = ["workloads", "namespaces", "rbac", "misc", "preview", "malformed"] as const;
const DEFAULTS = reconcileConfig(POLICIES, undefined);
const JUSTIFICATION = "Legacy ingress controller, replaced in Q3 (ticket OPS-1234).";

function config(file: unknown): PackConfig {
    return reconcileConfig(POLICIES, file);
}

function all(): EngineResource[] {
    return CORPORA.flatMap(name => loadCorpus(name));
}

function resource(type: string, name: string, inputs: Record<string, unknown>, outputs = inputs): EngineResource {
    return { type, name, urn: `urn:pulumi:offline::hcb::${type}::${name}`, inputs, outputs, dependencies: [], propertyDependencies: {} };
}

function sortKeys<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map(sortKeys) as T;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as Record<string, unknown>)[k])])) as T;
}

async function expectFailureAlike(resources: readonly EngineResource[], cfg: PackConfig): Promise<EnginesFailedAlike> {
    try {
        await assertEnginesAgree(resources, cfg);
    } catch (e) {
        if (e instanceof EnginesFailedAlike) {
            return e;
        }
        throw e;
    }
    return assert.fail("both engines succeeded; a failure was expected");
}

describe("InProcessEngine and GrpcEngine", function () {
    this.timeout(120_000);
    useEngines();

    describe("corpora under the default config", () => {
        for (const name of CORPORA) {
            it(`agree on ${name}`, async () => {
                const found = tally(await assertEnginesAgree(loadCorpus(name), DEFAULTS));
                assert.ok(found.diagnostics > 0, `${name} must raise findings`);
                assert.ok(found.notApplicable > 0, `${name} must have not-applicable notes`);
            });
        }

        it("agree on every corpus analysed as one stack", async () => {
            const found = tally(await assertEnginesAgree(all(), DEFAULTS));
            // Every Kubernetes policy of the pack fires somewhere: none is left out of the comparison.
            const kubernetes = POLICIES.map(p => p.name).filter(n => /^(pss|k8s)-/.test(n));
            assert.deepEqual([...found.policies].filter(n => /^(pss|k8s)-/.test(n)).sort(), kubernetes.sort());
        });

        it("agree on an empty stack", async () => {
            const found = tally(await assertEnginesAgree([], DEFAULTS));
            assert.equal(found.diagnostics, 0);
            assert.ok(found.notApplicable > 0);
        });

        it("agree on preview findings, which are advisory", async () => {
            const analysis = await assertEnginesAgree(loadCorpus("preview"), DEFAULTS);
            const previews = [...analysis.resources, analysis.stack].flatMap(r => r.diagnostics).filter(d => /during preview/.test(d.message));
            assert.ok(previews.length > 5);
            assert.ok(previews.every(d => d.enforcementLevel === "advisory"));
        });
    });

    describe("config variations", () => {
        const variations: Record<string, () => PackConfig> = {
            "a resource policy and a stack policy disabled": () =>
                config({ "k8s-workload-require-image-digest": "disabled", "k8s-namespace-require-default-deny": "disabled", "pss-disallow-privileged": "disabled" }),
            "every policy mandatory via all": () => config({ all: "mandatory" }),
            "every policy advisory via all, one mandatory again": () =>
                config({ all: "advisory", "k8s-service-restrict-external-exposure": "mandatory" }),
            "remediate levels (reported as mandatory)": () =>
                config({ "k8s-rbac-disallow-wildcards": "remediate", "k8s-namespace-require-default-deny": { enforcementLevel: "remediate" } }),
            // The engine keeps `all`'s settings as an entry of its own and sends it in Configure;
            // no policy reads it (config.go applyConfig L340-370).
            "exemptions under a leveled all, which reach no policy": () =>
                config({ all: { enforcementLevel: "mandatory", exemptions: [{ name: "deployment-*", justification: JUSTIFICATION }, { urn: "*::ops*", justification: JUSTIFICATION }] } }),
            "names the pack does not have, with a level and settings, sent through": () =>
                config({ "k8s-made-up": { enforcementLevel: "mandatory", exemptions: [] }, "pss-disallow-privilege": "disabled", "pss-disallow-privileged": "advisory" }),
            "per-policy exemptions, one too short to count": () =>
                config({
                    "k8s-workload-require-read-only-root-filesystem": {
                        exemptions: [
                            { name: "pod-*", policies: ["k8s-workload-require-read-only-root-filesystem"], justification: JUSTIFICATION },
                            { name: "job-*", justification: "   too short, padded   ", urn: "*" },
                        ],
                    },
                    "pss-require-run-as-non-root": { exemptions: [{ urn: "urn:pulumi:offline::hcb::kubernetes:apps/v1:Deployment::*", justification: JUSTIFICATION }] },
                }),
            "policy settings (registries, break-glass, allowed levels, limits)": () =>
                config({
                    "k8s-workload-restrict-image-registries": { allowedRegistries: ["ghcr.io/acme"] },
                    "k8s-rbac-restrict-cluster-admin-bindings": { breakGlassSubjects: ["User:breakglass", "Group:system:masters"] },
                    "k8s-namespace-require-pod-security-labels": { allowedLevels: ["baseline", "restricted"], exemptNamespaces: [] },
                    "k8s-workload-require-resource-limits": { resources: ["cpu", "memory", "ephemeral-storage"] },
                    "k8s-namespace-require-default-deny": { exemptNamespaces: ["legacy", "kube-system"] },
                }),
            "--pod-security baseline": () => packConfigOf({ podSecurity: "baseline" }),
            "--pod-security privileged --pod-security-version v1.22": () => packConfigOf({ podSecurity: "privileged", podSecurityVersion: "v1.22" }),
            "--only pss": () => packConfigOf({ only: "pss" }),
        };
        for (const [name, make] of Object.entries(variations)) {
            it(`agree with ${name}`, async () => {
                const cfg = make();
                const found = tally(await assertEnginesAgree(all(), cfg));
                assert.ok(found.diagnostics > 0);
                assert.notDeepEqual(cfg, DEFAULTS);
            });
        }

        it("agree when a config holds values of every JSON type", async () => {
            const cfg: PackConfig = {
                ...DEFAULTS,
                "k8s-secret-disallow-literal-data": { enforcementLevel: "mandatory", properties: { n: 1.5, b: true, z: null, o: { a: [1, "x", { y: false }] }, exemptions: [] } },
            };
            const analysis = await assertEnginesAgree(loadCorpus("misc"), cfg);
            assert.ok(analysis.resources.some(r => r.diagnostics.some(d => d.policyName === "k8s-secret-disallow-literal-data" && d.enforcementLevel === "mandatory")));
        });

        it("agree when the config names only some policies", async () => {
            const partial: PackConfig = { "pss-disallow-privileged": { enforcementLevel: "advisory", properties: {} } };
            const found = tally(await assertEnginesAgree(all(), partial));
            assert.ok(found.diagnostics > 0);
        });
    });

    describe("code-built stacks", () => {
        it("agree on a namespace whose name is unknown, linked by its dependency", async () => {
            const ns = resource("kubernetes:core/v1:Namespace", "team", { metadata: { name: UNKNOWN_STRING, labels: { "pod-security.kubernetes.io/enforce": "baseline" } } });
            const pod = {
                ...resource("kubernetes:core/v1:Pod", "p", { metadata: { namespace: UNKNOWN_STRING }, spec: { hostNetwork: true, containers: [{ name: "c", image: "nginx" }] } }),
                dependencies: [ns.urn],
                propertyDependencies: { metadata: [ns.urn] },
            };
            const found = tally(await assertEnginesAgree([ns, pod], DEFAULTS));
            assert.ok(found.diagnostics > 0);
        });

        it("agree on a thousand-container pod", async () => {
            const containers = Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}`, image: i % 2 ? "nginx" : `ghcr.io/a@sha256:${"b".repeat(64)}`, securityContext: { privileged: i % 3 === 0 } }));
            await assertEnginesAgree([resource("kubernetes:core/v1:Pod", "big", { metadata: { name: "big" }, spec: { containers } })], DEFAULTS);
        });

        it("agree on unicode, empty strings and extreme numbers", async () => {
            const pod = resource("kubernetes:core/v1:Pod", "ünï", {
                metadata: { name: "ünïcødé-✓", labels: { "": "", "emoji-🙂": "🙂" } },
                spec: { containers: [{ name: "", image: "", securityContext: { runAsUser: 1e21, runAsGroup: -0.5 }, ports: [{ hostPort: Number.MAX_SAFE_INTEGER }] }] },
            });
            await assertEnginesAgree([pod], DEFAULTS);
        });
    });

    // Pending until the pack stops depending on the order of object keys: the wire (a protobuf
    // Struct) does not keep it. The JS client sends keys sorted and the Go engine in Go map
    // order, so a policy reading the first malformed or unknown key of a map names another key
    // through the server than in process. Fix: read.ts optStringMap and the AppArmor check
    // iterate sorted keys.
    describe("key order", () => {
        const unsorted: EngineResource[] = [
            resource("kubernetes:core/v1:Namespace", "two-unknown-labels", { metadata: { name: "a", labels: { z: UNKNOWN_STRING, "pod-security.kubernetes.io/enforce": UNKNOWN_STRING } } }),
            resource("kubernetes:core/v1:Namespace", "two-malformed-labels", { metadata: { name: "b", labels: { z: 1, a: 2 } } }),
            resource("kubernetes:core/v1:Service", "malformed-then-unknown", {
                metadata: { name: "s", annotations: { z: 1, "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN_STRING } },
                spec: { type: "LoadBalancer" },
            }),
            resource("kubernetes:core/v1:Pod", "two-unknown-apparmor", {
                metadata: { name: "p", annotations: { "container.apparmor.security.beta.kubernetes.io/z": UNKNOWN_STRING, "container.apparmor.security.beta.kubernetes.io/a": UNKNOWN_STRING } },
                spec: { containers: [{ name: "c", image: "nginx" }] },
            }),
        ];
        for (const r of unsorted) {
            it(`agree on ${r.name}, whose keys are not sorted`, async () => {
                await assertEnginesAgree([r], DEFAULTS);
            });
        }
        it("agree on the same resources with sorted keys", async () => {
            const found = tally(await assertEnginesAgree(unsorted.map(r => ({ ...r, inputs: sortKeys(r.inputs), outputs: sortKeys(r.outputs) })) as EngineResource[], DEFAULTS));
            assert.ok(found.diagnostics >= unsorted.length);
        });
    });

    describe("failures", () => {
        const badSignature = { [SPECIAL_SIG_KEY]: "0123456789abcdef0123456789abcdef", value: "x" };

        // Pending until in-process.ts analyzeResource deserializes the inputs inside the policy's
        // try and before its appliesTo shortcut: the server deserializes for every policy it
        // calls and fails the call with "Error validating resource with policy '<first such
        // policy>' ...", where in-process throws the bare Error or names a later policy.
        it("fail alike when an input has an unrecognised signature", async () => {
            const bad = resource("kubernetes:core/v1:Pod", "bad", { metadata: { name: "bad" }, spec: badSignature });
            const failure = await expectFailureAlike([bad], DEFAULTS);
            assert.match(failure.message, /Error validating resource with policy '[^']+' from policy pack 'hardened-cluster-blueprint@v[^']+'/);
            assert.match(failure.message, /Unrecognized signature '0123456789abcdef0123456789abcdef'/);
        });

        it("fail alike when only an output has an unrecognised signature", async () => {
            const bad = resource("kubernetes:core/v1:Pod", "bad-out", { metadata: { name: "ok" } }, { metadata: { name: "ok" }, spec: badSignature });
            const failure = await expectFailureAlike([bad], DEFAULTS);
            assert.match(failure.message, /Error validating resource with policy '[^']+'/);
        });

        // No policy declares a single `__pulumiType` (the server would skip every alias of that
        // type, policy-pack/lib/define.ts), so the server calls, and deserializes for, every
        // resource policy: the first one in the pack's order is the one named.
        const firstResourcePolicy = POLICIES.find(p => "validateResource" in p)!.name;

        it("fail alike on a resource that no policy reads", async () => {
            const bad = resource("kubernetes:core/v1:ConfigMap", "cm", { metadata: { name: "cm" }, data: badSignature });
            const failure = await expectFailureAlike([bad], DEFAULTS);
            assert.ok(failure.message.includes(`policy '${firstResourcePolicy}'`), failure.message);
        });

        it("fail alike, naming the same policy, on a Secret", async () => {
            const bad = resource("kubernetes:core/v1:Secret", "s", { metadata: { name: "s" }, data: badSignature });
            const failure = await expectFailureAlike([bad], DEFAULTS);
            assert.ok(failure.message.includes(`policy '${firstResourcePolicy}'`), failure.message);
        });

        it("report the first failing resource in input order", async () => {
            const good = loadCorpus("workloads");
            // Deserialisation fails in the first policy that reads the resource: for a Namespace
            // that is the namespace labels policy, for a Role the first workload policy.
            const role = resource("kubernetes:rbac.authorization.k8s.io/v1:Role", "r", { metadata: { name: "r" }, rules: [badSignature] });
            const ns = resource("kubernetes:core/v1:Namespace", "n", { metadata: { name: "n", labels: badSignature } });
            const failure = await expectFailureAlike([...good, ns, ...good.map(r => ({ ...r, urn: `${r.urn}-2` })), role], DEFAULTS);
            assert.match(failure.message, /policy 'k8s-namespace-require-pod-security-labels'/);
        });
    });
});
