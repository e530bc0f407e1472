"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runUnderMocks = runUnderMocks;
const wire_1 = require("../engine/wire");
const mock_cloud_1 = require("./mock-cloud");
let loaded;
function pulumi() {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded ??= require("@pulumi/pulumi");
    return loaded;
}
/**
 * Runs `program` inside a Pulumi stack under mocks and returns what it registered, in
 * registration order. Errors thrown by the program (validation of component args) propagate.
 */
async function runUnderMocks(program, options) {
    const sdk = pulumi();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const settings = require("@pulumi/pulumi/runtime/settings");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const config = require("@pulumi/pulumi/runtime/config");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const stack = require("@pulumi/pulumi/runtime/stack");
    config.setAllConfig({ ...(options.config ?? {}) }, []);
    await sdk.runtime.setMocks({
        newResource: args => ({ id: args.custom === false ? undefined : `${args.name}-id`, state: (0, mock_cloud_1.fakeOutputs)(args.type, args.name, args.inputs) }),
        call: args => (0, mock_cloud_1.mockCall)(args.token, args.inputs),
    }, options.project, options.stack, options.preview ?? true);
    const recorded = [];
    const providers = new Map();
    const monitor = settings.getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => original(req, (err, resp) => {
        if (!err && resp) {
            const r = recordOf(req, resp, providers);
            recorded.push(r);
            if (r.type.startsWith("pulumi:providers:")) {
                providers.set(`${r.urn}::${r.name}-id`, r);
            }
        }
        cb(err, resp);
    });
    await stack.runInPulumiStack(async () => {
        await program();
    });
    await settings.waitForRPCs();
    return recorded;
}
function recordOf(req, resp, providers) {
    const inputs = (0, wire_1.toAnalyzerWire)(req.getObject()?.toJavaScript() ?? {});
    const outputs = (0, wire_1.toAnalyzerWire)(resp.getObject()?.toJavaScript() ?? {});
    const propertyDependencies = {};
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
//# sourceMappingURL=mock-runtime.js.map