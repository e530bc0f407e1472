/**
 * The pulumirpc.Analyzer messages the protocol engine exchanges with a pack, built and read the
 * way the Pulumi engine does (pkg/resource/plugin/analyzer_plugin.go): resources and config in,
 * diagnostics and not-applicable notes out. The generated modules are loaded from the copies
 * @pulumi/pulumi resolves, because the generated code checks `instanceof` against its own
 * google-protobuf classes (@pulumi/policy server.ts notes the same for `Empty`).
 */
import * as path from "path";
import type { EnforcementLevel } from "@pulumi/policy";
import type { ConfigEntry, JsonSchema, ParsedConfig, PolicyInfo } from "./config";
import type { AnalyzeResult, EngineResource, PackConfig } from "./model";

/* The generated classes are used through these narrow shapes: google-protobuf ships no typings. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Message = any;
type MessageClass = new () => Message;

/** The generated modules and the gRPC library, loaded once on first use. */
export interface ProtoModules {
    readonly grpc: typeof import("@grpc/grpc-js");
    readonly analyzer: Record<string, any>;
    readonly AnalyzerClient: new (address: string, credentials: unknown, options?: object) => Record<string, any>;
    /** The service definition: each method's `path` (`/pulumirpc.Analyzer/Analyze`). */
    readonly AnalyzerService: Record<string, { readonly path: string }>;
    readonly Struct: { fromJavaScript(value: Record<string, unknown>): Message };
    readonly Empty: MessageClass;
}

let loaded: ProtoModules | undefined;

/** Requires the modules lazily: the default (in-process) path must not pay for gRPC. */
export function protoModules(): ProtoModules {
    if (loaded) {
        return loaded;
    }
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
    loaded = {
        grpc: fromPulumi("@grpc/grpc-js"),
        analyzer: require("@pulumi/pulumi/proto/analyzer_pb"),
        AnalyzerClient: require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerClient,
        AnalyzerService: require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService,
        Struct: fromPulumi("google-protobuf/google/protobuf/struct_pb").Struct,
        Empty: fromPulumi("google-protobuf/google/protobuf/empty_pb").Empty,
    };
    return loaded;
}

/** pulumirpc.EnforcementLevel (proto/pulumi/analyzer.proto). */
const LEVEL_NUMBERS: Readonly<Record<EnforcementLevel, number>> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const LEVEL_NAMES: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** As analyzer.Configure refuses a level before sending it (analyzer_plugin.go L622-626). */
export function levelNumber(level: EnforcementLevel): number {
    const n = Object.prototype.hasOwnProperty.call(LEVEL_NUMBERS, level) ? LEVEL_NUMBERS[level] : undefined;
    if (n === undefined) {
        throw new Error(`invalid enforcement level ${JSON.stringify(level ?? "")}`);
    }
    return n;
}

export function levelName(n: number): EnforcementLevel {
    const name = LEVEL_NAMES[n];
    if (name === undefined) {
        throw new Error(`The policy pack answered with enforcement level ${n}, which pulumirpc.EnforcementLevel does not define.`);
    }
    return name;
}

/**
 * Wire properties as a Struct. Top-level undefined values are dropped: the engine never sends
 * them, and the SDK treats them as absent (deserialize.ts).
 */
function structOf(m: ProtoModules, props: Readonly<Record<string, unknown>>, what: string): Message {
    const defined: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
        if (v !== undefined) {
            defined[k] = v;
        }
    }
    try {
        return m.Struct.fromJavaScript(defined);
    } catch (e) {
        throw new Error(`${what} cannot be sent to the policy pack: ${(e as Error).message} (properties must be JSON values).`);
    }
}

/**
 * Resource options as the engine sends them: the Node server refuses a request without them
 * ("A more recent version of the Pulumi CLI is required").
 */
function optionsOf(m: ProtoModules, r: EngineResource): Message {
    const timeouts = new m.analyzer.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(0);
    timeouts.setUpdate(0);
    timeouts.setDelete(0);
    const opts = new m.analyzer.AnalyzerResourceOptions();
    opts.setProtect(r.protect ?? false);
    opts.setIgnorechangesList([]);
    opts.setDeletebeforereplace(false);
    opts.setDeletebeforereplacedefined(false);
    opts.setAdditionalsecretoutputsList([]);
    opts.setAliasesList([]);
    opts.setCustomtimeouts(timeouts);
    if (r.parent) {
        opts.setParent(r.parent);
    }
    return opts;
}

function providerOf(m: ProtoModules, r: EngineResource): Message | undefined {
    if (!r.provider) {
        return undefined;
    }
    const p = new m.analyzer.AnalyzerProviderResource();
    p.setType(r.provider.type);
    p.setName(r.provider.name);
    p.setUrn(r.provider.urn);
    p.setProperties(structOf(m, r.provider.inputs, `The provider of ${r.urn}`));
    return p;
}

/** Analyze's request: the resource's inputs. */
export function analyzeRequestOf(m: ProtoModules, r: EngineResource): Message {
    const req = new m.analyzer.AnalyzeRequest();
    req.setType(r.type);
    req.setProperties(structOf(m, r.inputs, `The inputs of ${r.urn}`));
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setOptions(optionsOf(m, r));
    const provider = providerOf(m, r);
    if (provider) {
        req.setProvider(provider);
    }
    return req;
}

/** AnalyzeStack's request: every resource's outputs with its parent and dependencies. */
export function analyzeStackRequestOf(m: ProtoModules, resources: readonly EngineResource[]): Message {
    const req = new m.analyzer.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map(r => {
            const res = new m.analyzer.AnalyzerResource();
            res.setType(r.type);
            res.setProperties(structOf(m, r.outputs, `The outputs of ${r.urn}`));
            res.setUrn(r.urn);
            res.setName(r.name);
            res.setOptions(optionsOf(m, r));
            const provider = providerOf(m, r);
            if (provider) {
                res.setProvider(provider);
            }
            if (r.parent) {
                res.setParent(r.parent);
            }
            res.setDependenciesList([...r.dependencies]);
            const deps = res.getPropertydependenciesMap();
            for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                const d = new m.analyzer.AnalyzerPropertyDependencies();
                d.setUrnsList([...urns]);
                deps.set(key, d);
            }
            return res;
        }),
    );
    return req;
}

/**
 * Configure's request: every entry as the engine sends it (config.ts resolvePolicyConfig), `all`
 * and names the pack does not have included; the server stores them all (server.ts configure).
 */
export function configureRequestOf(m: ProtoModules, config: PackConfig): Message {
    const req = new m.analyzer.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
        const pc = new m.analyzer.PolicyConfig();
        pc.setEnforcementlevel(levelNumber(c.enforcementLevel));
        // Always set: the server reads `getProperties().toJavaScript()` unguarded.
        pc.setProperties(structOf(m, c.properties, `The config of '${name}'`));
        map.set(name, pc);
    }
    return req;
}

export interface StackContext {
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
}

/** ConfigureStack's request: a preview of a stack without config or tags. */
export function configureStackRequestOf(m: ProtoModules, ctx: StackContext): Message {
    const req = new m.analyzer.AnalyzerStackConfigureRequest();
    req.setProject(ctx.project);
    req.setStack(ctx.stack);
    req.setOrganization(ctx.organization);
    req.setDryRun(true);
    return req;
}

/** An AnalyzeResponse in the model's terms. */
export function analyzeResultOf(resp: Message): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d: Message) => {
            const urn: string = d.getUrn();
            return {
                policyName: d.getPolicyname(),
                message: d.getMessage(),
                enforcementLevel: levelName(d.getEnforcementlevel()),
                ...(urn ? { urn } : {}),
            };
        }),
        notApplicable: resp.getNotApplicableList().map((n: Message) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

/** What GetAnalyzerInfo says of the pack (analyzer_plugin.go GetAnalyzerInfo L491-586). */
export interface AnalyzerInfo {
    readonly name: string;
    readonly version: string;
    readonly displayName: string;
    readonly supportsConfig: boolean;
    readonly policies: readonly (PolicyInfo & { readonly description: string; readonly type: "resource" | "stack" | "unknown" })[];
    /** The pack's own config, applied before the file (ReconcilePolicyPackConfig). */
    readonly initialConfig: ParsedConfig;
}

export function analyzerInfoOf(m: ProtoModules, info: Message): AnalyzerInfo {
    const types = m.analyzer.PolicyType;
    const supportsConfig: boolean = info.getSupportsconfig();
    const initialConfig = new Map<string, ConfigEntry>();
    info.getInitialconfigMap().forEach((c: Message, name: string) => {
        const props = c.getProperties()?.toJavaScript() ?? {};
        initialConfig.set(name, { enforcementLevel: levelName(c.getEnforcementlevel()), ...(Object.keys(props).length ? { properties: props } : {}) });
    });
    return {
        name: info.getName(),
        version: info.getVersion(),
        displayName: info.getDisplayname(),
        supportsConfig,
        initialConfig,
        policies: info.getPoliciesList().map((p: Message) => {
            const t = p.getPolicyType();
            const schema = p.getConfigschema();
            // The engine reads a schema only from a pack that supports config (L519-533).
            const configSchema = supportsConfig
                ? { properties: (schema?.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>, required: schema ? (schema.getRequiredList() as string[]) : [] }
                : undefined;
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelName(p.getEnforcementlevel()),
                ...(configSchema ? { configSchema } : {}),
                type: t === types.POLICY_TYPE_RESOURCE ? "resource" : t === types.POLICY_TYPE_STACK ? "stack" : "unknown",
            };
        }),
    };
}
