import * as assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as path from "path";
import { disableRunnerDebugger } from "../../../policy-pack/lib/inspector-debugger";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * In a process of its own, as the policy-pack runner starts one: @pulumi/pulumi's v8Hooks connects
 * its inspector session and enables the debugger (cmd/run-policy-pack/index.js initializeHooks),
 * then the pack's code runs. Whether the debugger is on is read from the session itself: a
 * Debugger method fails with "Debugger agent is not enabled" once it is off.
 */
function underRunner(disable: boolean): { before: boolean; disabled: number; after: boolean; otherSessions: number } {
    const script = `
        const hooks = require(require.resolve("@pulumi/pulumi/runtime/closure/v8Hooks", { paths: [${JSON.stringify(ROOT)}] }));
        const { disableRunnerDebugger } = require(${JSON.stringify(path.join(ROOT, "dist/policy-pack/lib/inspector-debugger.js"))});
        (async () => {
            await hooks.isInitializedAsync();
            const session = await hooks.getSessionAsync();
            const on = () => new Promise(resolve => session.post("Debugger.setPauseOnExceptions", { state: "none" }, err => resolve(!err)));
            const before = await on();
            const disabled = ${disable} ? await disableRunnerDebugger() : 0;
            const after = await on();
            // Nothing else was opened: a second connect would make another session, not this one.
            const otherSessions = (await hooks.getSessionAsync()) === session ? 0 : 1;
            console.log(JSON.stringify({ before, disabled, after, otherSessions }));
        })();
    `;
    return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
}

describe("disableRunnerDebugger", () => {
    it("turns off the debugger the policy-pack runner leaves on, in the runner's own session", () => {
        assert.deepEqual(underRunner(true), { before: true, disabled: 1, after: false, otherSessions: 0 });
    });

    it("leaves the debugger on when not asked (the control for the test above)", () => {
        assert.deepEqual(underRunner(false), { before: true, disabled: 0, after: true, otherSessions: 0 });
    });

    it("does nothing, and loads nothing, in a process the runner did not start", async () => {
        const cache: NodeJS.Dict<NodeModule> = { "/x/node_modules/@pulumi/pulumi/index.js": { exports: {} } as NodeModule };
        const before = Object.keys(require.cache).length;
        assert.equal(await disableRunnerDebugger(cache), 0);
        assert.equal(Object.keys(require.cache).length, before);
    });

    it("never rejects when the runner's module changed shape or its session fails", async () => {
        const file = "/x/node_modules/@pulumi/pulumi/runtime/closure/v8Hooks.js";
        const failing = { exports: { getSessionAsync: () => Promise.reject(new Error("no inspector")) } } as unknown as NodeModule;
        const refusing = {
            exports: { getSessionAsync: async () => ({ post: (_m: string, cb: (e: Error | null) => void) => cb(new Error("refused")) }) },
        } as unknown as NodeModule;
        assert.equal(await disableRunnerDebugger({ [file]: failing }), 0);
        assert.equal(await disableRunnerDebugger({ [file]: refusing }), 0);
        assert.equal(await disableRunnerDebugger({ [file]: { exports: {} } as NodeModule }), 0);
    });
});
