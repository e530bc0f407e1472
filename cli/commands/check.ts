/** `hcb check`: the pack over manifests, preview files and state files. */
import { loadInputs } from "../inputs/load";
import { printWarnings, resolvePackOptions, UsageError } from "../options";
import { analyzeStacks, emitReport, parseEngine, parseFormat } from "./run";

export interface CheckArgs {
    readonly paths: readonly string[];
    readonly format?: string;
    readonly out?: string;
    readonly config?: string;
    readonly only?: string;
    readonly podSecurity?: string;
    readonly podSecurityVersion?: string;
    readonly engine?: string;
}

export async function check(args: CheckArgs): Promise<number> {
    if (args.paths.length === 0) {
        throw new UsageError("check needs one or more files or folders: hcb check [options] PATH...");
    }
    const format = parseFormat(args.format);
    const engine = parseEngine(args.engine);
    const { config, warnings } = resolvePackOptions({ configFile: args.config, only: args.only, podSecurity: args.podSecurity, podSecurityVersion: args.podSecurityVersion });
    printWarnings(warnings);
    const stacks = loadInputs(args.paths);
    printWarnings(stacks.flatMap(s => s.warnings ?? []));
    const report = await analyzeStacks(stacks, config, engine);
    return emitReport(report, format, args.out);
}
