/** The human report: findings grouped by resource, with file and line where known, then a summary. */
import { Finding, Report, ResourceReport } from "./model";

function where(r: ResourceReport): string {
    return r.line !== undefined ? `${r.source}:${r.line}` : r.source;
}

function findingLine(f: Finding): string {
    const tag = f.exempted ? "exempted " : f.level === "mandatory" ? "mandatory" : "advisory ";
    const lines = [`  ${tag} ${f.policy} [${f.control}]`, `            ${f.message}`];
    if (f.exempted) {
        lines.push(`            justification: ${f.justification}`);
    }
    return lines.join("\n");
}

export function summaryLine(report: Report): string {
    const s = report.summary;
    const verdict = s.mandatory > 0 ? "FAIL" : "PASS";
    return (
        `${verdict}: ${s.resources} resources checked, ${s.violations} violations ` +
        `(${s.mandatory} mandatory, ${s.advisory} advisory), ${s.exempted} exempted` +
        (s.unknown ? `, ${s.unknown} not checkable until deployment (unknown during preview)` : "")
    );
}

export function renderText(report: Report): string {
    const out: string[] = [];
    for (const r of report.resources) {
        if (r.violations.length === 0) {
            continue;
        }
        out.push(`${where(r)}  ${r.name} (${r.type})`);
        const sorted = [...r.violations].sort((a, b) => rank(a) - rank(b));
        out.push(...sorted.map(findingLine), "");
    }
    if (report.stack.length) {
        out.push("stack", ...report.stack.map(findingLine), "");
    }
    const clean = report.resources.filter(r => r.violations.length === 0).length;
    if (clean > 0) {
        out.push(`${clean} of ${report.resources.length} resources have no finding.`);
    }
    out.push(summaryLine(report));
    return `${out.join("\n")}\n`;
}

function rank(f: Finding): number {
    return f.exempted ? 2 : f.level === "mandatory" ? 0 : 1;
}
