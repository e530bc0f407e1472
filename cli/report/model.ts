/**
 * The report: every input resource with its findings, built from what an engine returned. Its
 * JSON form is a contract other tools rely on (see json.ts).
 */
import { controlOfPolicy } from "../../components/controls";
import { EXEMPTED_PREFIX, JUSTIFICATION_MARKER } from "../../policy-pack/lib/exemptions";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { Diagnostic, PackConfig, StackAnalysis } from "../engine/model";
import { KindNotJudged, NamespaceNotVerified, PodSecurityStatement, accountStack, kindsNotJudged } from "./accounting";
import { LoadedStack, SourcedResource } from "../inputs/source";
import { StageStatement, stageStatements } from "../../policy-pack/policies/checklist/stage-summary";

export type FindingLevel = "mandatory" | "advisory";

export interface Finding {
    readonly policy: string;
    readonly control: string;
    readonly level: FindingLevel;
    readonly message: string;
    /** Set when an exemption suppressed the finding; it is then advisory and does not fail. */
    readonly exempted?: true;
    readonly justification?: string;
    /** Set when the policy could not judge a value unknown during preview. */
    readonly unknown?: true;
}

export interface ResourceReport {
    readonly source: string;
    readonly index: number;
    readonly line?: number;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True when at least one policy that ran reads resources of this type. */
    readonly judged: boolean;
    /** For workloads: the Pod Security level and version they were judged at, and where it came from. */
    readonly podSecurity?: PodSecurityStatement;
    /** How the resource was judged, when the reader should know (a Patch is judged on what it sets). */
    readonly notes?: readonly string[];
    readonly violations: Finding[];
}

export interface Summary {
    /** Every input resource, judged or not. */
    readonly resources: number;
    /** Resources that at least one policy read. */
    readonly judged: number;
    /** Resources of kinds no policy reads (listed in kindsNotJudged). */
    readonly notJudged: number;
    readonly kindsNotJudged: readonly KindNotJudged[];
    /** Namespaces that workloads use whose Pod Security labels or default deny are not among the inputs. */
    readonly namespacesNotVerified: readonly NamespaceNotVerified[];
    /** Findings that are not exempted: mandatory + advisory. */
    readonly violations: number;
    readonly mandatory: number;
    readonly advisory: number;
    readonly exempted: number;
    readonly unknown: number;
    /**
     * The layers each stack was judged on by the checklist stack policies, and how the pack knew
     * (pack config `layers`, the StackStage marker, or the strict default).
     */
    readonly stages: readonly StageStatement[];
}

export interface Report {
    readonly tool: { readonly name: "hcb"; readonly version: string };
    readonly summary: Summary;
    readonly resources: ResourceReport[];
    /** Stack-policy findings that name no resource (rare: a policy that could not run at all). */
    readonly stack: Finding[];
}

const UNKNOWN_MARKERS = ["can't be known during preview", "cannot be checked during preview"];

/** A diagnostic as a finding: the description prefix the server adds is dropped. */
export function findingOf(d: Diagnostic, descriptions: ReadonlyMap<string, string>): Finding {
    const description = descriptions.get(d.policyName);
    let message = d.message;
    if (description && message.startsWith(`${description}\n`)) {
        message = message.slice(description.length + 1);
    }
    const control = controlOfPolicy(d.policyName)?.id ?? "";
    const level: FindingLevel = d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate" ? "mandatory" : "advisory";
    if (message.startsWith(EXEMPTED_PREFIX)) {
        const body = message.slice(EXEMPTED_PREFIX.length);
        const at = body.lastIndexOf(JUSTIFICATION_MARKER);
        return {
            policy: d.policyName,
            control,
            level: "advisory",
            message: at >= 0 ? body.slice(0, at) : body,
            exempted: true,
            justification: at >= 0 ? body.slice(at + JUSTIFICATION_MARKER.length) : "",
        };
    }
    const unknown = UNKNOWN_MARKERS.some(m => message.includes(m));
    return { policy: d.policyName, control, level, message, ...(unknown ? { unknown: true as const } : {}) };
}

export class ReportBuilder {
    private readonly resources: ResourceReport[] = [];
    private readonly stack: Finding[] = [];
    private readonly descriptions: ReadonlyMap<string, string>;

    /** `policies`: this pack's, or what GetAnalyzerInfo tells of another (hcb check --policy-pack). */
    constructor(private readonly policies: readonly Pick<HardenedPolicy, "name" | "description">[], private readonly version: string) {
        this.descriptions = new Map(policies.map(p => [p.name, p.description]));
    }

    private readonly namespacesNotVerified: NamespaceNotVerified[] = [];
    private readonly stages: StageStatement[] = [];

    /** `config`: the pack config the engine ran with, to account for what was judged and at which level. */
    add(stack: LoadedStack, analysis: StackAnalysis, config?: PackConfig): void {
        const accounting = accountStack(stack.resources, this.policies, config);
        this.namespacesNotVerified.push(...accounting.namespacesNotVerified);
        this.stages.push(...stageStatements(stack.name, stack.resources, config));
        const entries = stack.resources.map((r: SourcedResource, i) => {
            const podSecurity = accounting.podSecurity[i];
            const notes = accounting.notes[i];
            const entry: ResourceReport = {
                source: r.source,
                index: r.index,
                ...(r.line !== undefined ? { line: r.line } : {}),
                urn: r.urn,
                type: r.type,
                name: r.name,
                judged: accounting.judged[i],
                ...(podSecurity ? { podSecurity } : {}),
                ...(notes.length ? { notes } : {}),
                violations: analysis.resources[i].diagnostics.map(d => findingOf(d, this.descriptions)),
            };
            return entry;
        });
        const byUrn = new Map<string, ResourceReport>();
        for (const e of entries) {
            if (!byUrn.has(e.urn)) {
                byUrn.set(e.urn, e);
            }
        }
        for (const d of analysis.stack.diagnostics) {
            const target = d.urn ? byUrn.get(d.urn) : undefined;
            (target ? target.violations : this.stack).push(findingOf(d, this.descriptions));
        }
        this.resources.push(...entries);
    }

    build(): Report {
        const all = [...this.resources.flatMap(r => r.violations), ...this.stack];
        const live = all.filter(f => !f.exempted);
        const mandatory = live.filter(f => f.level === "mandatory").length;
        return {
            tool: { name: "hcb", version: this.version },
            summary: {
                resources: this.resources.length,
                judged: this.resources.filter(r => r.judged).length,
                notJudged: this.resources.filter(r => !r.judged).length,
                kindsNotJudged: kindsNotJudged(this.resources),
                namespacesNotVerified: this.namespacesNotVerified,
                violations: live.length,
                mandatory,
                advisory: live.length - mandatory,
                exempted: all.length - live.length,
                unknown: live.filter(f => f.unknown).length,
                stages: this.stages,
            },
            resources: this.resources,
            stack: this.stack,
        };
    }
}
