/**
 * The protocol engine: runs the pack the way the Pulumi CLI's Node.js language host does
 * (pulumi-language-nodejs RunPlugin: `node @pulumi/pulumi/cmd/run-policy-pack <engine> <packDir>`
 * with cwd = the pack directory), reads the port the pack's gRPC server prints, and plays the
 * engine's side of pulumirpc.Analyzer: GetAnalyzerInfo, ConfigureStack, Configure, one Analyze
 * per resource and one AnalyzeStack. It exists to prove the in-process engine faithful: both
 * must give identical results (test/cli/engine/differential.spec.ts).
 *
 * gRPC and the generated modules are required lazily (grpc-messages.ts); nothing on the default
 * in-process path loads this file. Analyze and AnalyzeStack travel as bytes written and read by
 * proto-codec.ts, identical to google-protobuf's, so the client keeps up with the pack's server.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../paths";
import { PolicyError } from "./in-process";
import {
    AnalyzerInfo,
    ProtoModules,
    StackContext,
    analyzeRequestOf,
    analyzeResultOf,
    analyzeStackRequestOf,
    analyzerInfoOf,
    configureRequestOf,
    configureStackRequestOf,
    protoModules,
} from "./grpc-messages";
import { AnalyzeResult, Engine, EngineResource, PackConfig, PackInfo, StackAnalysis } from "./model";
import { decodeAnalyzeResponse, encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "./proto-codec";

export type { AnalyzerInfo } from "./grpc-messages";

/** gRPC status UNIMPLEMENTED: the Node server has no handshake or cancel, older ones no configureStack. */
const UNIMPLEMENTED = 12;
/** The server's receive limit (@pulumi/policy server.ts maxRPCMessageSize); the client matches it. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** run-policy-pack drops its first argument (the engine address); the pack never calls back. */
const ENGINE_ADDRESS = "127.0.0.1:0";
/**
 * V8 flags for the pack's process, as a user's NODE_OPTIONS would reach the language host's node:
 * they change how fast the pack runs, never what it reports. A 32 MiB young generation (Node 20/22
 * default: 16 MiB, V8 heap.cc) fits more of the SDK server's short-lived objects (its args,
 * proxies, and one not-applicable message per policy per resource) between scavenges: measured at
 * 10,000 workloads on this machine, 21.2-21.7 s against 23.9-26.8 s without, results identical.
 */
const PACK_NODE_FLAGS = ["--max-semi-space-size=32"];
/** How much of the pack's stderr is kept for error messages. */
const STDERR_KEEP = 16 * 1024;
/**
 * Preloaded into the pack's process: exit when our end of its stdin closes, which the OS does
 * when this process dies by any means (a signal, a crash), so no pack outlives its engine.
 * Unref'd, so that it never keeps alive a pack that would otherwise exit (a failed start).
 */
const WATCHDOG =
    'data:text/javascript,process.stdin.on("end",()=>process.exit(0)).on("error",()=>process.exit(0)).resume();process.stdin.unref()';

export interface GrpcEngineOptions {
    /** The pack directory (PulumiPolicy.yaml, package.json). @default the repository's policy-pack/ */
    readonly packDir?: string;
    /** How long the pack may take to print its port. @default 30000 */
    readonly startTimeoutMs?: number;
    /** Analyze calls in flight at once. @default 128 */
    readonly maxInFlight?: number;
    /** What the language host tells the pack about the stack. @default hcb / offline / organization */
    readonly stack?: Partial<StackContext>;
}

/** The policy-pack/ directory of this repository. */
export function defaultPackDir(): string {
    return path.join(packageRoot(), "policy-pack");
}

/** Packs not yet closed, killed when this process exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const c of live) {
                c.kill("SIGKILL");
            }
        });
    }
    live.add(child);
    child.once("exit", () => live.delete(child));
}

interface RpcError extends Error {
    readonly code?: number;
    readonly details?: string;
}

/** A running pack and the client connected to it. */
interface Session {
    readonly child: ChildProcess;
    readonly client: Client;
    readonly stderr: { text: string };
    readonly info: AnalyzerInfo;
    readonly startMs: number;
}

type Client = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Runs the pack in its own process and talks to it over pulumirpc.Analyzer. The pack starts on
 * the first `start()` or `analyze()`; `close()` ends it. Must be given the identity and policy
 * names the served pack has to report: a stale build or another pack is refused, not analysed.
 */
export class GrpcEngine implements Engine {
    private readonly m: ProtoModules;
    private session: Promise<Session> | undefined;
    private closed = false;
    /** analyze() calls run one at a time: Configure sets the server's config for every call after it. */
    private queue: Promise<unknown> = Promise.resolve();

    /**
     * @param pack, policies the identity and policy names the served pack must report; undefined
     *   for any pack (hcb check --policy-pack DIR), which is then taken as it describes itself.
     */
    constructor(
        private readonly pack: PackInfo | undefined,
        private readonly policies: readonly { readonly name: string }[] | undefined,
        private readonly options: GrpcEngineOptions = {},
    ) {
        this.m = protoModules();
    }

    /** Creates an engine and starts its pack (see `start()`); rejects as `start()` does. */
    static async start(options: GrpcEngineOptions & { readonly pack?: PackInfo; readonly policyNames?: readonly string[] }): Promise<GrpcEngine> {
        const engine = new GrpcEngine(options.pack, options.policyNames?.map(name => ({ name })), options);
        try {
            await engine.start();
        } catch (e) {
            await engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * Starts the pack (once) and checks that it is the expected one. Rejects, with the pack's
     * stderr, when it fails to start, does not print its port in time, or is another pack; the
     * pack's process never outlives a failed start.
     */
    async start(): Promise<AnalyzerInfo> {
        if (this.closed) {
            throw new Error("This GrpcEngine is closed; create another one.");
        }
        this.session ??= this.open();
        return (await this.session).info;
    }

    /** Milliseconds from spawning the pack to a verified analyzer, once started. */
    async startMs(): Promise<number> {
        await this.start();
        return (await this.session!).startMs;
    }

    /** The pack's process id while it runs (lets tests check that nothing is left behind). */
    async pid(): Promise<number | undefined> {
        const s = await this.session?.catch(() => undefined);
        return s && !hasExited(s.child) ? s.child.pid : undefined;
    }

    private async open(): Promise<Session> {
        const began = Date.now();
        const packDir = path.resolve(this.options.packDir ?? defaultPackDir());
        if (!fs.existsSync(path.join(packDir, "package.json"))) {
            throw new Error(`\`packDir\` must be a policy pack directory with a package.json: ${packDir} has none.`);
        }
        const ctx: StackContext = { project: "hcb", stack: "offline", organization: "organization", ...this.options.stack };
        const m = this.m;
        const stderr = { text: "" };
        const child = spawnPack(packDir, ctx, stderr);
        try {
            const port = await readPort(child, stderr, this.options.startTimeoutMs ?? 30_000, packDir);
            const client: Client = new m.AnalyzerClient(`127.0.0.1:${port}`, m.grpc.credentials.createInsecure(), {
                "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
                "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
            });
            try {
                const info = analyzerInfoOf(m, await unary(client, "getAnalyzerInfo", new m.Empty()));
                if (this.pack && this.policies) {
                    checkInfo(info, this.pack, this.policies.map(p => p.name), packDir);
                }
                try {
                    await unary(client, "configureStack", configureStackRequestOf(m, ctx));
                } catch (e) {
                    if ((e as RpcError).code !== UNIMPLEMENTED) {
                        throw e;
                    }
                }
                return { child, client, stderr, info, startMs: Date.now() - began };
            } catch (e) {
                client.close();
                throw e;
            }
        } catch (e) {
            await stop(child);
            if (e instanceof Error && (e as RpcError).code === undefined) {
                throw e;
            }
            throw new Error(`The policy pack in ${packDir} failed during start-up: ${describeRpcError(e)}${stderrTail(stderr)}`);
        }
    }

    analyze(resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis> {
        const run = this.queue.then(async () => this.analyzeNow(await this.startSession(), resources, config));
        this.queue = run.catch(() => undefined);
        return run;
    }

    private async startSession(): Promise<Session> {
        await this.start();
        return this.session!;
    }

    private async analyzeNow(s: Session, resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis> {
        // analyzer.Configure sends nothing for an empty config (analyzer_plugin.go L616-619): a pack
        // that does not support config is never configured.
        if (Object.keys(config).length > 0) {
            await this.call(s, "configure", configureRequestOf(this.m, config), "Configure");
        }
        const results = await this.analyzeEach(s, resources);
        const stackBytes = encodeAnalyzeStackRequest(resources);
        const stack = stackBytes
            ? await this.callRaw(s, "analyzeStack", stackBytes, "AnalyzeStack")
            : analyzeResultOf(await this.call(s, "analyzeStack", analyzeStackRequestOf(this.m, resources), "AnalyzeStack"));
        return { resources: results, stack };
    }

    /**
     * One Analyze per resource, `maxInFlight` at a time, results in input order. On failures the
     * first failing resource in input order decides the error, as a sequential engine would.
     */
    private async analyzeEach(s: Session, resources: readonly EngineResource[]): Promise<AnalyzeResult[]> {
        const results: AnalyzeResult[] = new Array(resources.length);
        const failures = new Map<number, unknown>();
        let next = 0;
        const worker = async () => {
            while (next < resources.length && failures.size === 0) {
                const i = next++;
                try {
                    const what = `Analyze of ${resources[i].urn}`;
                    // The request's bytes written directly (proto-codec.ts), or by google-protobuf
                    // for what only it encodes its own way.
                    const bytes = encodeAnalyzeRequest(resources[i]);
                    results[i] = bytes
                        ? await this.callRaw(s, "analyze", bytes, what)
                        : analyzeResultOf(await this.call(s, "analyze", analyzeRequestOf(this.m, resources[i]), what));
                } catch (e) {
                    failures.set(i, e);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(this.options.maxInFlight ?? 128, resources.length) }, worker));
        if (failures.size > 0) {
            throw failures.get(Math.min(...failures.keys()));
        }
        return results;
    }

    private call(s: Session, method: string, request: unknown, what: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
        return this.rpc(s, what, () => unary(s.client, method, request));
    }

    /**
     * Analyze or AnalyzeStack with the request's bytes; the response is read by proto-codec.ts
     * after the call, so that a response it refuses fails as analyzeResultOf would, not as an RPC.
     */
    private async callRaw(s: Session, method: "analyze" | "analyzeStack", request: Buffer, what: string): Promise<AnalyzeResult> {
        const path = this.m.AnalyzerService[method].path;
        const bytes = await this.rpc(
            s,
            what,
            () =>
                new Promise<Buffer>((resolve, reject) => {
                    s.client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, request, (err: Error | null, resp: Buffer) => (err ? reject(err) : resolve(resp)));
                }),
        );
        return decodeAnalyzeResponse(bytes);
    }

    private async rpc<T>(s: Session, what: string, run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (e) {
            const details = (e as RpcError).details ?? "";
            // The server fails the whole call when a policy throws: "Error validating resource
            // with policy '<name>' from policy pack '<pack>@v<version>':\n<stack>".
            if (details.startsWith("Error validating resource with ")) {
                throw new PolicyError(details);
            }
            const c = s.child;
            const exit = hasExited(c) ? ` The pack's process exited (${c.signalCode ?? `code ${c.exitCode}`}).` : "";
            throw new Error(`${what} failed: ${describeRpcError(e)}.${exit}${stderrTail(s.stderr)}`);
        }
    }

    /** Closes the client and ends the pack's process; safe to call more than once. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        const s = await this.session?.catch(() => undefined);
        if (s) {
            s.client.close();
            await stop(s.child);
        }
    }
}

function spawnPack(packDir: string, ctx: StackContext, stderr: { text: string }): ChildProcess {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        // The pack sees only what the language host sets, not this process's Pulumi settings.
        if (!k.startsWith("PULUMI_")) {
            env[k] = v;
        }
    }
    Object.assign(env, {
        PULUMI_NODEJS_PROJECT: ctx.project,
        PULUMI_NODEJS_STACK: ctx.stack,
        PULUMI_NODEJS_ORGANIZATION: ctx.organization,
        PULUMI_NODEJS_DRY_RUN: "true",
        PULUMI_CONFIG: "{}",
    });
    // Found as the language host finds it: Node's lookup from the pack folder (pulumi-language-nodejs
    // main.go RunPlugin ~L1655-1747), so a pack runs with the @pulumi/pulumi it installed.
    let runPolicyPack: string;
    try {
        runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        throw new Error(`The policy pack in ${packDir} cannot be run: @pulumi/pulumi is not installed for it (run \`npm install\` in ${packDir}).`);
    }
    const child = spawn(process.execPath, [...PACK_NODE_FLAGS, "--import", WATCHDOG, runPolicyPack, ENGINE_ADDRESS, packDir], {
        cwd: packDir,
        env,
        stdio: ["pipe", "pipe", "pipe"],
    });
    track(child);
    child.stdin?.on("error", () => undefined);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
        stderr.text = (stderr.text + chunk).slice(-STDERR_KEEP);
    });
    return child;
}

/** The first stdout line is the port (@pulumi/policy server.ts: `console.log(port.toString())`). */
function readPort(child: ChildProcess, stderr: { text: string }, timeoutMs: number, packDir: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        let buffered = "";
        let settled = false;
        const finish = (err: Error | undefined, port?: number) => {
            if (settled) {
                return;
            }
            settled = true;
            clearTimeout(timer);
            child.off("exit", onExit);
            child.off("error", onError);
            if (err) {
                reject(err);
            } else {
                resolve(port!);
            }
        };
        const onData = (chunk: string) => {
            if (settled) {
                return; // later output (a policy's console.log) is drained and ignored
            }
            buffered += chunk;
            const nl = buffered.indexOf("\n");
            if (nl < 0) {
                return;
            }
            const line = buffered.slice(0, nl).trim();
            const port = Number(line);
            if (!/^\d+$/.test(line) || port <= 0 || port > 65535) {
                finish(new Error(`The policy pack in ${packDir} printed ${JSON.stringify(line)} where its port was expected.${stderrTail(stderr)}`));
            } else {
                finish(undefined, port);
            }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
            // stderr may still be in flight when 'exit' fires; give it a moment.
            setTimeout(
                () => finish(new Error(`The policy pack in ${packDir} failed to start: its process exited (${signal ?? `code ${code}`}) before printing its port.${stderrTail(stderr)}`)),
                50,
            );
        };
        const onError = (e: Error) => finish(new Error(`The policy pack in ${packDir} could not be started: ${e.message}`));
        const timer = setTimeout(
            () => finish(new Error(`The policy pack in ${packDir} did not print its port within ${Math.round(timeoutMs / 1000)} s.${stderrTail(stderr)}`)),
            timeoutMs,
        );
        child.stdout?.setEncoding("utf8");
        child.stdout?.on("data", onData);
        child.once("exit", onExit);
        child.once("error", onError);
    });
}

function checkInfo(info: AnalyzerInfo, pack: PackInfo, policyNames: readonly string[], packDir: string): void {
    const problems: string[] = [];
    if (info.name !== pack.name) {
        problems.push(`its name is ${JSON.stringify(info.name)}, not ${JSON.stringify(pack.name)}`);
    }
    if (info.version !== pack.version) {
        problems.push(`its version is ${JSON.stringify(info.version)}, not ${JSON.stringify(pack.version)}`);
    }
    const served = info.policies.map(p => p.name);
    if (served.join("\n") !== policyNames.join("\n")) {
        const missing = policyNames.filter(n => !served.includes(n));
        const extra = served.filter(n => !policyNames.includes(n));
        problems.push(
            missing.length || extra.length
                ? `its policies differ (missing: ${missing.join(", ") || "none"}; unexpected: ${extra.join(", ") || "none"})`
                : "its policies run in another order",
        );
    }
    if (problems.length) {
        throw new Error(
            `The policy pack in ${packDir} is not the expected ${pack.name}@${pack.version}: ${problems.join("; ")}. ` +
                "Rebuild it with `npx tsc -p .` so dist/ matches the sources.",
        );
    }
}

function unary(client: Client, method: string, request: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return new Promise((resolve, reject) => {
        client[method](request, (err: Error | null, resp: unknown) => (err ? reject(err) : resolve(resp)));
    });
}

function describeRpcError(e: unknown): string {
    const err = e as RpcError;
    return err?.details ?? err?.message ?? String(e);
}

function stderrTail(stderr: { text: string }): string {
    // eslint-disable-next-line no-control-regex
    const text = stderr.text.replace(/\x1b\[[0-9;]*m/g, "").trim();
    return text ? `\nThe pack's stderr:\n${text}` : "";
}

/** Ends a pack's process: SIGTERM, then SIGKILL if it has not exited within 2 s. */
function hasExited(child: ChildProcess): boolean {
    return child.exitCode !== null || child.signalCode !== null;
}

function stop(child: ChildProcess): Promise<void> {
    if (hasExited(child)) {
        return Promise.resolve();
    }
    return new Promise(resolve => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 2000);
        child.once("exit", () => {
            clearTimeout(kill);
            resolve();
        });
        child.stdin?.end();
        child.kill("SIGTERM");
    });
}
