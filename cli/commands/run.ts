/** Runs loaded stacks through an engine and renders the report, shared by `check` and `plan`. */
import * as fs from "fs";
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
import { UsageError } from "../options";

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

export async function analyzeStacks(stacks: readonly LoadedStack[], config: PackConfig, engineKind: EngineKind): Promise<Report> {
    const engine = await createEngine(engineKind);
    const builder = new ReportBuilder(POLICIES, packageVersion());
    try {
        for (const stack of stacks) {
            builder.add(stack, await engine.analyze(stack.resources, config), config);
        }
    } finally {
        await engine.close();
    }
    return builder.build();
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
