/**
 * What both engines take and give: resources as the Pulumi engine would send them to an
 * analyzer, and the diagnostics and not-applicable notes the analyzer sends back.
 */
import type { EnforcementLevel } from "@pulumi/policy";

/** A resource as the engine sends it: wire-form properties (secrets, unknown sentinels intact). */
export interface EngineResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Inputs, given to resource policies (Analyze). */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Outputs, given to stack policies (AnalyzeStack); during preview, inputs propagated. */
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly protect?: boolean;
    readonly provider?: { readonly type: string; readonly name: string; readonly urn: string; readonly inputs: Readonly<Record<string, unknown>> };
}

export interface Diagnostic {
    readonly policyName: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    /** Set by stack policies to name the resource a finding is about. */
    readonly urn?: string;
}

export interface NotApplicable {
    readonly policyName: string;
    readonly reason: string;
}

const notApplicableNotes = new Map<string, Map<string, NotApplicable>>();

/**
 * The note for a policy that does not apply. Most (policy, resource) pairs are not applicable:
 * one frozen note per (policy, reason) keeps 100,000 resources from holding millions of copies.
 * Both engines use it.
 */
export function notApplicableNote(policyName: string, reason: string): NotApplicable {
    let byReason = notApplicableNotes.get(policyName);
    if (!byReason) {
        byReason = new Map();
        notApplicableNotes.set(policyName, byReason);
    }
    let note = byReason.get(reason);
    if (!note) {
        note = Object.freeze({ policyName, reason });
        byReason.set(reason, note);
    }
    return note;
}

export interface AnalyzeResult {
    readonly diagnostics: readonly Diagnostic[];
    readonly notApplicable: readonly NotApplicable[];
}

export interface StackAnalysis {
    /** One result per resource, in input order (Analyze). */
    readonly resources: readonly AnalyzeResult[];
    /** The one AnalyzeStack result. */
    readonly stack: AnalyzeResult;
}

/** Per-policy config as Configure receives it: the level and the properties, defaults applied. */
export interface PolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Readonly<Record<string, unknown>>;
}

export type PackConfig = Readonly<Record<string, PolicyConfig>>;

export interface PackInfo {
    readonly name: string;
    readonly version: string;
}

/** An engine analyses stacks with the pack; both implementations must give identical results. */
export interface Engine {
    analyze(resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis>;
    close(): Promise<void>;
}
