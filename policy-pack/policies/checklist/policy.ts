/**
 * The shape of a checklist stack policy: judge the stack on the layers it holds (./stage.ts), gather
 * the evidence of the control from every way it can be built (./evidence.ts), and report:
 * - nothing when some evidence builds the control;
 * - a finding at the policy's level (mandatory) when it is absent, or only weakened ways exist;
 * - an advisory "cannot tell" when the only evidence is unknown during preview;
 * - an advisory carrying the justification when the ClusterBaseline names an opt-out for it.
 * Findings are reported on the stack resource (`pulumi:pulumi:Stack`), so exemptions name it.
 */
import type { EnforcementLevel, PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { getControl } from "../../../components/controls";
import { StackLayer } from "../../../components/stage";
import { TOKENS } from "../../../components/tokens";
import { CheckedResource, ConfigProperties, HardenedPolicy, declareJudges, subjectOf } from "../../lib/define";
import { canonicalType, unjudgedFormOf } from "../../lib/type-tokens";
import { EXEMPTIONS_SCHEMA, Exemption, MIN_JUSTIFICATION_LENGTH, exemptedMessage, findExemption } from "../../lib/exemptions";
import { Obj } from "../../lib/read";
import { Evidence, at } from "./evidence";
import { CLUSTER_TYPES, Cloud, LAYERS_SCHEMA, Stage, cloudOf, describeStage, readKnown, stageOf } from "./stage";

export const STACK_TYPE = "pulumi:pulumi:Stack";

export interface ChecklistContext {
    readonly resources: readonly PolicyResource[];
    readonly stage: Stage;
    readonly cloud: Cloud | undefined;
}

export interface ChecklistPolicyDefinition<C> {
    readonly name: string;
    readonly control: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly description: string;
    /** The layer whose stack must hold the control. */
    readonly layer: StackLayer;
    /** The ClusterBaseline opt-out key that names a justified absence (`optOuts.<key>`). */
    readonly optOutKey: string;
    /** What must hold, after "must": "run runtime detection on every node". */
    readonly rule: string;
    /** How to fix an absence: the ways to build the control. */
    readonly fix: string;
    readonly config?: ConfigProperties;
    /** Why the policy does not apply to this stack at all (undefined: it applies), e.g. no GKE cluster. */
    notApplicable?(context: ChecklistContext): string | undefined;
    evidence(context: ChecklistContext, config: C): readonly Evidence[];
}

interface BaseConfig {
    readonly layers?: readonly string[];
    readonly exemptions?: readonly Exemption[];
}

/** The resource under the token the pack names for it (itself when it is no variant). */
function canonicalResource(r: PolicyResource): PolicyResource {
    const type = canonicalType(r.type);
    return type === r.type ? r : { ...r, type };
}

type Report = (args: { message: string; enforcementLevel?: EnforcementLevel; urn?: string }) => void;

/** The components that record their named opt-outs (`optOuts.<key>.reason`) as inputs, and how messages name them. */
const OPT_OUT_HOLDERS: Readonly<Record<string, string>> = { [TOKENS.clusterBaseline]: "ClusterBaseline", [TOKENS.gkeCluster]: "GkeCluster" };

/** A component's justified opt-out of `key` (ClusterBaseline's add-ons, GkeCluster's managed policy), from its registered inputs. */
export function optOutOf(resources: readonly PolicyResource[], key: string): { reason: string; who: string } | undefined {
    for (const r of resources) {
        const holder = OPT_OUT_HOLDERS[r.type];
        if (holder === undefined) {
            continue;
        }
        const read = readKnown(() => at(r.props, "optOuts", key, "reason"));
        if (read.known && typeof read.value === "string" && read.value.trim().length >= MIN_JUSTIFICATION_LENGTH) {
            return { reason: read.value.trim(), who: `${holder} '${r.name}'` };
        }
    }
    return undefined;
}

export function checklistPolicy<C>(def: ChecklistPolicyDefinition<C>): HardenedPolicy {
    const control = getControl(def.control);
    const properties = { ...(def.config ?? {}), layers: LAYERS_SCHEMA, exemptions: EXEMPTIONS_SCHEMA };
    const defaults = Object.entries(def.config ?? {}).filter(([, s]) => s.default !== undefined);
    const validateStack = (original: StackValidationArgs, reportViolation: ReportViolation) => {
        // Every variant token (an alias, an Azure API version, a local package) is judged as the
        // token the pack names (lib/type-tokens.ts canonicalType), exactly as the resource policies are.
        const args: StackValidationArgs = { ...original, resources: original.resources.map(canonicalResource), notApplicable: original.notApplicable, getConfig: original.getConfig };
        const raw = args.getConfig<C & BaseConfig>() as unknown as Record<string, unknown>;
        for (const [k, s] of defaults) {
            if (!(k in raw)) {
                raw[k] = s.default;
            }
        }
        const config = raw as unknown as C & BaseConfig;
        // The server accepts an object whose level overrides the policy's (see lib/define.ts).
        const report = reportViolation as unknown as Report;
        const stack = args.resources.find(r => r.type === STACK_TYPE);
        const urn = stack?.urn;
        const subject = stack ? `Stack '${stack.name}'` : "The stack";
        // A cluster of a provider the pack does not read (classic azure, aws-native, google-native):
        // never a silent pass, the explicit "not judged" advisory of the resource policies.
        const unread = args.resources.flatMap(r => {
            const form = unjudgedFormOf(r.type, canonical => canonical in CLUSTER_TYPES);
            return form ? [{ r, form }] : [];
        });
        for (const { r, form } of unread) {
            const message =
                `${subjectOf({ type: r.type, name: r.name, urn: r.urn, props: r.props } as CheckedResource)} is not judged by this policy: its type '${r.type}' is ${form.reason}; ` +
                `the policy reads '${form.of}'. Check this control by hand, or register the resource as '${form.of}'.`;
            const exemption = findExemption(config.exemptions, def.name, r.urn, r.name);
            report({ message: exemption ? exemptedMessage(message, exemption) : message, enforcementLevel: "advisory", urn: r.urn });
        }
        const stage = stageOf(args.resources, config.layers);
        if (stage.unknown) {
            report({ message: `${subject} cannot be checked for checklist "${control.checklist}" during preview: the StackStage marker's layers are not known yet.`, enforcementLevel: "advisory", urn });
            return;
        }
        if (stage.malformed) {
            reportViolation(`${subject} must declare the layers it holds (checklist "${control.checklist}" is judged by them): ${stage.malformed}. Fix: register StackStage with the layers the stack builds, or set \`layers\` in the pack config.`, urn);
        }
        if (!stage.layers.includes(def.layer)) {
            if (unread.length > 0) {
                return;
            }
            args.notApplicable(`The stack holds ${describeStage(stage)}, not the ${def.layer} layer`);
        }
        const context = { resources: args.resources, stage, cloud: cloudOf(args.resources) };
        const inapplicable = def.notApplicable?.(context);
        if (inapplicable !== undefined) {
            args.notApplicable(inapplicable);
        }
        const evidence = def.evidence(context, config);
        if (evidence.some(e => e.kind === "present")) {
            return;
        }
        const weak = evidence.filter((e): e is Extract<Evidence, { kind: "weak" }> => e.kind === "weak");
        const unknown = evidence.filter(e => e.kind === "unknown");
        const where = ` Stage: ${describeStage(stage)}.`;
        let message: string;
        if (weak.length > 0) {
            message = `${subject} must ${def.rule} (checklist "${control.checklist}"): ${weak.map(w => `${w.what} ${w.why}`).join("; ")}. Fix: ${def.fix}.${where}`;
        } else if (unknown.length > 0) {
            report({
                message: `${subject} cannot be checked for checklist "${control.checklist}" during preview: ${unknown.map(u => u.what).join(", ")} ${unknown.length === 1 ? "is" : "are"} not known yet.`,
                enforcementLevel: "advisory",
                urn,
            });
            return;
        } else {
            message = `${subject} must ${def.rule} (checklist "${control.checklist}"): nothing in the stack builds it. Fix: ${def.fix}.${where}`;
        }
        const optOut = weak.length === 0 ? optOutOf(args.resources, def.optOutKey) : undefined;
        if (optOut) {
            report({ message: exemptedMessage(`${message} Opted out by ${optOut.who} (\`optOuts.${def.optOutKey}\`).`, { justification: optOut.reason } as Exemption), enforcementLevel: "advisory", urn });
            return;
        }
        const exemption = stack ? findExemption(config.exemptions, def.name, stack.urn, stack.name) : undefined;
        if (exemption) {
            report({ message: exemptedMessage(message, exemption), enforcementLevel: "advisory", urn });
            return;
        }
        reportViolation(message, urn);
    };
    // Its findings are on the stack resource: the resources it searches for evidence are not judged by it.
    return declareJudges(
        {
            name: def.name,
            control: control.id,
            description: def.description,
            enforcementLevel: def.enforcementLevel,
            severity: control.severity,
            configSchema: { properties },
            validateStack,
        } as HardenedPolicy,
        // And the "not judged" advisory on a cluster of a provider the pack does not read.
        type => type === STACK_TYPE || unjudgedFormOf(type, canonical => canonical in CLUSTER_TYPES) !== undefined,
    );
}

/** Reads a boolean-ish field that must be exactly true. */
export function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

export type { Obj };
