import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeStacks } from "../../../cli/commands/run";
import { GrpcEngine, defaultPackDir } from "../../../cli/engine/grpc";
import { packageRoot } from "../../../cli/paths";
import { PACK } from "./differential-harness";
import { POLICIES } from "../../../policy-pack/policies";

const NAMES = POLICIES.map(p => p.name);

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
        if (!isRunning(pid)) {
            return true;
        }
        await new Promise(r => setTimeout(r, 50));
    }
    return !isRunning(pid);
}

/** This process's children that run a policy pack (Linux /proc). */
function packChildren(): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid === process.pid && fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("run-policy-pack")) {
                pids.push(Number(entry));
            }
        } catch {
            // gone meanwhile
        }
    }
    return pids;
}

/**
 * The run-policy-pack entry is found from the pack folder, as the language host finds it: a pack
 * folder outside the repository gets the repository's dependencies as `npm install` would.
 */
function withDependencies(dir: string): void {
    fs.symlinkSync(path.join(packageRoot(), "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** Removes a test pack folder, unlinking its dependencies link first so nothing follows it. */
function removePack(dir: string): void {
    fs.rmSync(path.join(dir, "node_modules"), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
}

describe("GrpcEngine", function () {
    this.timeout(60_000);

    it("starts the pack, reports its analyzer info and leaves no process after close", async () => {
        const engine = await GrpcEngine.start({ pack: PACK, policyNames: NAMES });
        try {
            const info = await engine.start();
            assert.equal(info.name, PACK.name);
            assert.equal(info.version, PACK.version);
            assert.equal(info.supportsConfig, true);
            assert.deepEqual(info.policies.map(p => p.name), NAMES);
            assert.deepEqual(
                info.policies.map(p => p.type),
                POLICIES.map(p => ("validateStack" in p ? "stack" : "resource")),
            );
            assert.deepEqual(info.policies.map(p => p.enforcementLevel), POLICIES.map(p => p.enforcementLevel));
        } finally {
            const pid = await engine.pid();
            assert.ok(pid !== undefined && isRunning(pid));
            await engine.close();
            assert.ok(await waitGone(pid!), `pack process ${pid} still runs after close()`);
        }
        await engine.close(); // idempotent
        await assert.rejects(engine.analyze([], {}), /closed/);
    });

    it("starts lazily on the first analyze", async () => {
        const engine = new GrpcEngine(PACK, POLICIES);
        try {
            assert.equal(await engine.pid(), undefined);
            const result = await engine.analyze([], {});
            assert.deepEqual(result.resources, []);
            assert.ok((await engine.startMs()) > 0);
        } finally {
            await engine.close();
        }
    });

    it("fails clearly, with the pack's stderr, when the pack directory has no pack", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-no-pack-"));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "1.0.0", main: "missing.js" }));
        withDependencies(dir);
        try {
            await assert.rejects(GrpcEngine.start({ pack: PACK, policyNames: NAMES, packDir: dir }), (e: Error) => {
                assert.match(e.message, /failed to start: its process exited \(code \d+\) before printing its port/);
                assert.match(e.message, /The pack's stderr:\n[\s\S]*missing\.js/);
                return true;
            });
        } finally {
            removePack(dir);
        }
    });

    it("refuses a pack folder where @pulumi/pulumi cannot be found, as the language host would", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-bare-pack-"));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "1.0.0", main: "index.js" }));
        try {
            await assert.rejects(GrpcEngine.start({ packDir: dir }), /cannot be run: @pulumi\/pulumi is not installed for it \(run `npm install` in /);
        } finally {
            removePack(dir);
        }
    });

    it("refuses a directory without package.json before starting anything", async () => {
        await assert.rejects(GrpcEngine.start({ pack: PACK, policyNames: NAMES, packDir: path.join(defaultPackDir(), "no-such-dir") }), /`packDir` must be a policy pack directory/);
    });

    it("refuses a pack that is not the expected one, and stops it", async () => {
        await assert.rejects(
            GrpcEngine.start({ pack: { name: PACK.name, version: "9.9.9" }, policyNames: [...NAMES].reverse() }),
            /is not the expected hardened-cluster-blueprint@9\.9\.9: its version is "[^"]+", not "9\.9\.9"; its policies (run in another order|differ)/,
        );
    });

    it("times out when the pack never prints its port", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcb-silent-pack-"));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "1.0.0", main: "index.js" }));
        fs.writeFileSync(path.join(dir, "index.js"), `require("fs").writeFileSync(${JSON.stringify(path.join(dir, "pid"))}, String(process.pid)); console.error("warming up"); setInterval(() => {}, 1000);`);
        withDependencies(dir);
        try {
            await assert.rejects(GrpcEngine.start({ pack: PACK, policyNames: NAMES, packDir: dir, startTimeoutMs: 15_000 }), (e: Error) => {
                assert.match(e.message, /did not print its port within 15 s/);
                assert.match(e.message, /warming up/);
                return true;
            });
            const pid = Number(fs.readFileSync(path.join(dir, "pid"), "utf8"));
            assert.ok(await waitGone(pid), `silent pack ${pid} still runs`);
        } finally {
            removePack(dir);
        }
    });

    it("starts the pack while the inputs load, and stops it when loading fails", async () => {
        let during: number[] = [];
        await assert.rejects(
            analyzeStacks(
                () => {
                    during = packChildren();
                    throw new Error("bad input file");
                },
                {},
                "grpc",
            ),
            /bad input file/,
        );
        assert.equal(during.length, 1, "the pack was not started before the inputs were loaded");
        assert.ok(await waitGone(during[0]), `pack process ${during[0]} still runs after the load failed`);
    });
});
