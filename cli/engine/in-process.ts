/**
 * The default engine: calls the pack's policies directly, with the arguments @pulumi/policy's
 * server builds for Analyze and AnalyzeStack (server.ts): the unknown-checking proxy over the
 * deserialized properties, notApplicable, getConfig with the Configure-d properties, enforcement
 * resolved as the server resolves it, and stack resources linked to their parents and
 * dependencies. The protocol engine (grpc.ts) runs the same pack through the real server; a
 * differential test holds the two to identical results.
 *
 * Properties are deserialized once per resource and shared by every policy, as the pack makes the
 * SDK's server do too (policy-pack/lib/shared-properties.ts). Policies never write to them
 * (test/policy-pack/lib/shared-properties.spec.ts).
 */
import type { EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { appliesToOf, isUnknownValueError } from "../../policy-pack/lib/define";
import { AnalyzeResult, Diagnostic, Engine, EngineResource, NotApplicable, PackConfig, PackInfo, StackAnalysis, notApplicableNote } from "./model";
import { containsUnknown, deserializeProperties } from "./wire";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };

const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";
const EMPTY_TAGS: ReadonlyMap<string, string> = Object.freeze(new Map<string, string>());

/**
 * The properties as a policy receives them: behind the SDK's unknown-checking proxy. The proxy
 * only ever acts on an unknown sentinel; properties with none anywhere behave identically without
 * it, so they are passed as they are, which spares a proxy per property read.
 */
function guarded(props: Record<string, unknown>, observe: (props: Record<string, unknown>) => Record<string, unknown> = p => p): Record<string, unknown> {
    const seen = observe(props);
    return containsUnknown(props) ? unknownCheckingProxy(seen) : seen;
}

/** Sees (and may wrap) a resource's properties before the policies do. */
export type PropsObserver = (props: Record<string, unknown>, urn: string) => Record<string, unknown>;

/**
 * What args.notApplicable throws. Not an Error subclass: most (policy, resource) pairs are not
 * applicable, and capturing a stack trace for each cost more than judging the resource.
 */
class NotApplicableError {
    constructor(readonly reason: string | undefined) {}
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

const noteOf = notApplicableNote;

/** A policy error that the server would return as a failed RPC. */
export class PolicyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyError";
    }
}

function pulumiTypeOf(fn: unknown): string | undefined {
    const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const t = pulumiTypeOf(resourceClass);
    if (t) {
        return type === t;
    }
    const isInstance = (resourceClass as { isInstance?: unknown })?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function levelOf(policy: HardenedPolicy, config: PackConfig): EnforcementLevel {
    return config[policy.name]?.enforcementLevel || policy.enforcementLevel || PACK_DEFAULT_LEVEL;
}

function makeGetConfig(policy: HardenedPolicy, config: PackConfig) {
    return () => ({ ...(config[policy.name]?.properties ?? {}) });
}

function makeReport(policy: HardenedPolicy, level: EnforcementLevel, out: Diagnostic[]): ReportViolation {
    return ((message: unknown, urn?: string) => {
        if (message !== null && typeof message === "object") {
            const m = message as { message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel; name?: string };
            out.push({
                policyName: m.name || policy.name,
                message: m.message || m.description || policy.description,
                enforcementLevel: m.enforcementLevel || level,
                ...(m.urn ? { urn: m.urn } : {}),
            });
            return;
        }
        const text = message ? `${policy.description}\n${String(message)}` : policy.description;
        out.push({ policyName: policy.name, message: text, enforcementLevel: level, ...(urn ? { urn } : {}) });
    }) as ReportViolation;
}

interface ResourcePlanStep {
    readonly policy: HardenedPolicy;
    readonly level: EnforcementLevel;
    readonly validate: (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>;
    readonly declared: string | undefined;
    readonly declaredNote: NotApplicable | undefined;
    readonly appliesTo: ReturnType<typeof appliesToOf>;
    readonly appliesNote: NotApplicable | undefined;
}

export class InProcessEngine implements Engine {
    /**
     * @param observe wraps each resource's deserialized properties before the unknown-checking
     *   proxy; the proofs use it to record which properties the policies read. Default: none.
     */
    constructor(
        private readonly pack: PackInfo,
        private readonly policies: readonly HardenedPolicy[],
        private readonly observe: PropsObserver = props => props,
    ) {}

    private packLabel(policy: HardenedPolicy): string {
        return `policy '${policy.name}' from policy pack '${this.pack.name}@v${this.pack.version}'`;
    }

    private handle(policy: HardenedPolicy, e: unknown, diagnostics: Diagnostic[], notApplicable: NotApplicable[]): void {
        if (isUnknownValueError(e)) {
            diagnostics.push({
                policyName: policy.name,
                message: `can't run ${this.packLabel(policy)} during preview: ${e.message}`,
                enforcementLevel: "advisory",
            });
        } else if (e instanceof NotApplicableError) {
            notApplicable.push(noteOf(policy.name, e.reason ?? ""));
        } else {
            const detail = e instanceof Error ? e.stack ?? e.message : String(e);
            throw new PolicyError(`Error validating resource with ${this.packLabel(policy)}:\n${detail}`);
        }
    }

    private readonly plans = new WeakMap<PackConfig, ResourcePlanStep[]>();

    /**
     * The resource policies that run under this config, with their resolved level and what the
     * server would decide before calling each (type filters and their notes), worked out once per
     * config instead of once per resource.
     */
    private resourcePlan(config: PackConfig): ResourcePlanStep[] {
        let plan = this.plans.get(config);
        if (!plan) {
            plan = [];
            for (const p of this.policies) {
                let level = levelOf(p, config);
                if (level === "disabled" || !("validateResource" in p) || typeof p.validateResource !== "function") {
                    continue;
                }
                if (level === "remediate") {
                    level = "mandatory";
                }
                const declared = pulumiTypeOf(p.validateResource);
                const appliesTo = appliesToOf(p.validateResource);
                plan.push({
                    policy: p,
                    level,
                    validate: p.validateResource,
                    declared,
                    declaredNote: declared ? noteOf(p.name, `Policy only applies to resources of type '${declared}'`) : undefined,
                    appliesTo,
                    appliesNote: appliesTo ? noteOf(p.name, appliesTo.reason) : undefined,
                });
            }
            this.plans.set(config, plan);
        }
        return plan;
    }

    async analyzeResource(r: EngineResource, config: PackConfig): Promise<AnalyzeResult> {
        const diagnostics: Diagnostic[] = [];
        const notApplicable: NotApplicable[] = [];
        let props: Record<string, unknown> | undefined;
        let provider: ReturnType<typeof providerOf> | undefined;
        for (const { policy: p, level, validate, declared, declaredNote, appliesTo, appliesNote } of this.resourcePlan(config)) {
            if (declared && declared !== r.type) {
                notApplicable.push(declaredNote!);
                continue;
            }
            try {
                // As the server does: deserialize for every policy that gets this far (once here,
                // shared), inside the policy's try, so a bad value fails as that policy's error.
                props ??= guarded(deserializeProperties(r.inputs), raw => this.observe(raw, r.urn));
                provider ??= r.provider ? providerOf(r.provider) : undefined;
                // The policy would call notApplicable with this reason; skip the call and the throw.
                if (appliesTo && !appliesTo.matches(r.type)) {
                    notApplicable.push(appliesNote!);
                    continue;
                }
                const resourceProps = props;
                const args = {
                    type: r.type,
                    props: resourceProps,
                    urn: r.urn,
                    name: r.name,
                    opts: optionsOf(r),
                    stackTags: EMPTY_TAGS,
                    isType: (cls: unknown) => isTypeOf(r.type, cls),
                    asType: (cls: unknown) => (isTypeOf(r.type, cls) ? resourceProps : undefined),
                    getConfig: makeGetConfig(p, config),
                    notApplicable: throwNotApplicable,
                    ...(provider ? { provider } : {}),
                } as unknown as ResourceValidationArgs;
                await validate(args, makeReport(p, level, diagnostics));
            } catch (e) {
                this.handle(p, e, diagnostics, notApplicable);
            }
        }
        return { diagnostics, notApplicable };
    }

    async analyzeStack(resources: readonly EngineResource[], config: PackConfig): Promise<AnalyzeResult> {
        const diagnostics: Diagnostic[] = [];
        const notApplicable: NotApplicable[] = [];
        let stack: PolicyResource[] | undefined;
        for (const p of this.policies) {
            let level = levelOf(p, config);
            if (level === "disabled" || !("validateStack" in p) || typeof p.validateStack !== "function") {
                continue;
            }
            if (level === "remediate") {
                level = "mandatory";
            }
            const declared = pulumiTypeOf(p.validateStack);
            if (declared && !resources.some(r => r.type === declared)) {
                notApplicable.push(noteOf(p.name, `Policy only applies to resources of type '${declared}'`));
                continue;
            }
            try {
                stack ??= linkStack(resources, this.observe);
                const args = {
                    resources: stack,
                    getConfig: makeGetConfig(p, config),
                    stackTags: EMPTY_TAGS,
                    notApplicable: throwNotApplicable,
                } as unknown as StackValidationArgs;
                await p.validateStack(args, makeReport(p, level, diagnostics));
            } catch (e) {
                this.handle(p, e, diagnostics, notApplicable);
            }
        }
        return { diagnostics, notApplicable };
    }

    async analyze(resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis> {
        const results: AnalyzeResult[] = [];
        for (const r of resources) {
            results.push(await this.analyzeResource(r, config));
        }
        return { resources: results, stack: await this.analyzeStack(resources, config) };
    }

    async close(): Promise<void> {}
}

function optionsOf(r: EngineResource) {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

function providerOf(p: NonNullable<EngineResource["provider"]>) {
    return { type: p.type, name: p.name, urn: p.urn, props: guarded(deserializeProperties(p.inputs)) };
}

/** Stack resources as the server links them: parent and dependencies resolved by URN. */
function linkStack(resources: readonly EngineResource[], observe: PropsObserver): PolicyResource[] {
    const made = resources.map(r => {
        const props = guarded(deserializeProperties(r.outputs), raw => observe(raw, r.urn));
        const resource: Record<string, unknown> = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: unknown) => isTypeOf(r.type, cls),
            asType: (cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined),
        };
        if (r.provider) {
            resource["provider"] = providerOf(r.provider);
        }
        return { resource: resource as unknown as PolicyResource & Record<string, unknown>, source: r };
    });
    const byUrn = new Map<string, PolicyResource>();
    for (const m of made) {
        byUrn.set(m.resource.urn, m.resource);
    }
    for (const { resource, source } of made) {
        const parent = source.parent ? byUrn.get(source.parent) : undefined;
        if (parent) {
            resource["parent"] = parent;
        }
        resource["dependencies"] = source.dependencies.map(d => byUrn.get(d)).filter((x): x is PolicyResource => x !== undefined);
        const pd: Record<string, PolicyResource[]> = {};
        for (const [k, urns] of Object.entries(source.propertyDependencies)) {
            pd[k] = urns.map(d => byUrn.get(d)).filter((x): x is PolicyResource => x !== undefined);
        }
        resource["propertyDependencies"] = pd;
    }
    return made.map(m => m.resource);
}
