/** `hcb check`: the pack over manifests, preview files and state files. */
import { loadInputs } from "../inputs/load";
import { LoadedStack } from "../inputs/source";
import { printWarnings, resolvePackOptions, UsageError } from "../options";
import { EngineKind, Format, analyzeStacks, analyzeWithPack, emitReport, parseEngine, parseFormat } from "./run";

export interface CheckArgs {
    readonly paths: readonly string[];
    readonly format?: string;
    readonly out?: string;
    readonly config?: string;
    readonly only?: string;
    readonly podSecurity?: string;
    readonly podSecurityVersion?: string;
    readonly engine?: string;
    /** Any CrossGuard pack directory, run over the policy protocol instead of this pack. */
    readonly policyPack?: string;
}

export async function check(args: CheckArgs): Promise<number> {
    if (args.paths.length === 0) {
        throw new UsageError("check needs one or more files or folders: hcb check [options] PATH...");
    }
    const format = parseFormat(args.format);
    const engine = parseEngine(args.engine);
    if (args.policyPack !== undefined) {
        return checkWithPack(args, format, engine);
    }
    const { config, warnings } = resolvePackOptions({ configFile: args.config, only: args.only, podSecurity: args.podSecurity, podSecurityVersion: args.podSecurityVersion });
    printWarnings(warnings);
    const report = await analyzeStacks(() => loaded(args.paths), config, engine);
    return emitReport(report, format, args.out);
}

/** `hcb check --engine grpc --policy-pack DIR`: another pack, run as the Pulumi CLI runs it. */
async function checkWithPack(args: CheckArgs, format: Format, engine: EngineKind): Promise<number> {
    if (args.engine !== undefined && engine !== "grpc") {
        throw new UsageError("--policy-pack runs a pack over the policy protocol: use it with --engine grpc (or without --engine)");
    }
    for (const [flag, value] of [["--only", args.only], ["--pod-security", args.podSecurity], ["--pod-security-version", args.podSecurityVersion]] as const) {
        if (value !== undefined) {
            throw new UsageError(`${flag} selects this project's controls and cannot apply to --policy-pack ${args.policyPack}; configure that pack with --config`);
        }
    }
    const { report, warnings } = await analyzeWithPack(() => loaded(args.paths), args.policyPack!, args.config);
    printWarnings(warnings);
    return emitReport(report, format, args.out);
}

/** The inputs, their warnings printed. */
function loaded(paths: readonly string[]): readonly LoadedStack[] {
    const stacks = loadInputs(paths);
    printWarnings(stacks.flatMap(s => s.warnings ?? []));
    return stacks;
}
