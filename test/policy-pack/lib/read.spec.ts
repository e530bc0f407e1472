import * as assert from "node:assert/strict";
import { MalformedValueError, describeType, isSet, optArray, optBoolean, optObject, optString, optStringArray, optStringMap } from "../../../policy-pack/lib/read";

function malformed(fn: () => unknown, message: string): void {
    assert.throws(fn, (e: unknown) => e instanceof MalformedValueError && e.message === message);
}

describe("read", () => {
    it("describes every JSON type for messages", () => {
        const cases: [unknown, string][] = [
            [null, "null"],
            [[], "an array"],
            [{}, "an object"],
            ["x", "a string"],
            [1, "a number"],
            [true, "a boolean"],
            [undefined, "a undefined"],
        ];
        for (const [value, text] of cases) {
            assert.equal(describeType(value), text);
        }
    });

    it("reads null and undefined as unset, and nothing else", () => {
        for (const value of [null, undefined]) {
            assert.equal(isSet(value), false);
        }
        for (const value of [0, "", false, [], {}]) {
            assert.equal(isSet(value), true);
        }
    });

    it("reads an unset value as absent", () => {
        for (const value of [null, undefined]) {
            assert.equal(optObject(value, "p"), undefined);
            assert.deepEqual(optArray(value, "p"), []);
            assert.equal(optString(value, "p"), undefined);
            assert.equal(optBoolean(value, "p"), undefined);
            assert.deepEqual(optStringMap(value, "p"), new Map());
            assert.deepEqual(optStringArray(value, "p"), []);
        }
    });

    it("returns a well-typed value as is", () => {
        const obj = { a: 1 };
        const arr = [1];
        assert.equal(optObject(obj, "p"), obj);
        assert.equal(optArray(arr, "p"), arr);
        assert.equal(optString("", "p"), "");
        assert.equal(optBoolean(false, "p"), false);
        assert.deepEqual(optStringMap({ a: "1", b: null }, "p"), new Map([["a", "1"]]));
        assert.deepEqual(optStringArray(["a", "b"], "p"), ["a", "b"]);
    });

    it("raises MalformedValueError naming the path, the expected type and the actual one", () => {
        malformed(() => optObject([], "spec"), "`spec` must be an object, not an array");
        malformed(() => optObject("x", "spec"), "`spec` must be an object, not a string");
        malformed(() => optArray({}, "spec.containers"), "`spec.containers` must be an array, not an object");
        malformed(() => optArray("x", "spec.containers"), "`spec.containers` must be an array, not a string");
        malformed(() => optString(1, "image"), "`image` must be a string, not a number");
        malformed(() => optBoolean("true", "readOnlyRootFilesystem"), "`readOnlyRootFilesystem` must be a boolean, not a string");
        malformed(() => optStringMap([], "metadata.labels"), "`metadata.labels` must be an object, not an array");
        malformed(() => optStringMap({ a: 1 }, "metadata.labels"), "`metadata.labels.a` must be a string, not a number");
        malformed(() => optStringArray("*", "verbs"), "`verbs` must be an array, not a string");
        malformed(() => optStringArray(["get", null], "verbs"), "`verbs[1]` must be a string, not null");
        malformed(() => optStringArray([1], "verbs"), "`verbs[0]` must be a string, not a number");
    });

    it("keeps the parts of the error for callers", () => {
        const e = new MalformedValueError("a.b", "an object", 5);
        assert.equal(e.name, "MalformedValueError");
        assert.equal(e.path, "a.b");
        assert.equal(e.expected, "an object");
        assert.equal(e.actual, 5);
    });
});
