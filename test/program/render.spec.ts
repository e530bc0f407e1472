import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { runUnderMocks } from "../../cli/plan/mock-runtime";
import { ClusterBaseline, ClusterBaselineArgs } from "../../components/kubernetes";
import { TOKENS } from "../../components/tokens";
import { RELEASE_ADDONS, baselineArgsOf, checkRenderable, releaseAddonsOf } from "../../program/baseline";
import { registered, runProgram, stackConfig } from "./helpers";

/** The staged EKS example's baseline: every add-on of the checklist, from mirrors. */
function exampleBaseline(): Record<string, unknown> {
    return JSON.parse(stackConfig("eks-baseline")["hcb:baseline"]);
}

const reason = { reason: "installed by a Flux HelmRelease next to the rendered baseline" };

/** Variants of the example, one tweak each. */
const VARIANTS: [string, Record<string, unknown>][] = [
    ["the example (Falco by default, External Secrets, Kyverno, Istio)", exampleBaseline()],
    ["Falco opted out", { ...exampleBaseline(), optOuts: { runtimeDetection: reason } }],
    ["Falco configured explicitly", { ...exampleBaseline(), runtimeDetection: {} }],
    ["Linkerd declared, not installed", { ...exampleBaseline(), meshMtls: { mesh: "linkerd", meshedNamespaces: ["shop", "payments"] } }],
    [
        "every Helm add-on opted out",
        (() => {
            const { externalSecrets: _e, imageVerification: _i, meshMtls: _m, ...rest } = exampleBaseline();
            return { ...rest, optOuts: { runtimeDetection: reason, externalSecrets: reason, imageVerification: reason, meshMtls: reason } };
        })(),
    ],
];

/** The add-ons under which ClusterBaseline registers a helm.v3.Release, read from the URNs. */
async function releasesRegistered(baseline: Record<string, unknown>): Promise<string[]> {
    const resources = await runUnderMocks(
        () => new ClusterBaseline("baseline", { ...baselineArgsOf(baseline, "aws", { cloud: "aws", oidc: { usernamePrefix: "oidc:", groupsPrefix: "oidc:" } }), provider: new k8s.Provider("cluster", {}) } as unknown as ClusterBaselineArgs),
        { project: "hcb-test", stack: "test" },
    );
    const tokens = TOKENS as unknown as Record<string, string>;
    const releases = resources.filter(r => r.type === "kubernetes:helm.sh/v3:Release");
    return Object.keys(RELEASE_ADDONS).filter(k => releases.some(r => r.urn.includes(`${tokens[k]}$`)));
}

describe("rendering the baseline (hcb:renderYamlTo)", () => {
    describe("releaseAddonsOf", () => {
        for (const [what, baseline] of VARIANTS) {
            it(`names exactly the add-ons ClusterBaseline installs as Helm releases: ${what}`, async () => {
                assert.deepEqual(releaseAddonsOf(baseline), await releasesRegistered(baseline));
            });
        }
    });

    it("refuses Falco, on by default, when the stack renders and says nothing of it", () => {
        const { externalSecrets: _e, imageVerification: _i, meshMtls: _m, ...rest } = exampleBaseline();
        const baseline: Record<string, unknown> = { ...rest, optOuts: { externalSecrets: reason, imageVerification: reason, meshMtls: reason } };
        assert.equal(baseline["runtimeDetection"], undefined);
        assert.throws(
            () => checkRenderable(baseline, "rendered/eks"),
            (e: Error) => {
                assert.match(e.message, /^`hcb:renderYamlTo` cannot render `hcb:baseline.runtimeDetection` \(Falco, on by default\): /);
                assert.match(e.message, /`optOuts.runtimeDetection: \{ reason: "<where the GitOps tool installs it>" \}`/);
                assert.doesNotMatch(e.message, /externalSecrets|imageVerification|meshMtls/);
                return true;
            },
        );
    });

    it("names every Helm add-on of the example, each with its opt-out", () => {
        assert.throws(() => checkRenderable(exampleBaseline(), "out"), (e: Error) => {
            for (const k of ["externalSecrets", "imageVerification", "runtimeDetection", "meshMtls"]) {
                assert.match(e.message, new RegExp(`\`hcb:baseline.${k}\` \\(`));
                assert.match(e.message, new RegExp(`\`optOuts.${k}: `));
            }
            return true;
        });
    });

    it("renders a baseline with Linkerd declared, which installs nothing through Helm", () => {
        const { externalSecrets: _e, imageVerification: _i, ...rest } = exampleBaseline();
        const baseline = { ...rest, meshMtls: { mesh: "linkerd", meshedNamespaces: ["shop", "payments"] }, optOuts: { runtimeDetection: reason, externalSecrets: reason, imageVerification: reason } };
        assert.doesNotThrow(() => checkRenderable(baseline, "out"));
    });

    it("accepts the AKS GitOps example, which opts out of exactly the Helm add-ons by name", async () => {
        const config = stackConfig("aks");
        const baseline = JSON.parse(config["hcb:baseline"]);
        assert.deepEqual(releaseAddonsOf(baseline), []);
        assert.deepEqual(Object.keys(baseline.optOuts).sort(), Object.keys(RELEASE_ADDONS).sort());
        const run = await runProgram(config);
        assert.equal(run.error, undefined, run.error?.message);
        assert.equal(run.resources.filter(r => r.type === "kubernetes:helm.sh/v3:Release").length, 0);
    });

    it("refuses the AKS GitOps example with Falco back on, before registering anything", async () => {
        const baseline = JSON.parse(stackConfig("aks")["hcb:baseline"]);
        const { runtimeDetection: _r, ...optOuts } = baseline.optOuts;
        const sources = { registry: "acrhardened.azurecr.io/upstream", chartRepository: "oci://acrhardened.azurecr.io/charts" };
        const run = await runProgram(stackConfig("aks", { "hcb:baseline": { ...baseline, optOuts, sources } }));
        assert.match(run.error?.message ?? "", /cannot render `hcb:baseline.runtimeDetection` \(Falco, on by default\)/);
        assert.deepEqual(registered(run.resources), []);
    });
});
