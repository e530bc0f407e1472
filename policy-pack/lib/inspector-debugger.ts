/**
 * Turns off the V8 debugger that the Pulumi policy-pack runner leaves on for the pack's whole life.
 *
 * The runner the Pulumi CLI starts for a pack (@pulumi/pulumi 3.276.0 cmd/run-policy-pack/index.js
 * `initializeHooks`, L91-101) loads runtime/closure/v8Hooks.js before the pack, which connects an
 * in-process inspector session and posts `Debugger.enable` (createInspectorSessionAsync) so that
 * closure serialization can map script ids to file names (Debugger.scriptParsed). A policy pack
 * serializes no closures. With the debugger on, V8 predicts the catcher of every thrown exception
 * before unwinding (Isolate::Throw: PredictExceptionCatcher, GetPromiseOnStackOnThrow, translating
 * optimized frames; seen with `perf record` on the pack's process), and hashes every compiled script.
 * The SDK's server learns that a policy does not apply to a resource only from a thrown
 * NotApplicableError (@pulumi/policy server.js makeAnalyzeRpcFun), and about 80 of this pack's
 * resource policies do not apply to any one resource: measured with `npm run bench` at 10,000
 * workloads, the debugger was about a third of the pack's CPU time in Analyze.
 *
 * Only the runner's own session is touched, found among the modules already loaded (never loaded
 * here): in the in-process engine, tests and any process that did not start through the runner,
 * this does nothing. Debugger.disable stops scriptParsed events, which only closure serialization
 * reads; what the pack reports does not change (test/cli/engine/differential.spec.ts).
 */

/** The runner's module that holds the inspector session (runtime/closure/v8Hooks.js of @pulumi/pulumi). */
const V8_HOOKS = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]v8Hooks\.js$/;

interface V8Hooks {
    getSessionAsync?: () => Promise<{ post(method: string, callback: (err: Error | null) => void): void }>;
}

/**
 * Disables the debugger of every loaded v8Hooks session; resolves to how many it disabled (0 when
 * the process was not started by the runner). Never rejects: a runner that changed its internals
 * leaves the debugger as it was.
 */
export async function disableRunnerDebugger(cache: NodeJS.Dict<NodeModule> = require.cache): Promise<number> {
    let disabled = 0;
    for (const [file, mod] of Object.entries(cache)) {
        if (!V8_HOOKS.test(file)) {
            continue;
        }
        const hooks = mod?.exports as V8Hooks | undefined;
        if (typeof hooks?.getSessionAsync !== "function") {
            continue;
        }
        try {
            const session = await hooks.getSessionAsync();
            await new Promise<void>((resolve, reject) => session.post("Debugger.disable", err => (err ? reject(err) : resolve())));
            disabled++;
        } catch {
            // Left as the runner set it: slower, never different.
        }
    }
    return disabled;
}
