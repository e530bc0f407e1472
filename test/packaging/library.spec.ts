/**
 * The library as npm ships it: `npm pack` of the repository holds the compiled library, CLI and
 * types and no tests or fixtures; installed into an empty project outside the repository, a
 * TypeScript program that imports the components compiles against the shipped types (through the
 * `exports` map) and runs under the mock runtime; the `hcb` bin runs from the install.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MINIMAL as EKS_MINIMAL } from "../components/aws/fixtures";
import { MINIMAL_ARGS as AKS_MINIMAL } from "../components/azure/harness";
import { GKE_MINIMAL } from "../components/gcp/helpers";
import { REPOSITORY, emptyFolder, npmInstall, removeFolder, run } from "./npm";

/** Where Node resolves `id` for a module of `dir`'s project. */
function resolveFrom(dir: string, id: string): string {
    return run(process.execPath, ["-p", `require.resolve(${JSON.stringify(id)})`], dir).trim();
}

const ROOT_MANIFEST = JSON.parse(fs.readFileSync(path.join(REPOSITORY, "package.json"), "utf8"));

/** A consumer's program: every component of the library, under the library's mock runtime. */
const PROGRAM = `
import * as fs from "fs";
import * as k8s from "@pulumi/kubernetes";
import {
    AksCluster, AksClusterArgs, ClusterBaseline, EksCluster, EksClusterArgs, GkeCluster, GkeClusterArgs, HardenedNamespace,
} from "hardened-cluster-blueprint";
import { runUnderMocks } from "hardened-cluster-blueprint/testing";

const args = JSON.parse(fs.readFileSync("args.json", "utf8")) as { eks: EksClusterArgs; gke: GkeClusterArgs; aks: AksClusterArgs };

async function main(): Promise<void> {
    const resources = await runUnderMocks(() => {
        const provider = new k8s.Provider("cluster", {});
        new EksCluster("eks", args.eks);
        new GkeCluster("gke", args.gke);
        new AksCluster("aks", args.aks);
        new HardenedNamespace("payments", { provider });
        new ClusterBaseline("baseline", {
            provider,
            optOuts: {
                externalSecrets: { reason: "The consumer test installs no secret store; it only proves the import." },
                imageVerification: { reason: "The consumer test installs no admission; it only proves the import." },
            },
        });
    }, { project: "consumer", stack: "test" });
    console.log(JSON.stringify(resources.map(r => r.type)));
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
`;

const TSCONFIG = {
    compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, esModuleInterop: true, skipLibCheck: true, outDir: "out" },
    files: ["index.ts"],
};

describe("the published library (npm pack of the repository, installed into an empty project)", function () {
    // Installing the cloud SDKs from the npm cache takes minutes on a shared machine.
    this.timeout(900_000);

    let work: string;
    let packed: { tarball: string; files: string[] };
    let project: string;

    before(() => {
        work = emptyFolder("hcb-published-library-");
        // dist/ is built by `npm test` (npm run build) just before; --ignore-scripts skips building it again.
        const out = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work, "--loglevel=error"], REPOSITORY);
        const json = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
        packed = { tarball: path.join(work, json[0].filename), files: json[0].files.map(f => f.path).sort() };
        project = path.join(work, "consumer");
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
        const dev = ROOT_MANIFEST.devDependencies;
        npmInstall(project, [packed.tarball, `@pulumi/pulumi@${ROOT_MANIFEST.dependencies["@pulumi/pulumi"]}`, `@pulumi/kubernetes@${ROOT_MANIFEST.dependencies["@pulumi/kubernetes"]}`, `typescript@${dev.typescript}`, `@types/node@${dev["@types/node"]}`]);
    });

    after(() => removeFolder(work));

    it("holds the compiled library, CLI and types, and no tests, fixtures, scripts or sources", () => {
        for (const f of [ROOT_MANIFEST.main, ROOT_MANIFEST.types, "bin/hcb.js", "dist/cli/main.js", "policy-pack/PulumiPolicy.yaml"]) {
            assert.ok(packed.files.includes(f), `${f} is missing from the tarball`);
        }
        assert.ok(packed.files.filter(f => f.startsWith("dist/components/")).length > 20);
        const unwanted = packed.files.filter(f => /^(dist\/)?(test|scripts)\//.test(f) || /fixtures/.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".map"));
        assert.deepEqual(unwanted, []);
        for (const target of Object.values(ROOT_MANIFEST.exports as Record<string, string | Record<string, string>>).flatMap(t => (typeof t === "string" ? [t] : Object.values(t)))) {
            assert.ok(packed.files.includes(target.replace(/^\.\//, "")), `exports target ${target} is not in the tarball`);
        }
    });

    it("compiles a program importing EksCluster, GkeCluster, AksCluster, HardenedNamespace and ClusterBaseline, and runs it under the mock runtime", () => {
        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
        fs.writeFileSync(path.join(project, "args.json"), JSON.stringify({ eks: EKS_MINIMAL, gke: GKE_MINIMAL, aks: AKS_MINIMAL }));
        run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
        const types = JSON.parse(run(process.execPath, [path.join("out", "index.js")], project).trim().split("\n").pop()!) as string[];
        for (const expected of ["aws:eks/cluster:Cluster", "gcp:container/cluster:Cluster", "azure-native:containerservice:ManagedCluster", "kubernetes:core/v1:Namespace", "kubernetes:networking.k8s.io/v1:NetworkPolicy"]) {
            assert.ok(types.includes(expected), `the program registered no ${expected}`);
        }
        // The library resolved from the install, not from the repository (asked from the consumer:
        // inside the repository, Node resolves the package's own name to itself).
        const resolved = resolveFrom(project, "hardened-cluster-blueprint");
        assert.ok(resolved.startsWith(path.join(project, "node_modules")), resolved);
    });

    it("refuses a deep import that the exports map does not list", () => {
        assert.throws(() => resolveFrom(project, "hardened-cluster-blueprint/dist/cli/main"), /ERR_PACKAGE_PATH_NOT_EXPORTED/);
        assert.ok(resolveFrom(project, "hardened-cluster-blueprint/testing").endsWith(path.join("dist", "cli", "plan", "mock-runtime.js")));
    });

    it("runs the hcb bin from the install", () => {
        const bin = path.join(project, "node_modules", ".bin", "hcb");
        const policies = run(bin, ["policies"], project);
        assert.match(policies, /aks-cluster-disallow-local-accounts/);
        assert.match(policies, /pss-disallow-privileged/);
        const manifest = path.join(project, "pod.yaml");
        fs.writeFileSync(manifest, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: root\n  namespace: apps\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n");
        /** `hcb check` on the manifest: its exit code and JSON report. */
        const check = (...extra: string[]) => {
            const r = spawnSync(bin, ["check", "--format", "json", ...extra, manifest], { cwd: project, encoding: "utf8" });
            return { status: r.status, report: r.stdout ? (JSON.parse(r.stdout) as unknown) : r.stderr };
        };
        const inProcess = check();
        assert.equal(inProcess.status, 1, "a privileged pod must fail the check");
        assert.match(JSON.stringify(inProcess.report), /pss-disallow-privileged/);
        // The protocol engine starts the installed compiled pack (policy-pack/ in the tarball) with
        // the consumer's @pulumi/pulumi, and reports the same.
        const grpc = check("--engine", "grpc");
        assert.equal(grpc.status, 1, JSON.stringify(grpc.report));
        assert.deepEqual(grpc.report, inProcess.report);
    });
});
