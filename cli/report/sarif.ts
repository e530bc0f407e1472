/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one rule per control of the catalogue, one
 * result per finding, located at file and line for manifests. Exempted findings are results with
 * an external suppression carrying the justification.
 */
import { createHash } from "crypto";
import * as path from "path";
import { CONTROLS, Control } from "../../components/controls";
import { Finding, Report, ResourceReport } from "./model";

const SECURITY_SEVERITY: Readonly<Record<Control["severity"], string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function uriOf(source: string): string {
    const rel = path.isAbsolute(source) ? path.relative(process.cwd(), source) : source;
    return rel.split(path.sep).join("/");
}

function ruleOf(control: Control) {
    const refs = control.references;
    const tags = ["security", "kubernetes", control.checklist, control.id.split("-")[0]];
    const help = [
        `Checklist: ${control.checklist}.`,
        refs.cisKubernetes ? `CIS Kubernetes ${refs.cisKubernetes.join(", ")}.` : "",
        refs.cisEks ? `CIS EKS ${refs.cisEks.join(", ")}.` : "",
        refs.cisGke ? `CIS GKE ${refs.cisGke.join(", ")}.` : "",
        refs.cisAks ? `CIS AKS ${refs.cisAks.join(", ")}.` : "",
        refs.nsaCisa ? `NSA/CISA: ${refs.nsaCisa}.` : "",
        refs.podSecurity ? `Pod Security Standards check: ${refs.podSecurity}.` : "",
        refs.checkov ? `Checkov: ${refs.checkov.join(", ")}.` : "",
        `Policies: ${control.policies.join(", ")}.`,
    ].filter(Boolean).join(" ");
    return {
        id: control.id,
        name: control.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
        shortDescription: { text: control.title },
        fullDescription: { text: control.title },
        help: { text: help },
        defaultConfiguration: { level: "error" },
        properties: { tags, "security-severity": SECURITY_SEVERITY[control.severity], precision: "high" },
    };
}

function resultOf(r: ResourceReport, f: Finding, ruleIndex: ReadonlyMap<string, number>) {
    const fingerprint = createHash("sha256").update(`${r.urn}\u0000${f.policy}\u0000${f.message}`).digest("hex");
    return {
        ruleId: f.control,
        ruleIndex: ruleIndex.get(f.control),
        level: f.exempted ? "note" : f.level === "mandatory" ? "error" : "warning",
        message: { text: `${f.message} (policy ${f.policy})` },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: uriOf(r.source) },
                    ...(r.line !== undefined ? { region: { startLine: r.line } } : {}),
                },
                logicalLocations: [{ fullyQualifiedName: r.urn, name: r.name, kind: "resource" }],
            },
        ],
        partialFingerprints: { "hcbFinding/v1": fingerprint },
        properties: { policy: f.policy, urn: r.urn, type: r.type, enforcement: f.level, ...(f.unknown ? { unknown: true } : {}) },
        ...(f.exempted ? { suppressions: [{ kind: "external", status: "accepted", justification: f.justification ?? "" }] } : {}),
    };
}

export function renderSarif(report: Report): string {
    const rules = CONTROLS.map(ruleOf);
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const results = report.resources.flatMap(r => r.violations.filter(f => ruleIndex.has(f.control)).map(f => resultOf(r, f, ruleIndex)));
    const sarif = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "hcb",
                        fullName: "hardened-cluster-blueprint policy check",
                        version: report.tool.version,
                        semanticVersion: report.tool.version,
                        rules,
                    },
                },
                results,
                columnKind: "utf16CodeUnits",
                // The run's accounting (SARIF 2.1.0 §3.8 property bags): what was judged, the kinds
                // no policy reads, the namespaces whose controls are not among the inputs, and the
                // layers each stack was judged on (and how the pack knew).
                properties: {
                    resources: report.summary.resources,
                    judged: report.summary.judged,
                    notJudged: report.summary.notJudged,
                    kindsNotJudged: report.summary.kindsNotJudged,
                    namespacesNotVerified: report.summary.namespacesNotVerified,
                    stages: report.summary.stages,
                },
            },
        ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
}
