import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import { planStack } from "../../cli/commands/plan";
import { analyze } from "../helpers/component";

const ROOT = path.join(__dirname, "..", "fixtures", "staged");
const PROGRAM = path.join(__dirname, "..", "..", "index.ts");

describe("hcb plan of staged stacks", () => {
    it("plans a baseline-only stack against its cluster stack's outputs, and the pack finds it clean", async () => {
        const { stack } = await planStack(ROOT, PROGRAM, "gke-private-baseline");
        const types = stack.resources.map(r => r.type);
        assert.equal(types.filter(t => t.startsWith("gcp:") || t.startsWith("hardened:gcp:")).length, 0, "no cloud resource in a baseline stage");
        const provider = stack.resources.find(r => r.type === "pulumi:providers:kubernetes");
        // The kubeconfig the cluster stage exports (dialing the private endpoint), handed over as a secret.
        const kubeconfig = (provider?.inputs["kubeconfig"] as { value?: string } | undefined)?.value ?? "";
        const parsed = JSON.parse(kubeconfig) as { users: { user: { exec: { command: string } } }[] };
        assert.equal(parsed.users[0].user.exec.command, "gke-gcloud-auth-plugin", "the runner's Google identity, as the cluster stage's kubeconfig says");
        assert.ok(types.includes("kubernetes:core/v1:Namespace"));
        const identityPath = stack.resources.find(r => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name.endsWith("allow-workload-identity-egress"));
        assert.ok(identityPath, "the workload-identity namespace opens its credential endpoint");
        // With the example stacks' pack config: Falco's namespace is privileged by design, exempted there with its reason.
        const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "stacks", "policy-config.json"), "utf8")) as unknown;
        const findings = await analyze(stack.resources as never, config);
        assert.deepEqual(findings.filter(f => f.enforcementLevel === "mandatory").map(f => f.message), []);
    });

    it("plans the cluster stage with no in-cluster resource", async () => {
        const { stack } = await planStack(ROOT, PROGRAM, "gke-private");
        assert.deepEqual(stack.resources.filter(r => r.type.startsWith("kubernetes:")).map(r => r.name), []);
        assert.ok(stack.resources.some(r => r.type === "hardened:gcp:GkeCluster"));
    });
});
