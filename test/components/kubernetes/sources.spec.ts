import * as assert from "node:assert/strict";
import { ClusterBaseline, ClusterBaselineArgs, InvalidArgsError } from "../../../components/kubernetes";
import { CHARTS } from "../../../components/kubernetes/addons/charts";
import { chartSourceOf, isPublicSource } from "../../../components/kubernetes/addons/sources";
import { created, runComponent, runExpectingError } from "../../helpers/component";
import { API_SERVER, EXTERNAL_SECRETS, IMAGE_VERIFICATION } from "./fixtures";

const MIRRORS = { registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/upstream", chartRepository: "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts" };
const TEAMS = [{ name: "payments" }, { name: "shop" }];

function withAddons(extra: Partial<ClusterBaselineArgs>) {
    return (provider: ClusterBaselineArgs["provider"]): ClusterBaseline =>
        new ClusterBaseline("baseline", {
            provider,
            namespaces: TEAMS,
            externalSecrets: EXTERNAL_SECRETS,
            imageVerification: IMAGE_VERIFICATION,
            runtimeDetection: {},
            meshMtls: { mesh: "istio", meshedNamespaces: ["payments", "shop"], apiServer: API_SERVER },
            ...extra,
        });
}

/** Every string leaf of a value. */
function strings(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (value && typeof value === "object") {
        return Object.values(value).flatMap(strings);
    }
    return [];
}

describe("ClusterBaseline add-on sources", () => {
    it("pulls every chart and image from the mirrors when `sources` is set, and nothing from a public host", async () => {
        const run = await runComponent(withAddons({ sources: MIRRORS, privateNetwork: true, cloud: "aws" }));
        const releases = created(run.resources).filter(r => r.type === "kubernetes:helm.sh/v3:Release");
        assert.equal(releases.length, 6, "ESO, Kyverno, Falco and the three Istio charts");
        for (const r of releases) {
            const chart = String(r.inputs["chart"]);
            assert.ok(chart.startsWith(`${MIRRORS.chartRepository}/`), `${r.name} chart ${chart}`);
            assert.equal(r.inputs["repositoryOpts"], undefined, `${r.name} names no repository`);
            const publicRefs = strings(r.inputs["values"]).filter(s => /^[a-z0-9.-]+\.[a-z]+(\/|$)/.test(s) && isPublicSource(s));
            assert.deepEqual(publicRefs, [], `${r.name} values`);
        }
        const values = (suffix: string) => releases.find(r => r.name.endsWith(suffix))!.inputs["values"] as Record<string, any>;
        assert.equal(values("-operator").image.repository, `${MIRRORS.registry}/external-secrets/external-secrets`);
        assert.equal(values("-operator").webhook.image.repository, `${MIRRORS.registry}/external-secrets/external-secrets`);
        assert.equal(values("-operator").certController.image.repository, `${MIRRORS.registry}/external-secrets/external-secrets`);
        assert.equal(values("-kyverno").global.image.registry, MIRRORS.registry);
        assert.equal(values("-falco").image.registry, MIRRORS.registry);
        assert.equal(values("-falco").falcoctl.image.registry, MIRRORS.registry);
        assert.equal(values("-falco").driver.loader.initContainer.image.registry, MIRRORS.registry);
        assert.equal(values("-istiod").global.hub, `${MIRRORS.registry}/istio`);
        // The mesh's own values survive the merge.
        assert.deepEqual(values("-istiod").pilot, { cni: { enabled: true } });
    });

    it("keeps an https mirror as the repository and the upstream chart name", () => {
        assert.deepEqual(chartSourceOf(CHARTS.falco, { registry: "r.example.internal", chartRepository: "https://charts.example.internal/falco" }), {
            chart: "falco",
            repositoryOpts: { repo: "https://charts.example.internal/falco" },
        });
        assert.deepEqual(chartSourceOf(CHARTS.falco, undefined), { chart: "falco", repositoryOpts: { repo: CHARTS.falco.repo } });
    });

    async function problemsOf(program: Parameters<typeof runExpectingError>[0]): Promise<readonly string[]> {
        const { error, resources } = await runExpectingError(program);
        assert.ok(error instanceof InvalidArgsError, String(error));
        assert.deepEqual(created(resources), [], "registers nothing");
        return error.problems;
    }

    it("refuses a private network with the add-ons' public defaults, naming `sources` and the fix", async () => {
        const problems = await problemsOf(withAddons({ privateNetwork: true }));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(problems[0], /^`sources` is required when `privateNetwork` is true: .* Fix: set `sources` to mirrors inside the network/);
    });

    it("accepts a private network with no add-on (nothing is pulled)", async () => {
        const run = await runComponent(provider => new ClusterBaseline("baseline", { provider, namespaces: TEAMS, privateNetwork: true }));
        assert.ok(created(run.resources).length > 0);
    });

    for (const [field, sources] of [
        ["sources.registry", { ...MIRRORS, registry: "ghcr.io/acme" }],
        ["sources.registry", { ...MIRRORS, registry: "docker.io" }],
        ["sources.chartRepository", { ...MIRRORS, chartRepository: "https://kyverno.github.io/kyverno/" }],
        ["sources.chartRepository", { ...MIRRORS, chartRepository: "oci://ghcr.io/acme/charts" }],
    ] as const) {
        it(`refuses the public ${field} ${JSON.stringify((sources as Record<string, string>)[field.split(".")[1]])} on a private network`, async () => {
            const problems = await problemsOf(withAddons({ privateNetwork: true, sources }));
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], new RegExp(`^\`${field.replace(".", "\\.")}\` .* is a public .* Fix: set \`sources\` to mirrors`));
        });
    }

    it("refuses an add-on's own public `sources` on a private network", async () => {
        const problems = await problemsOf(withAddons({ privateNetwork: true, sources: MIRRORS, runtimeDetection: { sources: { ...MIRRORS, registry: "docker.io/falcosecurity" } } }));
        assert.deepEqual(problems.map(p => p.split(" ")[0]), ["`runtimeDetection.sources.registry`"]);
    });

    for (const [field, extra] of [
        ["sources.registry", { sources: { ...MIRRORS, registry: "https://mirror.example.internal" } }],
        ["sources.chartRepository", { sources: { ...MIRRORS, chartRepository: "mirror.example.internal/charts" } }],
        ["sources", { sources: "mirror.example.internal" }],
        ["privateNetwork", { privateNetwork: "yes" }],
        ["cloud", { cloud: "oracle" }],
    ] as const) {
        it(`refuses a malformed \`${field}\``, async () => {
            const problems = await problemsOf(withAddons(extra as never));
            assert.ok(problems.some(p => p.startsWith(`\`${field}\``)), problems.join("\n"));
        });
    }

    it("refuses an external secrets backend on another cloud than the cluster's", async () => {
        const problems = await problemsOf(withAddons({ cloud: "azure" }));
        assert.deepEqual(problems.map(p => p.split(" ")[0]), ["`externalSecrets.backend.cloud`"]);
    });
});
