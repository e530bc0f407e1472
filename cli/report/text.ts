/**
 * The human report: findings grouped by resource, with file and line where known; then what the
 * run accounted for (the Pod Security level each workload was judged at, namespaces the inputs do
 * not verify, kinds no policy reads, notes) and a summary. Messages are wrapped for a terminal;
 * the JSON report keeps each message whole.
 */
import { Finding, Report, ResourceReport } from "./model";

/** Columns a report line may take before it is wrapped. */
export const TEXT_WIDTH = 100;
const MESSAGE_INDENT = " ".repeat(12);

function where(r: ResourceReport): string {
    return r.line !== undefined ? `${r.source}:${r.line}` : r.source;
}

/**
 * `text` broken at spaces into lines of at most `width` columns, each after `indent`; a word
 * longer than a line (a URN, a path) stays whole on its own line.
 */
export function wrap(text: string, indent: string, width = TEXT_WIDTH, hanging = indent): string[] {
    const lines: string[] = [];
    let line = "";
    const room = () => Math.max(20, width - (lines.length === 0 ? indent : hanging).length);
    for (const word of text.split(" ")) {
        if (line.length > 0 && line.length + 1 + word.length > room()) {
            lines.push((lines.length === 0 ? indent : hanging) + line);
            line = word;
        } else {
            line = line.length > 0 ? `${line} ${word}` : word;
        }
    }
    if (line.length > 0 || lines.length === 0) {
        lines.push((lines.length === 0 ? indent : hanging) + line);
    }
    return lines;
}

function findingLine(f: Finding): string {
    const tag = f.exempted ? "exempted " : f.level === "mandatory" ? "mandatory" : "advisory ";
    const lines = [`  ${tag} ${f.policy} [${f.control}]`, ...wrap(f.message, MESSAGE_INDENT)];
    if (f.exempted) {
        lines.push(...wrap(`justification: ${f.justification}`, MESSAGE_INDENT));
    }
    return lines.join("\n");
}

export function summaryLine(report: Report): string {
    const s = report.summary;
    const verdict = s.mandatory > 0 ? "FAIL" : "PASS";
    const judged = s.notJudged > 0 ? `${s.resources} resources (${s.judged} judged, ${s.notJudged} of kinds no policy reads)` : `${s.resources} resources judged`;
    return (
        `${verdict}: ${judged}, ${s.violations} violations ` +
        `(${s.mandatory} mandatory, ${s.advisory} advisory), ${s.exempted} exempted` +
        (s.unknown ? `, ${s.unknown} not checkable until deployment (unknown during preview)` : "") +
        (s.namespacesNotVerified.length ? `, ${s.namespacesNotVerified.length} ${s.namespacesNotVerified.length === 1 ? "namespace" : "namespaces"} not verified` : "")
    );
}

/** `Deployment 'a', Deployment 'b' and 3 more`. */
function names(resources: readonly ResourceReport[], max = 4): string {
    const shown = resources.slice(0, max).map(r => r.name);
    return resources.length > max ? `${shown.join(", ")} and ${resources.length - max} more` : shown.join(", ");
}

function podSecuritySection(report: Report): string[] {
    const byStatement = new Map<string, ResourceReport[]>();
    for (const r of report.resources) {
        if (r.podSecurity) {
            byStatement.set(r.podSecurity.statement, [...(byStatement.get(r.podSecurity.statement) ?? []), r]);
        }
    }
    if (byStatement.size === 0) {
        return [];
    }
    const out = ["Pod Security level each workload was judged at:"];
    for (const [statement, list] of byStatement) {
        out.push(...wrap(`${statement}: ${list.length === 1 ? "1 workload" : `${list.length} workloads`} (${names(list)})`, "  ", TEXT_WIDTH, "    "));
    }
    return [...out, ""];
}

function namespacesSection(report: Report): string[] {
    const list = report.summary.namespacesNotVerified;
    if (list.length === 0) {
        return [];
    }
    const out = ["Namespaces not verified (k8s-namespace-require-verified-controls):"];
    for (const n of list) {
        const what = n.unverified.map(u => (u === "pod-security-labels" ? "Pod Security labels" : "default deny")).join(" and ");
        const declared = n.declared === "absent" ? "no Namespace among the inputs" : "only a NamespacePatch";
        const workloads = n.workloads === 1 ? "its workload" : `its ${n.workloads} workloads`;
        const at = n.judgedAt ? `${workloads} judged at ${n.judgedAt} (--pod-security) in its place` : workloads;
        out.push(...wrap(`${n.namespace}: ${what} not verified (${declared}; ${at})`, "  ", TEXT_WIDTH, "    "));
    }
    return [...out, ""];
}

function notJudgedSection(report: Report): string[] {
    const kinds = report.summary.kindsNotJudged;
    if (kinds.length === 0) {
        return [];
    }
    const out = [`Not judged: ${report.summary.notJudged} resources of ${kinds.length === 1 ? "a kind" : `${kinds.length} kinds`} no policy reads:`];
    for (const k of kinds) {
        out.push(...wrap(`${k.count} ${k.kind} (${k.type})${k.note ? `: ${k.note}` : ""}`, "  ", TEXT_WIDTH, "    "));
    }
    return [...out, ""];
}

/** `Stage of gke: cluster, baseline (from the StackStage marker)`: what the checklist policies judged each stack on. */
function stagesSection(report: Report): string[] {
    return report.summary.stages.flatMap(s =>
        wrap(
            `Stage of ${s.stack}: ${s.layers.join(", ")} (from ${s.source}${s.unknown ? "; the marker's layers are unknown during preview" : ""})` +
                (s.malformed ? `, not trusted: ${s.malformed}` : "") +
                (s.policies ? ` for ${s.policies.join(", ")}` : ""),
            "",
            TEXT_WIDTH,
            "    ",
        ),
    );
}

function notesSection(report: Report): string[] {
    const noted = report.resources.filter(r => r.notes && r.notes.length > 0);
    if (noted.length === 0) {
        return [];
    }
    const out = ["Notes:"];
    for (const r of noted) {
        for (const note of r.notes ?? []) {
            out.push(...wrap(`${where(r)}  ${r.name}: ${note}`, "  ", TEXT_WIDTH, "    "));
        }
    }
    return [...out, ""];
}

export function renderText(report: Report): string {
    const out: string[] = [];
    for (const r of report.resources) {
        if (r.violations.length === 0) {
            continue;
        }
        out.push(`${where(r)}  ${r.name} (${r.type})`);
        if (r.podSecurity) {
            out.push(...wrap(`Pod Security: ${r.podSecurity.statement}`, "  ", TEXT_WIDTH, "    "));
        }
        const sorted = [...r.violations].sort((a, b) => rank(a) - rank(b));
        out.push(...sorted.map(findingLine), "");
    }
    if (report.stack.length) {
        out.push("stack", ...report.stack.map(findingLine), "");
    }
    out.push(...podSecuritySection(report), ...namespacesSection(report), ...notJudgedSection(report), ...notesSection(report));
    const stages = stagesSection(report);
    if (stages.length) {
        out.push(...stages, "");
    }
    // Only a judged resource can be clean: one of a kind no policy reads has no finding because nothing looked.
    const judged = report.resources.filter(r => r.judged);
    const clean = judged.filter(r => r.violations.length === 0).length;
    if (clean > 0) {
        out.push(`${clean} of ${judged.length} judged resources have no finding.`);
    }
    out.push(summaryLine(report));
    return `${out.join("\n")}\n`;
}

function rank(f: Finding): number {
    return f.exempted ? 2 : f.level === "mandatory" ? 0 : 1;
}
