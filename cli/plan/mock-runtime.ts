/**
 * Runs a Pulumi program under the SDK's mock runtime (pulumi.runtime.setMocks), the official
 * unit-test path, and records every registration the way the engine would hand it to a policy
 * pack: type, name, URN, parent, wire-form inputs, outputs, dependencies and property
 * dependencies. No CLI, no credentials, no cloud.
 */
import type * as pulumiType from "@pulumi/pulumi";
import { EngineResource } from "../engine/model";
import { toAnalyzerWire } from "../engine/wire";
import { fakeOutputs, mockCall } from "./mock-cloud";

export interface RecordedResource extends EngineResource {
    /** False for component resources (and the stack). */
    readonly custom: boolean;
}

export interface MockRunOptions {
    readonly project: string;
    readonly stack: string;
    /** Stack config, as `project:key` (or `namespace:key`) → string value. */
    readonly config?: Readonly<Record<string, string>>;
    /** Evaluate as `pulumi preview` does (unknown computed values): default true. */
    readonly preview?: boolean;
    /**
     * The outputs of the stacks the program reads through a StackReference, by fully qualified
     * stack name ("<org>/<project>/<stack>"): what `pulumi stack output` of that stack would show.
     * A reference to a stack not given here fails, naming it.
     */
    readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** What a program run under mocks registered, and the stack outputs it exported. */
export interface MockRun {
    readonly resources: RecordedResource[];
    /** The program's exports, resolved (undefined where unknown during preview). */
    readonly outputs: Record<string, unknown>;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A StackReference's state: the referenced stack's outputs (the SDK reads `outputs` and `secretOutputNames`). */
function stackReferenceState(name: string, options: MockRunOptions): Record<string, unknown> {
    const outputs = options.stackOutputs?.[name];
    if (outputs === undefined) {
        const known = Object.keys(options.stackOutputs ?? {});
        throw new Error(`the program references the stack ${name}, whose outputs were not given${known.length ? ` (given: ${known.join(", ")})` : ""}: pass them as the cluster stack's outputs`);
    }
    return { name, outputs: { ...outputs }, secretOutputNames: "kubeconfig" in outputs ? ["kubeconfig"] : [] };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProtect(): boolean;
    getProvider(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (v: { getUrnsList(): string[] }, k: string) => void): void };
}

interface RegisterResponse {
    getUrn(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: Error | null, resp?: RegisterResponse) => void;

let loaded: typeof pulumiType | undefined;
function pulumi(): typeof pulumiType {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded ??= require("@pulumi/pulumi") as typeof pulumiType;
    return loaded;
}

/**
 * Runs `program` inside a Pulumi stack under mocks and returns what it registered, in
 * registration order. Errors thrown by the program (validation of component args) propagate.
 */
export async function runUnderMocks(program: () => unknown, options: MockRunOptions): Promise<RecordedResource[]> {
    return (await runProgramUnderMocks(async () => void (await program()), options)).resources;
}

/** runUnderMocks, also returning the stack outputs the program exported. */
export async function runProgramUnderMocks(program: () => unknown, options: MockRunOptions): Promise<MockRun> {
    const sdk = pulumi();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const settings = require("@pulumi/pulumi/runtime/settings");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const config = require("@pulumi/pulumi/runtime/config");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const stack = require("@pulumi/pulumi/runtime/stack");

    config.setAllConfig({ ...(options.config ?? {}) }, []);
    await sdk.runtime.setMocks(
        {
            newResource: args =>
                args.type === STACK_REFERENCE
                    ? { id: args.id ?? args.name, state: stackReferenceState(String(args.inputs["name"] ?? args.name), options) }
                    : { id: args.custom === false ? undefined : `${args.name}-id`, state: fakeOutputs(args.type, args.name, args.inputs) },
            call: args => mockCall(args.token, args.inputs),
        },
        options.project,
        options.stack,
        options.preview ?? true,
    );

    const recorded: RecordedResource[] = [];
    const providers = new Map<string, RecordedResource>();
    const monitor = settings.getMonitor() as { registerResource(req: RegisterRequest, cb: Callback): Promise<void> };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, cb: Callback) =>
        original(req, (err, resp) => {
            if (!err && resp) {
                const r = recordOf(req, resp, providers);
                recorded.push(r);
                if (r.type.startsWith("pulumi:providers:")) {
                    providers.set(`${r.urn}::${r.name}-id`, r);
                }
            }
            cb(err, resp);
        });

    // The language host fails the program on any unhandled rejection (an apply that throws inside a
    // resource's inputs ends there), @pulumi/pulumi cmd/run/run.ts: the same here, or such a
    // failure would pass unseen.
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    let value: unknown;
    try {
        await stack.runInPulumiStack(async () => (value = await program()));
        await settings.waitForRPCs();
        // Let rejections of the last turn surface.
        await new Promise(resolve => setImmediate(resolve));
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (rejections.length > 0) {
        throw rejections[0] instanceof Error ? rejections[0] : new Error(String(rejections[0]));
    }
    return { resources: recorded, outputs: await resolvedOutputs(value) };
}

function recordOf(req: RegisterRequest, resp: RegisterResponse, providers: ReadonlyMap<string, RecordedResource>): RecordedResource {
    const inputs = toAnalyzerWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const outputs = toAnalyzerWire(resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const providerRef = req.getProvider();
    const provider = providerRef ? providers.get(providerRef) : undefined;
    return {
        type: req.getType(),
        name: req.getName(),
        urn: resp.getUrn(),
        custom: req.getCustom(),
        inputs,
        // During preview the engine hands stack policies the inputs propagated as outputs.
        outputs: { ...inputs, ...outputs },
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect(),
        ...(provider ? { provider: { type: provider.type, name: provider.name, urn: provider.urn, inputs: provider.inputs } } : {}),
    };
}

/**
 * The program's exports with each top-level Output resolved; a value unknown during preview reads
 * as undefined (Output.promise and isKnown are the SDK's own, used by its tests).
 */
async function resolvedOutputs(value: unknown): Promise<Record<string, unknown>> {
    if (value === null || typeof value !== "object") {
        return {};
    }
    const sdk = pulumi();
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (sdk.Output.isInstance(v)) {
            const o = v as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
            out[key] = (await o.isKnown) ? await o.promise() : undefined;
        } else {
            out[key] = v;
        }
    }
    return out;
}
