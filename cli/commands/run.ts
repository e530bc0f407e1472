/** Runs loaded stacks through an engine and renders the report, shared by `check` and `plan`. */
import * as fs from "fs";
import * as path from "path";
import { ConfigError, resolvePolicyConfig } from "../engine/config";
import { PACK_NAME } from "../../policy-pack/pack";
import { POLICIES } from "../../policy-pack/policies";
import { InProcessEngine } from "../engine/in-process";
import { Engine, PackConfig } from "../engine/model";
import { LoadedStack } from "../inputs/source";
import { ReportBuilder, Report } from "../report/model";
import { renderJson } from "../report/json";
import { renderSarif } from "../report/sarif";
import { renderText, summaryLine } from "../report/text";
import { packVersion, packageVersion } from "../paths";
import { UsageError, configDocumentOf } from "../options";

export type Format = "text" | "json" | "sarif";
export type EngineKind = "inprocess" | "grpc";

export function parseFormat(value: string | undefined): Format {
    const format = value ?? "text";
    if (format !== "text" && format !== "json" && format !== "sarif") {
        throw new UsageError(`--format must be text, json or sarif, not ${JSON.stringify(format)}`);
    }
    return format;
}

export function parseEngine(value: string | undefined): EngineKind {
    const engine = value ?? "inprocess";
    if (engine !== "inprocess" && engine !== "grpc") {
        throw new UsageError(`--engine must be inprocess or grpc, not ${JSON.stringify(engine)}`);
    }
    return engine;
}

export async function createEngine(kind: EngineKind): Promise<Engine> {
    const pack = { name: PACK_NAME, version: packVersion() };
    if (kind === "grpc") {
        // Loaded only when asked for: the protocol path starts a process and loads gRPC.
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { GrpcEngine } = require("../engine/grpc") as typeof import("../engine/grpc");
        return GrpcEngine.start({ pack, policyNames: POLICIES.map(p => p.name) });
    }
    return new InProcessEngine(pack, POLICIES);
}

/** Loaded stacks, or the loader that reads them (run while the engine starts). */
export type StacksOrLoader = readonly LoadedStack[] | (() => readonly LoadedStack[]);

/**
 * Runs the stacks through the engine. `stacks` may be a loader: the engine is started first, so
 * that on the protocol path the pack's process starts (about 0.9 s here: Node, @pulumi/pulumi,
 * @pulumi/policy, the pack) on the other core while this one reads and parses the inputs.
 */
export async function analyzeStacks(stacks: StacksOrLoader, config: PackConfig, engineKind: EngineKind): Promise<Report> {
    const starting = createEngine(engineKind);
    const loaded = await whileStarting(starting, stacks);
    const engine = await starting;
    const builder = new ReportBuilder(POLICIES, packageVersion());
    try {
        for (const stack of loaded) {
            builder.add(stack, await engine.analyze(stack.resources, config), config);
        }
    } finally {
        await engine.close();
    }
    return builder.build();
}

/**
 * Loads the stacks while the engine starts; when loading throws, the engine (and its pack's
 * process) is closed before the error goes on. A start that fails is reported by whoever awaits
 * `starting`.
 */
async function whileStarting(starting: Promise<Engine>, stacks: StacksOrLoader): Promise<readonly LoadedStack[]> {
    starting.catch(() => undefined); // handled where it is awaited
    try {
        return typeof stacks === "function" ? stacks() : stacks;
    } catch (e) {
        await starting.then(engine => engine.close(), () => undefined);
        throw e;
    }
}

/**
 * Runs the stacks through any CrossGuard pack directory over the policy protocol, configured as
 * the Pulumi engine configures a local pack (update.go loadPolicyPlugins L935-1045): the config
 * file reconciled with what the pack tells of its policies, refused when the pack does not
 * support config.
 */
export async function analyzeWithPack(
    stacks: StacksOrLoader,
    packDir: string,
    configFile: string | undefined,
): Promise<{ report: Report; warnings: readonly string[] }> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { GrpcEngine } = require("../engine/grpc") as typeof import("../engine/grpc");
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new UsageError(`--policy-pack ${packDir}: is not a policy pack folder (it has no PulumiPolicy.yaml)`);
    }
    const file = configDocumentOf(configFile);
    // A pack that cannot start is bad input (exit 2), named with its stderr, not an internal error.
    const starting = GrpcEngine.start({ packDir }).catch((e: unknown) => {
        throw new UsageError(`--policy-pack ${packDir}: ${e instanceof Error ? e.message : String(e)}`);
    });
    const loaded = await whileStarting(starting, stacks);
    const engine = await starting;
    try {
        const info = await engine.start();
        let config: PackConfig = {};
        let warnings: readonly string[] = [];
        if (!info.supportsConfig) {
            if (configFile) {
                throw new UsageError(`policy pack ${JSON.stringify(info.name)} at ${JSON.stringify(packDir)} does not support config`);
            }
        } else {
            try {
                ({ config, warnings } = resolvePolicyConfig(info.policies, file, {
                    where: configFile ? `--config ${configFile}` : "policy config",
                    pack: { name: info.name, version: info.version, path: packDir },
                    initialConfig: info.initialConfig,
                }));
            } catch (e) {
                throw e instanceof ConfigError ? new UsageError(e.message) : e;
            }
        }
        const builder = new ReportBuilder(info.policies, packageVersion());
        for (const stack of loaded) {
            builder.add(stack, await engine.analyze(stack.resources, config));
        }
        return { report: builder.build(), warnings };
    } finally {
        await engine.close();
    }
}

export function render(report: Report, format: Format): string {
    return format === "json" ? renderJson(report) : format === "sarif" ? renderSarif(report) : renderText(report);
}

/** Writes the report to --out (and the verdict to stdout) or to stdout; returns the exit code. */
export function emitReport(report: Report, format: Format, out: string | undefined, prefix = ""): number {
    const body = render(report, format);
    if (out) {
        fs.writeFileSync(out, prefix && format === "text" ? prefix + body : body);
        process.stdout.write(`${summaryLine(report)}\nreport written to ${out}\n`);
    } else {
        process.stdout.write(format === "text" ? prefix + body : body);
    }
    return report.summary.mandatory > 0 ? 1 : 0;
}
