/**
 * The pack as `pulumi policy publish` ships it: `npm pack` in policy-pack/ alone
 * (pkg/backend/httpstate/policypack.go ~L432), unpacked in an empty folder outside the
 * repository and installed with `npm install` as `installRequiredPolicy` does (~L499-575), then
 * started through its own `@pulumi/pulumi/cmd/run-policy-pack` as the Node.js language host
 * starts it, and driven over the analyzer protocol: it must give what the pack gives in process.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { reconcileConfig } from "../../cli/engine/config";
import { GrpcEngine } from "../../cli/engine/grpc";
import { InProcessEngine } from "../../cli/engine/in-process";
import { EngineResource } from "../../cli/engine/model";
import { loadInputs } from "../../cli/inputs/load";
import { PACK_NAME } from "../../policy-pack/pack";
import { POLICIES } from "../../policy-pack/policies";
import { loadCorpus } from "../cli/engine/differential-harness";
import { resource } from "../helpers/policy";
import { REPOSITORY, emptyFolder, npmInstall, npmPack, removeFolder, unpack } from "./npm";

const PACK_DIR = path.join(REPOSITORY, "policy-pack");

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? (e.name === "node_modules" ? [] : filesUnder(p)) : [p];
    });
}

/** Resources of every family the pack judges, secure and insecure, and an AKS cluster under a versioned token. */
function corpus(): EngineResource[] {
    const [weakened] = loadInputs([path.join(REPOSITORY, "test", "fixtures", "manifests", "weakened")]);
    return [
        ...["workloads", "rbac", "namespaces", "misc"].flatMap(loadCorpus),
        ...weakened.resources,
        resource("azure-native:containerservice/v20250101:ManagedCluster", "aks", { agentPoolProfiles: [{ name: "system", mode: "System" }] }),
        resource("aws:eks/cluster:Cluster", "eks", { vpcConfig: { endpointPublicAccess: true } }),
        resource("gcp:container/cluster:Cluster", "gke", { enableLegacyAbac: true }),
        resource("azure:containerservice/kubernetesCluster:KubernetesCluster", "classic", {}),
    ];
}

describe("the published policy pack (npm pack of policy-pack/, installed outside the repository)", function () {
    // npm pack compiles the pack (prepack) and npm install fetches from the cache: minutes at worst on a shared machine.
    this.timeout(600_000);

    let work: string;
    let packed: { tarball: string; files: string[] };
    let installed: string;

    before(() => {
        work = emptyFolder("hcb-published-pack-");
        packed = npmPack(PACK_DIR, work);
        installed = unpack(packed.tarball, path.join(work, "unpacked"));
        npmInstall(installed);
    });

    after(() => removeFolder(work));

    it("holds the compiled pack, its PulumiPolicy.yaml and package.json, and no sources", () => {
        assert.ok(packed.files.includes("PulumiPolicy.yaml"));
        assert.ok(packed.files.includes("package.json"));
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        assert.ok(packed.files.includes(manifest.main), `main ${manifest.main} is not in the tarball`);
        assert.deepEqual(packed.files.filter(f => !f.endsWith(".js") && f !== "PulumiPolicy.yaml" && f !== "package.json"), []);
    });

    it("pins @pulumi/policy and @pulumi/pulumi as its own dependencies, at the repository's versions", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        const root = JSON.parse(fs.readFileSync(path.join(REPOSITORY, "package.json"), "utf8"));
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi"]) {
            assert.match(manifest.dependencies[dep], /^\d+\.\d+\.\d+$/, `${dep} must be pinned`);
            assert.equal(manifest.dependencies[dep], root.dependencies[dep], `${dep} differs from the repository's`);
            const version = JSON.parse(fs.readFileSync(path.join(installed, "node_modules", ...dep.split("/"), "package.json"), "utf8")).version;
            // @pulumi/policy publishes its package.json with a leading "v" ("version": "v1.21.0").
            assert.equal(version.replace(/^v/, ""), manifest.dependencies[dep]);
        }
    });

    it("requires nothing outside its own folder", () => {
        for (const file of filesUnder(installed).filter(f => f.endsWith(".js"))) {
            for (const m of fs.readFileSync(file, "utf8").matchAll(/require\("(\.[^"]*)"\)/g)) {
                const target = path.resolve(path.dirname(file), m[1]);
                assert.ok(!path.relative(installed, target).startsWith(".."), `${path.relative(installed, file)} requires ${m[1]}, outside the pack`);
            }
        }
    });

    it("runs through its own run-policy-pack and gives the in-process results", async () => {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [installed] });
        assert.ok(runner.startsWith(installed), `run-policy-pack resolved outside the pack: ${runner}`);
        const version = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).version;
        const pack = { name: PACK_NAME, version };
        const config = reconcileConfig(POLICIES, undefined);
        const resources = corpus();
        const expected = await new InProcessEngine(pack, POLICIES).analyze(resources, config);
        const engine = await GrpcEngine.start({ pack, policyNames: POLICIES.map(p => p.name), packDir: installed, startTimeoutMs: 120_000 });
        try {
            const actual = await engine.analyze(resources, config);
            assert.deepEqual(actual, expected);
        } finally {
            await engine.close();
        }
        const diagnostics = expected.resources.flatMap(r => r.diagnostics).concat(expected.stack.diagnostics);
        assert.ok(diagnostics.some(d => d.enforcementLevel === "mandatory" && d.policyName.startsWith("aks-")), "no AKS finding on the versioned token");
        assert.ok(diagnostics.some(d => /is not judged/.test(d.message)), "no not-judged advisory");
        assert.ok(diagnostics.length > 50, `only ${diagnostics.length} diagnostics`);
    });
});
