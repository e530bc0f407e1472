import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { InProcessEngine } from "../../../cli/engine/in-process";
import { packVersion } from "../../../cli/paths";
import { PACK_NAME } from "../../../policy-pack/pack";
import { POLICIES } from "../../../policy-pack/policies";
import { SHARED_PROPERTIES_SDK_VERSION, shareDeserializedProperties } from "../../../policy-pack/lib/shared-properties";
import { reconcileConfig } from "../../../cli/engine/config";
import { loadCorpus } from "../../cli/engine/differential-harness";

/* eslint-disable @typescript-eslint/no-var-requires, @typescript-eslint/no-explicit-any */
const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: (s: unknown, proxySecrets: boolean) => any };
const server = require("@pulumi/policy/server") as { makeAnalyzeRpcFun: (...a: unknown[]) => (call: unknown, cb: (e: unknown, r: any) => void) => void };
const proxy = require("@pulumi/policy/proxy") as { getSpecialProxyTarget: string; UnknownValueError: new (...a: never[]) => Error };
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
const analyzer = require("@pulumi/pulumi/proto/analyzer_pb");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function analyzeRequest(props: Record<string, unknown>): any {
    const req = new analyzer.AnalyzeRequest();
    req.setType("kubernetes:core/v1:Pod");
    req.setUrn("urn:pulumi:s::p::kubernetes:core/v1:Pod::web");
    req.setName("web");
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(new analyzer.AnalyzerResourceOptions());
    // As the server receives it: decoded from the wire.
    return analyzer.AnalyzeRequest.deserializeBinary(req.serializeBinary());
}

/** Runs the SDK server's own Analyze handler with policies that record what they were given. */
async function analyzeWith(request: unknown, policies: unknown[]): Promise<any> {
    const analyze = server.makeAnalyzeRpcFun("pack", "1.0.0", "advisory", policies);
    return new Promise((resolve, reject) => analyze({ request }, (e, r) => (e ? reject(e) : resolve(r))));
}

describe("shareDeserializedProperties", () => {
    let original: (typeof deserialize)["deserializeProperties"];
    before(() => {
        original = deserialize.deserializeProperties;
        assert.equal(shareDeserializedProperties(), true);
    });
    after(() => {
        deserialize.deserializeProperties = original;
    });

    it("is written for the @pulumi/policy release the pack pins", () => {
        const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../policy-pack/package.json"), "utf8")).dependencies["@pulumi/policy"];
        assert.equal(`v${pinned}`, SHARED_PROPERTIES_SDK_VERSION, "re-read server.js and deserialize.js of the new release before moving the pin");
        assert.equal(require("@pulumi/policy/package.json").version, SHARED_PROPERTIES_SDK_VERSION);
    });

    it("gives every policy of one Analyze call the same deserialized properties, each behind its own proxy", async () => {
        const seen: { props: unknown; target: unknown }[] = [];
        const record = (args: { props: any }) => {
            seen.push({ props: args.props, target: args.props[proxy.getSpecialProxyTarget] });
        };
        await analyzeWith(analyzeRequest({ metadata: { name: "web" } }), [
            { name: "a", description: "a", validateResource: record },
            { name: "b", description: "b", validateResource: record },
        ]);
        assert.equal(seen.length, 2);
        assert.equal(seen[0].target, seen[1].target);
        assert.notEqual(seen[0].props, seen[1].props);
        assert.deepEqual(seen[0].target, { metadata: { name: "web" } });
    });

    it("gives separate requests separate copies", async () => {
        const targets: unknown[] = [];
        const policy = { name: "a", description: "a", validateResource: (args: { props: any }) => void targets.push(args.props[proxy.getSpecialProxyTarget]) };
        await analyzeWith(analyzeRequest({ a: 1 }), [policy]);
        await analyzeWith(analyzeRequest({ a: 2 }), [policy]);
        assert.deepEqual(targets, [{ a: 1 }, { a: 2 }]);
    });

    it("still stops every policy that reads an unknown value", async () => {
        const request = analyzeRequest({ spec: { image: UNKNOWN } });
        const reads = ["a", "b"].map(name => ({ name, description: name, validateResource: (args: { props: any }) => void args.props.spec.image }));
        const resp = await analyzeWith(request, reads);
        const messages = resp.getDiagnosticsList().map((d: any) => `${d.getPolicyname()} ${d.getEnforcementlevel()} ${d.getMessage()}`);
        assert.equal(messages.length, 2);
        for (const [i, name] of ["a", "b"].entries()) {
            assert.match(messages[i], new RegExp(`^${name} 0 can't run policy '${name}' from policy pack 'pack@v1.0.0' during preview: `));
        }
    });

    it("keeps no failure: a refused value fails again for the next caller", () => {
        const struct = Struct.fromJavaScript({ x: { "4dabf18193072939515e22adb298388d": "not-a-signature" } });
        assert.throws(() => deserialize.deserializeProperties(struct, false), /Unrecognized signature 'not-a-signature'/);
        assert.throws(() => deserialize.deserializeProperties(struct, false), /Unrecognized signature 'not-a-signature'/);
    });

    it("gives remediation a fresh copy on every call", () => {
        const struct = Struct.fromJavaScript({ a: { b: 1 } });
        const first = deserialize.deserializeProperties(struct, true);
        const second = deserialize.deserializeProperties(struct, true);
        assert.notEqual(first, second);
        assert.equal(deserialize.deserializeProperties(struct, false), deserialize.deserializeProperties(struct, false));
    });

    it("is installed once however often it is called", () => {
        const installed = deserialize.deserializeProperties;
        assert.equal(shareDeserializedProperties(), true);
        assert.equal(deserialize.deserializeProperties, installed);
    });
});

/** A view of `value` that throws on any write, at any depth. */
function readOnly<T>(value: T, where: string): T {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const fail = (what: string) => (): never => {
        throw new Error(`a policy wrote to ${where}: ${what}`);
    };
    return new Proxy(value as unknown as object, {
        get: (target, key) => {
            const v = Reflect.get(target, key);
            const d = Object.getOwnPropertyDescriptor(target, key);
            // Proxy invariant: a non-configurable, non-writable property reads as itself.
            return d && d.configurable === false && d.writable === false ? v : readOnly(v, `${where}.${String(key)}`);
        },
        set: fail("set"),
        defineProperty: fail("defineProperty"),
        deleteProperty: fail("deleteProperty"),
        setPrototypeOf: fail("setPrototypeOf"),
        preventExtensions: fail("preventExtensions"),
    }) as T;
}

describe("the pack's policies", function () {
    this.timeout(60_000);
    const CORPORA = ["workloads", "namespaces", "rbac", "misc", "preview", "malformed"];

    it("never write to the properties they read (one copy is shared by all of them)", async () => {
        const engine = new InProcessEngine({ name: PACK_NAME, version: packVersion() }, POLICIES, (props, urn) => readOnly(props, urn));
        const resources = CORPORA.flatMap(name => loadCorpus(name));
        const analysis = await engine.analyze(resources, reconcileConfig(POLICIES, undefined));
        assert.ok(analysis.resources.some(r => r.diagnostics.length > 0), "the corpora must raise findings");
        assert.ok(analysis.stack.diagnostics.length > 0, "the corpora must raise stack findings");
    });

    it("would be caught writing (the read-only view refuses a write at any depth)", () => {
        const view = readOnly({ spec: { containers: [{ name: "a" }] } }, "urn");
        assert.throws(() => {
            (view.spec.containers[0] as { name: string }).name = "b";
        }, /a policy wrote to urn\.spec\.containers\.0: set/);
        assert.throws(() => void view.spec.containers.push({ name: "c" }), /a policy wrote to urn\.spec\.containers: set/);
    });
});
