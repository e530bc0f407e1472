"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InProcessEngine = exports.PolicyError = void 0;
const define_1 = require("../../policy-pack/lib/define");
const wire_1 = require("./wire");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
const PACK_DEFAULT_LEVEL = "advisory";
const EMPTY_TAGS = Object.freeze(new Map());
class NotApplicableError extends Error {
    reason;
    constructor(reason) {
        super(reason ?? "Policy does not apply");
        this.reason = reason;
    }
}
function throwNotApplicable(reason) {
    throw new NotApplicableError(reason);
}
/** A policy error that the server would return as a failed RPC. */
class PolicyError extends Error {
    constructor(message) {
        super(message);
        this.name = "PolicyError";
    }
}
exports.PolicyError = PolicyError;
function pulumiTypeOf(fn) {
    const t = fn?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}
function isTypeOf(type, resourceClass) {
    const t = pulumiTypeOf(resourceClass);
    if (t) {
        return type === t;
    }
    const isInstance = resourceClass?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}
function levelOf(policy, config) {
    return config[policy.name]?.enforcementLevel || policy.enforcementLevel || PACK_DEFAULT_LEVEL;
}
function makeGetConfig(policy, config) {
    return () => ({ ...(config[policy.name]?.properties ?? {}) });
}
function makeReport(policy, level, out) {
    return ((message, urn) => {
        if (message !== null && typeof message === "object") {
            const m = message;
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
    });
}
class InProcessEngine {
    pack;
    policies;
    constructor(pack, policies) {
        this.pack = pack;
        this.policies = policies;
    }
    packLabel(policy) {
        return `policy '${policy.name}' from policy pack '${this.pack.name}@v${this.pack.version}'`;
    }
    handle(policy, e, diagnostics, notApplicable) {
        if ((0, define_1.isUnknownValueError)(e)) {
            diagnostics.push({
                policyName: policy.name,
                message: `can't run ${this.packLabel(policy)} during preview: ${e.message}`,
                enforcementLevel: "advisory",
            });
        }
        else if (e instanceof NotApplicableError) {
            notApplicable.push({ policyName: policy.name, reason: e.reason ?? "" });
        }
        else {
            const detail = e instanceof Error ? e.stack ?? e.message : String(e);
            throw new PolicyError(`Error validating resource with ${this.packLabel(policy)}:\n${detail}`);
        }
    }
    async analyzeResource(r, config) {
        const diagnostics = [];
        const notApplicable = [];
        let props;
        for (const p of this.policies) {
            let level = levelOf(p, config);
            if (level === "disabled" || !("validateResource" in p) || typeof p.validateResource !== "function") {
                continue;
            }
            if (level === "remediate") {
                level = "mandatory";
            }
            const declared = pulumiTypeOf(p.validateResource);
            if (declared && declared !== r.type) {
                notApplicable.push({ policyName: p.name, reason: `Policy only applies to resources of type '${declared}'` });
                continue;
            }
            props ??= unknownCheckingProxy((0, wire_1.deserializeProperties)(r.inputs));
            const args = {
                type: r.type,
                props,
                urn: r.urn,
                name: r.name,
                opts: optionsOf(r),
                stackTags: EMPTY_TAGS,
                isType: (cls) => isTypeOf(r.type, cls),
                asType: (cls) => (isTypeOf(r.type, cls) ? props : undefined),
                getConfig: makeGetConfig(p, config),
                notApplicable: throwNotApplicable,
                ...(r.provider ? { provider: providerOf(r.provider) } : {}),
            };
            try {
                await p.validateResource(args, makeReport(p, level, diagnostics));
            }
            catch (e) {
                this.handle(p, e, diagnostics, notApplicable);
            }
        }
        return { diagnostics, notApplicable };
    }
    async analyzeStack(resources, config) {
        const diagnostics = [];
        const notApplicable = [];
        let stack;
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
                notApplicable.push({ policyName: p.name, reason: `Policy only applies to resources of type '${declared}'` });
                continue;
            }
            try {
                stack ??= linkStack(resources);
                const args = {
                    resources: stack,
                    getConfig: makeGetConfig(p, config),
                    stackTags: EMPTY_TAGS,
                    notApplicable: throwNotApplicable,
                };
                await p.validateStack(args, makeReport(p, level, diagnostics));
            }
            catch (e) {
                this.handle(p, e, diagnostics, notApplicable);
            }
        }
        return { diagnostics, notApplicable };
    }
    async analyze(resources, config) {
        const results = [];
        for (const r of resources) {
            results.push(await this.analyzeResource(r, config));
        }
        return { resources: results, stack: await this.analyzeStack(resources, config) };
    }
    async close() { }
}
exports.InProcessEngine = InProcessEngine;
function optionsOf(r) {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}
function providerOf(p) {
    return { type: p.type, name: p.name, urn: p.urn, props: unknownCheckingProxy((0, wire_1.deserializeProperties)(p.inputs)) };
}
/** Stack resources as the server links them: parent and dependencies resolved by URN. */
function linkStack(resources) {
    const made = resources.map(r => {
        const props = unknownCheckingProxy((0, wire_1.deserializeProperties)(r.outputs));
        const resource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: (cls) => (isTypeOf(r.type, cls) ? props : undefined),
        };
        if (r.provider) {
            resource["provider"] = providerOf(r.provider);
        }
        return { resource: resource, source: r };
    });
    const byUrn = new Map();
    for (const m of made) {
        byUrn.set(m.resource.urn, m.resource);
    }
    for (const { resource, source } of made) {
        const parent = source.parent ? byUrn.get(source.parent) : undefined;
        if (parent) {
            resource["parent"] = parent;
        }
        resource["dependencies"] = source.dependencies.map(d => byUrn.get(d)).filter((x) => x !== undefined);
        const pd = {};
        for (const [k, urns] of Object.entries(source.propertyDependencies)) {
            pd[k] = urns.map(d => byUrn.get(d)).filter((x) => x !== undefined);
        }
        resource["propertyDependencies"] = pd;
    }
    return made.map(m => m.resource);
}
//# sourceMappingURL=in-process.js.map