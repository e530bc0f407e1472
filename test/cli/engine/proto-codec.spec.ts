import * as assert from "node:assert/strict";
import { analyzeRequestOf, analyzeResultOf, analyzeStackRequestOf, protoModules } from "../../../cli/engine/grpc-messages";
import { EngineResource } from "../../../cli/engine/model";
import { decodeAnalyzeResponse, encodeAnalyzeRequest, encodeAnalyzeStackRequest, encodeStruct } from "../../../cli/engine/proto-codec";
import { loadCorpus } from "./differential-harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const m = protoModules();
const CORPORA = ["workloads", "namespaces", "rbac", "misc", "preview", "malformed"];

function resource(inputs: Record<string, unknown>, extra: Partial<EngineResource> = {}): EngineResource {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        urn: "urn:pulumi:offline::hcb::kubernetes:apps/v1:Deployment::web",
        inputs,
        outputs: inputs,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    };
}

/** What google-protobuf writes for the message grpc-messages.ts builds. */
function jspbRequest(r: EngineResource): Buffer {
    return Buffer.from(analyzeRequestOf(m, r).serializeBinary());
}

function jspbStack(rs: readonly EngineResource[]): Buffer {
    return Buffer.from(analyzeStackRequestOf(m, rs).serializeBinary());
}

/** Values on which google-protobuf's bytes are easy to get wrong: every kind, order and size. */
const EDGE_VALUES: Record<string, unknown> = {
    zero: 0,
    negativeZero: -0,
    nan: NaN,
    infinity: Infinity,
    minusInfinity: -Infinity,
    subnormal: 5e-324,
    small: 2.2250738585072014e-308,
    largest: Number.MAX_VALUE,
    safe: Number.MAX_SAFE_INTEGER,
    fraction: -1.5,
    third: 1 / 3,
    yes: true,
    no: false,
    nothing: null,
    empty: "",
    emptyObject: {},
    emptyList: [],
    nested: [[], [{}], [null, [1, "a"]]],
    unicode: "é 中文 🙂 \u0000 \u007f \u0080 \u07ff \u0800 \uffff",
    long: "x".repeat(20_000),
    wide: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
    Zebra: "upper case sorts first",
    "": "the empty key",
    "ключ": "a key past ASCII",
    "a.b/c": { "b": 1, "a": 2, "B": 3, "_": 4, "10": 5, "9": 6 },
};

describe("proto-codec", () => {
    describe("encodeAnalyzeRequest", () => {
        it("writes google-protobuf's exact bytes for every resource of the corpora", () => {
            let n = 0;
            for (const name of CORPORA) {
                for (const r of loadCorpus(name)) {
                    const bytes = encodeAnalyzeRequest(r);
                    if (bytes) {
                        assert.deepEqual(bytes, jspbRequest(r), `${name}: ${r.urn}`);
                        n++;
                    }
                }
            }
            assert.ok(n > 100, `only ${n} corpus resources were encoded directly`);
        });

        it("writes google-protobuf's exact bytes for every kind of value, key order and length", () => {
            const r = resource({ ...EDGE_VALUES, dropped: undefined });
            assert.deepEqual(encodeAnalyzeRequest(r), jspbRequest(r));
        });

        it("writes the options, parent and provider as the engine's messages hold them", () => {
            const withAll = resource(
                { spec: { replicas: 2 } },
                {
                    protect: true,
                    parent: "urn:pulumi:offline::hcb::hardened:k8s:Baseline::base",
                    provider: { type: "pulumi:providers:kubernetes", name: "k8s", urn: "urn:pulumi:offline::hcb::pulumi:providers:kubernetes::k8s", inputs: { kubeconfig: "x", nested: { a: [1] } } },
                },
            );
            assert.deepEqual(encodeAnalyzeRequest(withAll), jspbRequest(withAll));
            const bare = resource({}, { type: "", name: "", urn: "" });
            assert.deepEqual(encodeAnalyzeRequest(bare), jspbRequest(bare));
        });

        it("leaves to google-protobuf what it encodes its own way, which then gives its own result or error", () => {
            const cases: Record<string, unknown>[] = [
                { lone: "\ud800x" },
                { [`k\udc00`]: 1 },
                { nested: { missing: undefined } },
                { list: [1, undefined] },
                { when: new Date(0) },
                { fn: () => 1 },
            ];
            for (const inputs of cases) {
                assert.equal(encodeAnalyzeRequest(resource(inputs)), undefined, JSON.stringify(Object.keys(inputs)));
            }
            assert.equal(encodeAnalyzeRequest(resource({}, { name: "\ud83d" })), undefined);
        });

        it("encodes an object without a prototype as the plain object it is", () => {
            const bare = Object.assign(Object.create(null), { b: 1, a: "x" }) as Record<string, unknown>;
            const r = resource({ bare });
            assert.deepEqual(encodeAnalyzeRequest(r), jspbRequest(r));
        });

        it("reuses one encoding per properties object", () => {
            const props = { a: 1 };
            assert.equal(encodeStruct(props), encodeStruct(props));
        });
    });

    describe("encodeAnalyzeStackRequest", () => {
        it("writes google-protobuf's exact bytes for each corpus as a stack", () => {
            for (const name of CORPORA) {
                const rs = loadCorpus(name);
                const bytes = encodeAnalyzeStackRequest(rs);
                if (name !== "malformed") {
                    assert.ok(bytes, `${name} must be encoded directly`);
                }
                if (bytes) {
                    assert.deepEqual(bytes, jspbStack(rs), name);
                }
            }
        });

        it("writes parents, dependencies and property dependencies in google-protobuf's order", () => {
            const rs = [
                resource({ a: 1 }, { outputs: { a: 2, z: [true] }, parent: "urn:p", dependencies: ["urn:b", "", "urn:a"], propertyDependencies: { zeta: ["urn:z"], alpha: [], Beta: ["urn:1", "urn:2"] } }),
                resource(EDGE_VALUES, { urn: "urn:other", protect: true }),
            ];
            assert.deepEqual(encodeAnalyzeStackRequest(rs), jspbStack(rs));
            assert.deepEqual(encodeAnalyzeStackRequest([]), jspbStack([]));
        });

        it("leaves the whole stack to google-protobuf when one resource needs it", () => {
            assert.equal(encodeAnalyzeStackRequest([resource({ a: 1 }), resource({ b: { c: undefined } }, { urn: "urn:b" })]), undefined);
        });
    });

    describe("decodeAnalyzeResponse", () => {
        function diagnostic(name: string, level: number, urn?: string): any {
            const d = new m.analyzer.AnalyzeDiagnostic();
            d.setPolicyname(name);
            d.setPolicypackname("pack");
            d.setPolicypackversion("1.0.0");
            d.setDescription("What must hold.");
            d.setMessage(`What must hold.\n${name} is wrong: é 🙂`);
            d.setEnforcementlevel(level);
            d.setSeverity(3);
            if (urn) d.setUrn(urn);
            return d;
        }
        function note(name: string, reason?: string): any {
            const n = new m.analyzer.PolicyNotApplicable();
            n.setPolicyName(name);
            if (reason !== undefined) n.setReason(reason);
            return n;
        }
        function response(diags: any[], notes: any[]): Buffer {
            const resp = new m.analyzer.AnalyzeResponse();
            resp.setDiagnosticsList(diags);
            resp.setNotApplicableList(notes);
            return Buffer.from(resp.serializeBinary());
        }
        const jspb = (b: Buffer) => analyzeResultOf(m.analyzer.AnalyzeResponse.deserializeBinary(new Uint8Array(b)));

        it("reads what google-protobuf reads", () => {
            const cases = [
                response([], []),
                response([diagnostic("a", 0), diagnostic("b", 1, "urn:x"), diagnostic("c", 3)], []),
                response([], [note("a", "Policy only applies to resources of type 'x'"), note("b"), note("c", "")]),
                response([diagnostic("d", 2)], [note("e", "why")]),
            ];
            for (const b of cases) {
                assert.deepEqual(decodeAnalyzeResponse(b), jspb(b));
            }
        });

        it("reads interleaved diagnostics and notes as google-protobuf does", () => {
            const d1 = response([diagnostic("a", 1)], []);
            const n1 = response([], [note("b", "r")]);
            const d2 = response([diagnostic("c", 0, "urn:c")], []);
            const mixed = Buffer.concat([d1, n1, d2, n1]);
            assert.deepEqual(decodeAnalyzeResponse(mixed), jspb(mixed));
        });

        it("shares one list between responses with the same notes, and keeps different ones apart", () => {
            const notes = [note("a", "x"), note("b", "y")];
            const first = decodeAnalyzeResponse(response([], notes));
            const second = decodeAnalyzeResponse(response([diagnostic("z", 1)], notes));
            assert.equal(second.notApplicable, first.notApplicable);
            assert.deepEqual(second.diagnostics, jspb(response([diagnostic("z", 1)], notes)).diagnostics);
            const other = decodeAnalyzeResponse(response([], [note("a", "x"), note("b", "y2")]));
            assert.deepEqual(other.notApplicable, [{ policyName: "a", reason: "x" }, { policyName: "b", reason: "y2" }]);
        });

        it("refuses an enforcement level the protocol does not define, as analyzeResultOf does", () => {
            const b = response([diagnostic("a", 7)], []);
            assert.throws(() => jspb(b), /enforcement level 7/);
            assert.throws(() => decodeAnalyzeResponse(b), /The policy pack answered with enforcement level 7, which pulumirpc.EnforcementLevel does not define./);
        });
    });
});
