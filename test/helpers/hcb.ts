/** Runs the built `hcb` command as a user would, capturing its exit code and output. */
import { spawnSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(ROOT, "test", "fixtures");
const BIN = path.join(ROOT, "bin", "hcb.js");

export interface HcbRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function hcb(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): HcbRun {
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: options.cwd ?? ROOT,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 512 * 1024 * 1024,
    });
    if (r.error) {
        throw r.error;
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonFinding {
    policy: string;
    control: string;
    level: string;
    message: string;
    exempted?: boolean;
    justification?: string;
    unknown?: boolean;
}

export interface JsonReport {
    tool: { name: string; version: string };
    summary: {
        resources: number;
        violations: number;
        mandatory: number;
        advisory: number;
        exempted: number;
        unknown: number;
        stages: { stack: string; layers: string[]; from: string; source: string; policies?: string[] }[];
    };
    resources: { source: string; index: number; line?: number; urn: string; type: string; name: string; violations: JsonFinding[] }[];
}

export function hcbJson(args: readonly string[]): { code: number | null; report: JsonReport; stderr: string } {
    const r = hcb([...args, "--format", "json"]);
    let report: JsonReport;
    try {
        report = JSON.parse(r.stdout) as JsonReport;
    } catch {
        throw new Error(`hcb ${args.join(" ")} printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    return { code: r.code, report, stderr: r.stderr };
}

/** The policies reported for the resource with this name. */
export function policiesOf(report: JsonReport, name: string): string[] {
    const r = report.resources.find(x => x.name === name);
    if (!r) {
        throw new Error(`no resource named ${name} in the report`);
    }
    return r.violations.map(v => v.policy).sort();
}
