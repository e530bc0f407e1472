/**
 * The two ways a policy is defined here: a pure check over one resource, or over the stack, each
 * wrapped into the CrossGuard shape the Pulumi engine calls. The wrappers add what every policy
 * shares: the control it serves, config defaults, per-resource exemptions, malformed input and,
 * in stack policies, unknown values isolated to the resource that holds them.
 */
import type {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { getControl } from "../../components/controls";
import { EXEMPTIONS_SCHEMA, Exemption, exemptedMessage, findExemption } from "./exemptions";
import { parseKubernetesToken } from "./kubernetes-types";
import { MalformedValueError, Obj } from "./read";
import { readableKind } from "./labels";
import { UnjudgedForm, canonicalType, unjudgedFormOf } from "./type-tokens";

// proxy.d.ts is stripped to `export {}`; the runtime export exists since @pulumi/policy 1.21.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (...args: never[]) => Error };

export function isUnknownValueError(e: unknown): e is Error {
    return e instanceof UnknownValueError;
}

/** A policy of this pack: a CrossGuard policy plus the control it serves. */
export type HardenedPolicy = (ResourceValidationPolicy | StackValidationPolicy) & { readonly control: string };

export type ConfigProperties = Readonly<Record<string, PolicyConfigJSONSchema>>;

/** What a check sees of a resource. `props` are the resource's inputs (or outputs, in a stack). */
export interface CheckedResource {
    /** The type as the pack names it: an alias or versioned token reads as its current token (type-tokens.ts). */
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Obj;
}

interface PolicyDefinition {
    readonly name: string;
    readonly control: string;
    /** Security controls are mandatory; hygiene starts advisory. Configurable per policy. */
    readonly enforcementLevel: EnforcementLevel;
    /** One sentence of what must hold; defaults to the control's title. */
    readonly description?: string;
    /** The policy's settings, each with a `default` (the engine applies schema defaults). */
    readonly config?: ConfigProperties;
}

export interface ResourcePolicyDefinition<C> extends PolicyDefinition {
    /** The resource types checked: one token, several, or a predicate with a description. */
    readonly types: readonly string[] | { readonly matches: (type: string) => boolean; readonly description: string };
    /** The violation messages for this resource; none when it complies. */
    check(resource: CheckedResource, config: C): readonly string[];
}

export interface StackPolicyDefinition<C, X> extends PolicyDefinition {
    /** The resources this policy judges, one by one. */
    readonly selects: (type: string) => boolean;
    /** Facts drawn once from the whole stack (an index of namespaces, policies, roles...). */
    context(resources: readonly PolicyResource[], config: C): X;
    /** `raw` is the stack resource itself, with its parent and dependencies. */
    check(resource: CheckedResource, context: X, config: C, raw: PolicyResource): readonly string[];
}

interface BaseConfig {
    readonly exemptions?: readonly Exemption[];
}

function configSchemaOf(def: PolicyDefinition) {
    return { properties: { ...(def.config ?? {}), exemptions: EXEMPTIONS_SCHEMA } };
}

function defaultsOf(def: PolicyDefinition): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(def.config ?? {})) {
        if (schema.default !== undefined) {
            out[key] = schema.default;
        }
    }
    return out;
}

/**
 * The policy's config: schema defaults under what the engine sent. The Pulumi engine already
 * applies defaults before Configure; doing it again keeps the pack right under any engine.
 */
function configReader<C>(def: PolicyDefinition): (getConfig: () => object) => C & BaseConfig {
    const defaults = Object.entries(defaultsOf(def));
    return getConfig => {
        // getConfig returns a fresh object on every call (as the SDK's server does): fill it in place.
        const config = getConfig() as Record<string, unknown>;
        for (const [key, value] of defaults) {
            if (!(key in config)) {
                config[key] = value;
            }
        }
        return config as C & BaseConfig;
    };
}

/**
 * Marks a validateResource with the types it judges, so an engine may skip the call (and the
 * notApplicable throw) for other types and record the same reason. The policy itself still
 * checks, so under the Pulumi engine nothing changes.
 */
export interface AppliesTo {
    matches(type: string): boolean;
    readonly reason: string;
}

export function appliesToOf(fn: unknown): AppliesTo | undefined {
    return (fn as { __hcbAppliesTo?: AppliesTo } | undefined)?.__hcbAppliesTo;
}

/**
 * Whether a policy of this pack judges resources of a type (as registered): a resource policy's
 * types, a stack policy's `selects`, each over the token the pack names. A type the policy only
 * reports as not judged (a foreign provider's resource) is not judged. Undefined for a policy
 * built otherwise. The report counts what no policy judged with it.
 */
export function judgesOf(policy: HardenedPolicy): ((type: string) => boolean) | undefined {
    const fn = "validateResource" in policy ? policy.validateResource : "validateStack" in policy ? policy.validateStack : undefined;
    return (fn as { __hcbJudges?: (type: string) => boolean } | undefined)?.__hcbJudges;
}

/**
 * Declares the types a policy can report a finding on, for a policy written by hand rather than
 * with resourcePolicy/stackPolicy (the checklist stack policies). "Judged" means exactly that: a
 * stack policy that only searches other resources for evidence does not judge them. The registry
 * test (test/policy-pack/judges.spec.ts) fails when a policy reports on a type it does not declare.
 */
export function declareJudges(policy: HardenedPolicy, judges: (type: string) => boolean): HardenedPolicy {
    const fn = "validateResource" in policy ? policy.validateResource : "validateStack" in policy ? policy.validateStack : undefined;
    (fn as unknown as { __hcbJudges: (type: string) => boolean }).__hcbJudges = judges;
    return policy;
}

function metadataOf(def: PolicyDefinition) {
    const control = getControl(def.control);
    return {
        name: def.name,
        control: control.id,
        description: def.description ?? `${control.title}.`,
        enforcementLevel: def.enforcementLevel,
        severity: control.severity,
        configSchema: configSchemaOf(def),
    };
}

/** `Deployment 'web'`: the kind and Kubernetes name where known, else the type and resource name. */
export function subjectOf(resource: CheckedResource): string {
    const k8s = parseKubernetesToken(resource.type);
    const kind = k8s ? k8s.kind : readableKind(resource.type);
    let name = resource.name;
    try {
        const metadata = resource.props["metadata"];
        const metaName = metadata && typeof metadata === "object" ? (metadata as Obj)["name"] : undefined;
        if (typeof metaName === "string" && metaName.length > 0) {
            name = metaName;
        }
    } catch (e) {
        if (!isUnknownValueError(e)) {
            throw e;
        }
    }
    return `${kind} '${name}'`;
}

/** Runs a check, turning malformed input into a violation rather than a crash or a pass. */
function runCheck(resource: CheckedResource, check: () => readonly string[]): readonly string[] {
    try {
        return check();
    } catch (e) {
        if (e instanceof MalformedValueError) {
            return [`${subjectOf(resource)} cannot be verified: ${e.message}.`];
        }
        throw e;
    }
}

/** The object form of a report, which @pulumi/policy's server accepts (ReportViolationArgs). */
interface ReportArgs {
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
}

function reportAdvisory(report: ReportViolation, args: ReportArgs): void {
    // The typings declare only (message, urn); the server also takes an object whose level
    // overrides the policy's, which is how an exempted or unknown finding stays visible as advisory.
    (report as unknown as (a: ReportArgs) => void)(args);
}

function emit(
    report: ReportViolation,
    policy: string,
    resource: CheckedResource,
    messages: readonly string[],
    exemptions: readonly Exemption[] | undefined,
    urnForStack: string | undefined,
): void {
    if (messages.length === 0) {
        return;
    }
    const exemption = findExemption(exemptions, policy, resource.urn, resource.name);
    // One finding per policy and resource, listing every offending part: several problems a check
    // found become the sentences of one message, never the same resource reported twice.
    const message = messages.join(" ");
    if (exemption) {
        reportAdvisory(report, { message: exemptedMessage(message, exemption), enforcementLevel: "advisory", urn: urnForStack });
    } else {
        report(message, urnForStack);
    }
}

function matcherOf(types: ResourcePolicyDefinition<unknown>["types"]) {
    if ("matches" in types) {
        return { matches: types.matches, description: types.description };
    }
    const set = new Set(types);
    return { matches: (t: string) => set.has(t), description: types.map(t => `'${t}'`).join(", ") };
}

/**
 * The advisory for a resource a policy would judge under its own token but cannot read under the
 * one it was registered with (a foreign provider's cluster, a Kubernetes Patch): never a silent pass.
 */
function reportNotJudged(
    report: ReportViolation,
    policy: string,
    resource: CheckedResource,
    form: UnjudgedForm,
    exemptions: readonly Exemption[] | undefined,
    urnForStack: string | undefined,
): void {
    const message =
        `${subjectOf(resource)} is not judged by this policy: its type '${resource.type}' is ${form.reason}; ` +
        `the policy reads '${form.of}'. Check this control by hand, or register the resource as '${form.of}'.`;
    const exemption = findExemption(exemptions, policy, resource.urn, resource.name);
    reportAdvisory(report, { message: exemption ? exemptedMessage(message, exemption) : message, enforcementLevel: "advisory", urn: urnForStack });
}

/**
 * args.notApplicable, made once per reason and thrown again after that. The SDK's server throws a
 * NotApplicableError (an Error) and reads only its `reason` (@pulumi/policy 1.21.0 server.js
 * makeAnalyzeRpcFun: `e instanceof NotApplicableError` then `e.reason`, never writing to it), and
 * the in-process engine does the same with its own. About 80 of the pack's resource policies do
 * not apply to any one resource, and constructing a new Error for each costs even without a
 * stack trace (Error.stackTraceLimit 0): measured at 10,000 workloads over the protocol, the
 * pack's CPU time in Analyze was 9.1-9.5 s with a new error each time and 7.8-8.4 s rethrowing
 * one. Same error class, same reason, for whichever engine's `notApplicable` is passed (errors
 * are kept per function).
 */
const notApplicableErrors = new WeakMap<(reason?: string) => never, Map<string, unknown>>();

function notApplicable(args: { notApplicable(reason?: string): never }, reason: string): never {
    const raise = args.notApplicable;
    let byReason = notApplicableErrors.get(raise);
    if (!byReason) {
        byReason = new Map();
        notApplicableErrors.set(raise, byReason);
    }
    const made = byReason.get(reason);
    if (made !== undefined) {
        throw made;
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return raise(reason);
    } catch (e) {
        byReason.set(reason, e);
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/** `matches` over every token a type may be registered under, memoised per token (engines ask once per resource). */
function tokenMatcher(matches: (canonical: string) => boolean): { judges(type: string): boolean; concerns(type: string): boolean } {
    const cache = new Map<string, boolean>();
    const judges = (type: string) => matches(canonicalType(type));
    return {
        judges,
        concerns(type) {
            let out = cache.get(type);
            if (out === undefined) {
                out = judges(type) || unjudgedFormOf(type, matches) !== undefined;
                if (cache.size < 10_000) cache.set(type, out);
            }
            return out;
        },
    };
}

export function resourcePolicy<C>(def: ResourcePolicyDefinition<C>): HardenedPolicy {
    const matcher = matcherOf(def.types as ResourcePolicyDefinition<unknown>["types"]);
    const tokens = tokenMatcher(matcher.matches);
    const configOf = configReader<C>(def);
    const notApplicableReason = `Policy only applies to resources of type ${matcher.description}`;
    const validateResource = (args: ResourceValidationArgs, report: ReportViolation) => {
        const type = canonicalType(args.type);
        if (!matcher.matches(type)) {
            const form = unjudgedFormOf(args.type, matcher.matches);
            if (!form) {
                notApplicable(args, notApplicableReason);
            }
            const config = configOf(args.getConfig);
            const raw: CheckedResource = { type: args.type, name: args.name, urn: args.urn, props: args.props as Obj };
            reportNotJudged(report, def.name, raw, form as UnjudgedForm, config.exemptions, undefined);
            return;
        }
        const config = configOf(args.getConfig);
        const resource: CheckedResource = { type, name: args.name, urn: args.urn, props: args.props as Obj };
        const messages = runCheck(resource, () => def.check(resource, config));
        emit(report, def.name, resource, messages, config.exemptions, undefined);
    };
    // No `__pulumiType` even for a single type: the SDK's server would then skip every other token
    // of that type (an alias, a versioned token) without calling the policy (server.js analyze).
    const appliesTo: AppliesTo = { matches: tokens.concerns, reason: notApplicableReason };
    (validateResource as unknown as { __hcbAppliesTo: AppliesTo }).__hcbAppliesTo = appliesTo;
    (validateResource as unknown as { __hcbJudges: (type: string) => boolean }).__hcbJudges = tokens.judges;
    return { ...metadataOf(def), validateResource };
}

/**
 * The stack's resources as the pack names their types: when any is registered under an alias or
 * versioned token, copies with the current token, their parent and dependencies pointing at the
 * copies (the original objects are the engine's, shared by other policies).
 */
export function canonicalResources(resources: readonly PolicyResource[]): readonly PolicyResource[] {
    if (resources.every(r => canonicalType(r.type) === r.type)) {
        return resources;
    }
    const copies = new Map<PolicyResource, PolicyResource>();
    for (const r of resources) {
        copies.set(r, { ...r, type: canonicalType(r.type) });
    }
    const to = (r: PolicyResource) => copies.get(r) ?? r;
    for (const [r, c] of copies) {
        const copy = c as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
        if (r.parent) copy.parent = to(r.parent);
        copy.dependencies = r.dependencies.map(to);
        copy.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, v.map(to)]));
    }
    return resources.map(to);
}

export function stackPolicy<C, X>(def: StackPolicyDefinition<C, X>): HardenedPolicy {
    const configOf = configReader<C>(def);
    const validateStack = (args: StackValidationArgs, report: ReportViolation) => {
        const config = configOf(args.getConfig);
        const resources = canonicalResources(args.resources);
        const selected = resources.filter(r => def.selects(r.type));
        const unjudged = args.resources.flatMap(r => {
            const form = def.selects(canonicalType(r.type)) ? undefined : unjudgedFormOf(r.type, def.selects);
            return form ? [{ r, form }] : [];
        });
        if (selected.length === 0 && unjudged.length === 0) {
            notApplicable(args, "No resource in the stack is of a type this policy checks");
        }
        for (const { r, form } of unjudged) {
            reportNotJudged(report, def.name, { type: r.type, name: r.name, urn: r.urn, props: r.props as Obj }, form, config.exemptions, r.urn);
        }
        if (selected.length === 0) {
            return;
        }
        const context = def.context(resources, config);
        for (const r of selected) {
            const resource: CheckedResource = { type: r.type, name: r.name, urn: r.urn, props: r.props as Obj };
            let messages: readonly string[];
            try {
                messages = runCheck(resource, () => def.check(resource, context, config, r));
            } catch (e) {
                if (!isUnknownValueError(e)) {
                    throw e;
                }
                // One unknown value must not silence the policy for the whole stack: it becomes an
                // explicit advisory on the resource that holds it, as the server does per resource.
                reportAdvisory(report, {
                    message: `${subjectOf(resource)} cannot be checked during preview: ${e.message}`,
                    enforcementLevel: "advisory",
                    urn: r.urn,
                });
                continue;
            }
            emit(report, def.name, resource, messages, config.exemptions, r.urn);
        }
    };
    (validateStack as unknown as { __hcbJudges: (type: string) => boolean }).__hcbJudges = type => def.selects(canonicalType(type));
    return { ...metadataOf(def), validateStack };
}
