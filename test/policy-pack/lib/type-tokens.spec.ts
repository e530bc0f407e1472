/**
 * Every token a resource can be registered under reads as the type the pack names: the aliases
 * each SDK in node_modules lists for every type the pack reads (read from the SDKs' own files,
 * not copied), azure-native's versioned modules and local packages; and the tokens the pack
 * cannot read are named as not judged, never matched by accident.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { canonicalType, foreignTokens, knownAliases, unjudgedFormOf, variantsOf } from "../../../policy-pack/lib/type-tokens";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SDK_ROOT = path.dirname(path.dirname(require.resolve("@pulumi/pulumi/package.json")));

/** The workload kinds the pack reads by group and kind (kubernetes-types.ts), at their current version. */
const WORKLOAD_TOKENS = [
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:PodTemplate",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
];

function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourcesUnder(p) : e.name.endsWith(".ts") && e.name !== "type-tokens.ts" ? [p] : [];
    });
}

/** Every provider token written in the pack's sources: the types its policies name. */
function tokensThePackReads(): string[] {
    const found = new Set<string>(WORKLOAD_TOKENS);
    for (const file of sourcesUnder(path.join(ROOT, "policy-pack"))) {
        for (const m of fs.readFileSync(file, "utf8").matchAll(/"((?:kubernetes|aws|gcp|azure-native):[A-Za-z0-9.]+(?:\/[A-Za-z0-9.]+)?:[A-Za-z0-9]+)"/g)) {
            found.add(m[1]);
        }
    }
    return [...found].sort();
}

/** The SDK file that declares `token`'s resource class (its `__pulumiType`). */
function sdkFileOf(token: string): string {
    const [pkg, module, member] = token.split(":");
    let dir: string;
    let file: string;
    if (pkg === "kubernetes") {
        const [group, version] = module.split("/");
        dir = path.join(SDK_ROOT, "kubernetes", group.replace(/\.k8s\.io$/, "").split(".")[0], version);
        file = member;
    } else if (pkg === "azure-native") {
        dir = path.join(SDK_ROOT, pkg, module);
        file = member;
    } else {
        const [mod, name] = module.split("/");
        dir = path.join(SDK_ROOT, pkg, mod);
        file = name;
    }
    // Most classes live in a file of their own name; a few share one (helm/v3/helm.js declares Chart).
    const files = fs.readdirSync(dir).filter(f => f.endsWith(".js"));
    const match =
        files.find(f => f.toLowerCase() === `${file.toLowerCase()}.js`) ??
        files.find(f => fs.readFileSync(path.join(dir, f), "utf8").includes(`__pulumiType = '${token}'`));
    assert.ok(match, `no SDK file for ${token} in ${dir}`);
    return path.join(dir, match);
}

/** The `__pulumiType` and `aliases` the SDK declares in that file. */
function sdkDeclaration(token: string): { type: string; aliases: string[] } {
    const text = fs.readFileSync(sdkFileOf(token), "utf8");
    const type = /__pulumiType = '([^']+)'/.exec(text)?.[1] ?? "";
    const list = /aliases: \[([^\]]*)\]/.exec(text)?.[1] ?? "";
    return { type, aliases: [...list.matchAll(/type: "([^"]+)"/g)].map(m => m[1]) };
}

describe("type tokens (policy-pack/lib/type-tokens.ts)", () => {
    const tokens = tokensThePackReads();

    it("finds the types the pack reads in its sources, from every provider", () => {
        for (const prefix of ["kubernetes:", "aws:", "gcp:", "azure-native:"]) {
            assert.ok(tokens.some(t => t.startsWith(prefix)), `no ${prefix} token found`);
        }
        assert.ok(tokens.length >= 40, `only ${tokens.length} tokens`);
    });

    it("reads every type the pack names as itself, and each is a class its SDK declares", () => {
        for (const token of tokens) {
            assert.equal(canonicalType(token), token);
            assert.equal(sdkDeclaration(token).type, token, `${token}: the SDK declares another token`);
        }
    });

    it("reads every alias the SDKs list for those types as the type itself", () => {
        let checked = 0;
        for (const token of tokens) {
            for (const alias of sdkDeclaration(token).aliases) {
                assert.equal(canonicalType(alias), token, `${alias} (an alias of ${token} in ${path.relative(SDK_ROOT, sdkFileOf(token))})`);
                checked++;
            }
        }
        // ManagedCluster alone lists dozens of API versions.
        assert.ok(checked > 100, `only ${checked} aliases checked`);
    });

    it("reads an azure-native local package of any listed API version as the type", () => {
        let checked = 0;
        for (const token of tokens.filter(t => t.startsWith("azure-native:"))) {
            for (const alias of sdkDeclaration(token).aliases) {
                const m = /^azure-native:([a-z0-9]+)\/(v[0-9a-z]+):([A-Za-z0-9]+)$/.exec(alias);
                if (m) {
                    assert.equal(canonicalType(`azure-native_${m[1]}_${m[2]}:${m[1]}:${m[3]}`), token);
                    checked++;
                }
            }
        }
        assert.ok(checked > 50);
    });

    it("reads the issue's spellings of an AKS cluster, and versions the SDK does not list yet", () => {
        const cases: readonly (readonly [string, string])[] = [
            ["azure-native:containerservice/v20250101:ManagedCluster", "azure-native:containerservice:ManagedCluster"],
            ["azure-native_containerservice_v20250101:containerservice:ManagedCluster", "azure-native:containerservice:ManagedCluster"],
            ["azure-native:containerservice/v20990101preview:AgentPool", "azure-native:containerservice:AgentPool"],
            ["azure-native_containerservice_v20990101:containerservice:AgentPool", "azure-native:containerservice:AgentPool"],
            ["azure-native_monitor_v20210501preview:monitor:DiagnosticSetting", "azure-native:monitor:DiagnosticSetting"],
            ["azure-native:insights/v20210501preview:DiagnosticSetting", "azure-native:monitor:DiagnosticSetting"],
            ["kubernetes:extensions/v1beta1:DeploymentPatch", "kubernetes:apps/v1:DeploymentPatch"],
            ["gcp:serviceAccount/account:Account", "gcp:serviceaccount/account:Account"],
        ];
        for (const [token, expected] of cases) {
            assert.equal(canonicalType(token), expected, token);
        }
    });

    it("leaves tokens that are another resource alone", () => {
        for (const token of [
            // A local package's module must be the package's own.
            "azure-native_network_v20250101:containerservice:ManagedCluster",
            "azure-native:containerservice:ManagedClusterSnapshot",
            "azure-native:hybridcontainerservice:ProvisionedCluster",
            "kubernetes:crd.projectcalico.org/v1:NetworkPolicy",
            "kubernetes:core/v1:ConfigMap",
            "eks:index:Cluster",
        ]) {
            assert.equal(canonicalType(token), token);
        }
    });

    it("lists every alias of the table under a type the pack reads, so none is dead", () => {
        const targets = new Set(tokens.flatMap(t => [t, `${t}Patch`]));
        for (const [alias, canonical] of knownAliases()) {
            assert.ok(targets.has(canonical), `${alias} reads as ${canonical}, which the pack does not name`);
        }
    });

    describe("not judged", () => {
        const judges = (...names: string[]) => (t: string) => names.includes(t);

        it("names the type a foreign provider's resource stands for, to a policy that reads that type", () => {
            for (const [token, of] of foreignTokens()) {
                assert.ok(tokens.includes(of), `${token} stands for ${of}, which the pack does not read`);
                assert.equal(unjudgedFormOf(token, judges(of))?.of, of, token);
                assert.equal(unjudgedFormOf(token, judges("kubernetes:core/v1:Pod")), undefined, token);
            }
            assert.match(unjudgedFormOf("azure:containerservice/kubernetesCluster:KubernetesCluster", judges("azure-native:containerservice:ManagedCluster"))!.reason, /classic azure provider/);
        });

        it("names a Kubernetes Patch or List of a kind the policy reads, at any of its versions", () => {
            const deployment = judges("kubernetes:apps/v1:Deployment");
            assert.equal(unjudgedFormOf("kubernetes:apps/v1:DeploymentPatch", deployment)?.of, "kubernetes:apps/v1:Deployment");
            assert.equal(unjudgedFormOf("kubernetes:extensions/v1beta1:DeploymentPatch", deployment)?.of, "kubernetes:apps/v1:Deployment");
            assert.equal(unjudgedFormOf("kubernetes:apps/v1:DeploymentList", deployment)?.of, "kubernetes:apps/v1:Deployment");
            assert.match(unjudgedFormOf("kubernetes:apps/v1:DeploymentPatch", deployment)!.reason, /server-side apply patch/);
            assert.equal(unjudgedFormOf("kubernetes:apps/v1:StatefulSetPatch", deployment), undefined);
        });

        it("names a kind at an API version no SDK lists, in a group that kind lives in, and nothing of another group", () => {
            const ns = judges("kubernetes:core/v1:Namespace");
            assert.equal(unjudgedFormOf("kubernetes:core/v2:Namespace", ns)?.of, "kubernetes:core/v1:Namespace");
            const netpol = judges("kubernetes:networking.k8s.io/v1:NetworkPolicy");
            assert.equal(unjudgedFormOf("kubernetes:networking.k8s.io/v2:NetworkPolicy", netpol)?.of, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
            assert.equal(unjudgedFormOf("kubernetes:crd.projectcalico.org/v1:NetworkPolicy", netpol), undefined);
            assert.equal(unjudgedFormOf("kubernetes:core/v1:ConfigMap", ns), undefined);
        });
    });

    it("gives variants that all read as the type, for the mutation proof", () => {
        for (const token of tokens) {
            for (const v of variantsOf(token)) {
                assert.notEqual(v, token);
                assert.equal(canonicalType(v), token, v);
            }
        }
        assert.ok(variantsOf("azure-native:containerservice:ManagedCluster").includes("azure-native_containerservice_v20250101:containerservice:ManagedCluster"));
    });
});
