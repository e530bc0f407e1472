import * as assert from "node:assert/strict";
import {
    Json,
    SECRET_TYPE,
    analyze,
    assertClean,
    assertFindings,
    hardenedSecret,
    policyNamed,
    resource,
    stackWith,
    tweaked,
    validateResource,
} from "../../helpers/policy";

const POLICY = "k8s-secret-disallow-literal-data";
const MUST = "Secret 'web-credentials' must come from an external secrets manager (ExternalSecret), not literal";

function secret(change: (s: Json) => void) {
    return stackWith(resource(SECRET_TYPE, "secret", tweaked(hardenedSecret(), change)));
}

describe(POLICY, () => {
    it("passes a Secret without literal data under every policy of the pack", async () => {
        assertClean(await analyze(stackWith(resource(SECRET_TYPE, "secret", hardenedSecret()))));
    });

    const cases: { it: string; change: (s: Json) => void; fields: string }[] = [
        { it: "reports, as advisory, literal data", change: s => (s.data = { password: "aHVudGVyMg==" }), fields: "data" },
        { it: "reports literal stringData", change: s => (s.stringData = { password: "hunter2" }), fields: "stringData" },
        {
            it: "names both fields",
            change: s => {
                s.data = { a: "YQ==" };
                s.stringData = { b: "b" };
            },
            fields: "data and stringData",
        },
        { it: "reports data that a state file holds encrypted", change: s => (s.data = "[secret]"), fields: "data" },
    ];
    for (const c of cases) {
        it(c.it, async () => {
            assertFindings(await analyze(secret(c.change)), [{ policy: POLICY, level: "advisory", parts: [`${MUST} ${c.fields}.`] }]);
        });
    }

    it("passes empty data", async () => {
        assertClean(await analyze(secret(s => (s.data = {}))));
    });

    it("passes keys whose values are empty (placeholders, not data)", async () => {
        assertClean(await analyze(secret(s => (s.data = { csrf: "" }))));
        assertClean(await analyze(secret(s => (s.stringData = { token: "", other: null }))));
    });

    it("reports a key with a value beside empty ones", async () => {
        assertFindings(await analyze(secret(s => (s.data = { csrf: "", key: "YQ==" }))), [{ policy: POLICY, level: "advisory", parts: [`${MUST} data.`] }]);
    });

    for (const [field, value, expected] of [
        ["data", "cGFzc3dvcmQ=", "a string"],
        ["stringData", ["hunter2"], "an array"],
    ] as const) {
        it(`reports wrong-typed ${field} as a violation`, async () => {
            const props = tweaked(hardenedSecret(), s => (s[field] = value));
            assert.deepEqual(await validateResource(policyNamed(POLICY), { type: SECRET_TYPE, name: "secret", props }), {
                reports: [{ message: `Secret 'web-credentials' cannot be verified: \`${field}\` must be an object, not ${expected}.` }],
            });
        });
    }
});
