/**
 * `hcb check --engine grpc --policy-pack DIR` runs a user's own CrossGuard pack, written to a
 * folder outside the repository, started as the Pulumi CLI's Node language host starts it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FIXTURES, ROOT, hcb } from "../helpers/hcb";

const POD = path.join(FIXTURES, "manifests", "weakened", "privileged-pod.yaml");

const PACK_JS = `
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("tiny-pack", {
    policies: [
        {
            name: "tiny-disallow-privileged",
            description: "Containers must not be privileged.",
            enforcementLevel: "mandatory",
            configSchema: { properties: { allowedPods: { type: "array", items: { type: "string" }, default: [] } } },
            validateResource: (args, report) => {
                if (args.type !== "kubernetes:core/v1:Pod") return;
                if (args.getConfig().allowedPods.includes(args.props.metadata.name)) return;
                for (const c of args.props.spec.containers || []) {
                    if (c.securityContext && c.securityContext.privileged) report("container " + c.name + " is privileged");
                }
            },
        },
        {
            name: "tiny-require-namespace",
            description: "A stack holding pods holds a Namespace.",
            enforcementLevel: "advisory",
            validateStack: (args, report) => {
                if (!args.resources.some(r => r.type === "kubernetes:core/v1:Namespace")) report("no Namespace in the stack");
            },
        },
    ],
});
`;

/** A pack folder as a user has it: PulumiPolicy.yaml, package.json, code, installed dependencies. */
function writePack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-user-pack-"));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: A tiny user pack.\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "tiny-pack", version: "0.3.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), PACK_JS);
    // Its dependencies, as `npm install` in the pack would leave them (the same pinned versions).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

interface Report {
    summary: { mandatory: number; advisory: number };
    resources: { name: string; violations: { policy: string; control: string; level: string; message: string }[] }[];
    stack: { policy: string; message: string }[];
}

describe("hcb check --policy-pack", function () {
    this.timeout(120_000);
    let pack: string;
    const made: string[] = [];
    before(() => {
        pack = writePack();
        made.push(pack);
    });
    after(() => {
        for (const dir of made) {
            // The dependencies link first, on its own: nothing may follow it into the repository.
            fs.rmSync(path.join(dir, "node_modules"), { force: true });
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("runs a user's pack over the policy protocol, with its own findings and levels", () => {
        const r = hcb(["check", "--engine", "grpc", "--policy-pack", pack, "--format", "json", POD], { cwd: os.tmpdir() });
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout) as Report;
        assert.deepEqual(report.resources[0].violations.map(v => [v.policy, v.level, v.message, v.control]), [["tiny-disallow-privileged", "mandatory", 'container shell is privileged', ""]]);
        assert.deepEqual(report.stack.map(f => [f.policy, f.message]), [["tiny-require-namespace", "no Namespace in the stack"]]);
    });

    it("configures it as the engine would, from the pack's own schemas", () => {
        const config = path.join(pack, "config.json");
        fs.writeFileSync(config, JSON.stringify({ "tiny-disallow-privileged": { allowedPods: ["debug"] }, all: "advisory" }));
        const r = hcb(["check", "--policy-pack", pack, "--config", config, "--format", "json", POD]);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as Report;
        assert.equal(report.resources[0].violations.length, 0);
        assert.equal(report.summary.advisory, 1);
    });

    it("refuses settings its schema refuses, naming the pack and its version", () => {
        const config = path.join(pack, "bad.json");
        fs.writeFileSync(config, JSON.stringify({ "tiny-disallow-privileged": { allowedPods: "debug" } }));
        const r = hcb(["check", "--policy-pack", pack, "--config", config, POD]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /validating policy config: tiny-pack 0\.3\.0  tiny-disallow-privileged: allowedPods: Invalid type\. Expected: array, given: string/);
    });

    it("refuses options that select this project's controls, and a folder that is no pack", () => {
        assert.match(hcb(["check", "--policy-pack", pack, "--only", "pss", POD]).stderr, /--only selects this project's controls/);
        assert.match(hcb(["check", "--engine", "inprocess", "--policy-pack", pack, POD]).stderr, /use it with --engine grpc/);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-no-pack-"));
        const r = hcb(["check", "--policy-pack", empty, POD]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /is not a policy pack folder \(it has no PulumiPolicy\.yaml\)/);
    });

    it("names a pack that cannot start, with its error, as bad input", () => {
        const broken = writePack();
        made.push(broken);
        fs.writeFileSync(path.join(broken, "index.js"), "throw new Error('the pack is broken');");
        const r = hcb(["check", "--policy-pack", broken, POD]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /the pack is broken/);
    });
});
