/**
 * Policy config as the Pulumi engine treats it. The tables follow the engine's own tests
 * (pulumi/pulumi 1b59498, pkg/resource/analyzer/config_test.go, lines cited per table) and the
 * rules of config.go / analyzer_plugin.go cited in cli/engine/config.ts.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, PolicyInfo, goValue, ownPack, parsePolicyPackConfig, policyInfosOf, reconcileConfig, resolvePolicyConfig } from "../../../cli/engine/config";
import { PackConfig } from "../../../cli/engine/model";
import { POLICIES } from "../../../policy-pack/policies";
import { MIN_JUSTIFICATION_LENGTH } from "../../../policy-pack/lib/exemptions";

const LABELS = "k8s-namespace-require-pod-security-labels";
const LIMITS = "k8s-workload-require-resource-limits";
const REGISTRIES = "k8s-workload-restrict-image-registries";
const WHY = "w".repeat(MIN_JUSTIFICATION_LENGTH);
const PACK = { name: "test-pack", version: "1.0.0", path: "./pack" };

function resolve(policies: readonly PolicyInfo[], file: unknown, initialConfig?: Map<string, { enforcementLevel: "" | "advisory" | "mandatory" | "disabled" | "remediate" }>) {
    return resolvePolicyConfig(policies, file, { where: "pack.json", pack: PACK, initialConfig });
}

function configError(run: () => unknown, message: string | RegExp): void {
    assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        if (typeof message === "string") {
            assert.equal(e.message, message);
        } else {
            assert.match(e.message, message);
        }
        return true;
    });
}

/** The schema defaults of a policy, read from its schema. */
function defaultsOf(name: string): Record<string, unknown> {
    const p = POLICIES.find(x => x.name === name)!;
    return Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
}

describe("parsePolicyPackConfig", () => {
    // config_test.go L34-95 and L114-179: what parses, and to what.
    const parsed: { json: string; expected: Record<string, unknown> }[] = [
        { json: `{}`, expected: {} },
        { json: `{"foo":{"enforcementLevel":"advisory"}}`, expected: { foo: { enforcementLevel: "advisory" } } },
        { json: `{"foo":{"enforcementLevel":"mandatory"}}`, expected: { foo: { enforcementLevel: "mandatory" } } },
        { json: `{"foo":{"enforcementLevel":"advisory","bar":"blah"}}`, expected: { foo: { enforcementLevel: "advisory", properties: { bar: "blah" } } } },
        { json: `{"foo":{}}`, expected: {} },
        { json: `{"foo":{"bar":"blah"}}`, expected: { foo: { enforcementLevel: "", properties: { bar: "blah" } } } },
        { json: `{"foo":"advisory"}`, expected: { foo: { enforcementLevel: "advisory" } } },
        {
            json: `{"all":"mandatory","policy1":{"foo":"one"},"policy2":{"foo":"two"}}`,
            expected: { all: { enforcementLevel: "mandatory" }, policy1: { enforcementLevel: "", properties: { foo: "one" } }, policy2: { enforcementLevel: "", properties: { foo: "two" } } },
        },
        { json: `null`, expected: {} },
    ];
    for (const c of parsed) {
        it(`reads ${c.json}`, () => {
            assert.deepEqual(Object.fromEntries(parsePolicyPackConfig(JSON.parse(c.json), "f")), c.expected);
        });
    }

    // config_test.go L181-212 (every one fails) and L345-393 (the messages of extractEnforcementLevel).
    const refused: { json: string; message: string }[] = [
        { json: `{"foo":[]}`, message: `f: parsing "foo": [] is not a valid value; must be a string or object` },
        { json: `{"foo":null}`, message: `f: parsing "foo": <nil> is not a valid value; must be a string or object` },
        { json: `{"foo":0}`, message: `f: parsing "foo": 0 is not a valid value; must be a string or object` },
        { json: `{"foo":true}`, message: `f: parsing "foo": true is not a valid value; must be a string or object` },
        { json: `{"foo":""}`, message: `f: parsing enforcement level for "foo": "" is not a valid enforcement level (use one of advisory, mandatory, remediate, disabled)` },
        { json: `{"foo":"bar"}`, message: `f: parsing enforcement level for "foo": "bar" is not a valid enforcement level (use one of advisory, mandatory, remediate, disabled)` },
        { json: `{"foo":{"enforcementLevel":[]}}`, message: `f: parsing enforcement level for "foo": [] is not a valid enforcement level; must be a string` },
        { json: `{"foo":{"enforcementLevel":null}}`, message: `f: parsing enforcement level for "foo": <nil> is not a valid enforcement level; must be a string` },
        { json: `{"foo":{"enforcementLevel":1}}`, message: `f: parsing enforcement level for "foo": 1 is not a valid enforcement level; must be a string` },
        { json: `{"foo":{"enforcementLevel":{}}}`, message: `f: parsing enforcement level for "foo": map[] is not a valid enforcement level; must be a string` },
        { json: `{"foo":{"enforcementLevel":""}}`, message: `f: parsing enforcement level for "foo": "" is not a valid enforcement level (use one of advisory, mandatory, remediate, disabled)` },
        { json: `{"foo":{"enforcementLevel":"bar"}}`, message: `f: parsing enforcement level for "foo": "bar" is not a valid enforcement level (use one of advisory, mandatory, remediate, disabled)` },
        { json: `["all"]`, message: "f: json: cannot unmarshal array into Go value of type map[string]interface {}" },
        { json: `"mandatory"`, message: "f: json: cannot unmarshal string into Go value of type map[string]interface {}" },
        { json: `{"environments":["prod"]}`, message: "f: `environments` (Pulumi ESC) cannot be resolved offline; inline the settings instead." },
    ];
    for (const c of refused) {
        it(`refuses ${c.json}`, () => {
            configError(() => parsePolicyPackConfig(JSON.parse(c.json), "f"), c.message);
        });
    }

    it("prints values as Go's %v does", () => {
        assert.deepEqual([1, 1.5, 1e21, 1e-5, 123456789].map(goValue), ["1", "1.5", "1e+21", "1e-05", "123456789"]);
        assert.equal(goValue({ b: [1, "x"], a: null }), "map[a:<nil> b:[1 x]]");
    });
});

describe("resolvePolicyConfig", () => {
    const one = (enforcementLevel: PolicyInfo["enforcementLevel"], configSchema?: PolicyInfo["configSchema"]): PolicyInfo[] => [{ name: "policy", enforcementLevel, ...(configSchema ? { configSchema } : {}) }];

    // config_test.go L395-922 (TestReconcilePolicyPackConfigSuccess) and L924-1052 (initial config).
    const reconciled: { it: string; policies: PolicyInfo[]; file?: unknown; initial?: Map<string, { enforcementLevel: "" | "advisory" | "mandatory" | "disabled" }>; expected: PackConfig }[] = [
        { it: "uses the default level (L405)", policies: one("mandatory"), expected: { policy: { enforcementLevel: "mandatory", properties: {} } } },
        { it: "uses the level given (L419)", policies: one("mandatory"), file: { policy: "advisory" }, expected: { policy: { enforcementLevel: "advisory", properties: {} } } },
        {
            it: "takes the level of `all` and keeps `all` as an entry (L438)",
            policies: one("disabled"),
            file: { all: "mandatory" },
            expected: { all: { enforcementLevel: "mandatory", properties: {} }, policy: { enforcementLevel: "mandatory", properties: {} } },
        },
        {
            it: "prefers the policy's own level to `all`'s (L489)",
            policies: one("disabled"),
            file: { all: "mandatory", policy: "advisory" },
            expected: { all: { enforcementLevel: "mandatory", properties: {} }, policy: { enforcementLevel: "advisory", properties: {} } },
        },
        {
            it: "uses schema defaults (L514, L539)",
            policies: one("advisory", { properties: { foo: { type: "string", default: "bar" }, n: { type: "number", default: 42 } } }),
            expected: { policy: { enforcementLevel: "advisory", properties: { foo: "bar", n: 42 } } },
        },
        {
            it: "lets the file override a default (L564)",
            policies: one("advisory", { properties: { foo: { type: "string", default: "bar" } } }),
            file: { policy: { foo: "baz" } },
            expected: { policy: { enforcementLevel: "advisory", properties: { foo: "baz" } } },
        },
        {
            it: "satisfies `required` with a default (L597)",
            policies: one("advisory", { properties: { foo: { type: "string", default: "bar" } }, required: ["foo"] }),
            expected: { policy: { enforcementLevel: "advisory", properties: { foo: "bar" } } },
        },
        {
            it: "applies initial config, then the file over it (L935, L953)",
            policies: one("mandatory"),
            initial: new Map([["policy", { enforcementLevel: "mandatory" as const }]]),
            file: { policy: "advisory" },
            expected: { policy: { enforcementLevel: "advisory", properties: {} } },
        },
        {
            it: "applies an initial `all`, then the file for one policy (L976)",
            policies: [
                { name: "policy-one", enforcementLevel: "advisory" },
                { name: "policy-three", enforcementLevel: "advisory" },
            ],
            initial: new Map([["all", { enforcementLevel: "mandatory" as const }]]),
            file: { "policy-three": "advisory" },
            expected: {
                all: { enforcementLevel: "mandatory", properties: {} },
                "policy-one": { enforcementLevel: "mandatory", properties: {} },
                "policy-three": { enforcementLevel: "advisory", properties: {} },
            },
        },
        // applyConfig L340-348: `all` gives nothing but its level; its other settings stay in its own entry.
        {
            it: "gives `all`'s settings to no policy (config.go L340-348)",
            policies: one("advisory", { properties: { exemptions: { type: "array" } } }),
            file: { all: { enforcementLevel: "mandatory", exemptions: [{ name: "x", justification: WHY }] } },
            expected: {
                all: { enforcementLevel: "mandatory", properties: { exemptions: [{ name: "x", justification: WHY }] } },
                policy: { enforcementLevel: "mandatory", properties: {} },
            },
        },
        // applyConfig L349-370 adds every entry under its own key, known to the pack or not.
        {
            it: "passes an unknown name that has a level through (config.go L349-370)",
            policies: one("advisory"),
            file: { polciy: { enforcementLevel: "mandatory", x: 1 } },
            expected: { policy: { enforcementLevel: "advisory", properties: {} }, polciy: { enforcementLevel: "mandatory", properties: { x: 1 } } },
        },
        {
            it: "keeps a policy's level when its entry sets only properties (L362-365)",
            policies: one("mandatory", { properties: { foo: { type: "string" }, bar: { type: "string", default: "d" } } }),
            file: { policy: { foo: "x" } },
            expected: { policy: { enforcementLevel: "mandatory", properties: { bar: "d", foo: "x" } } },
        },
    ];
    for (const c of reconciled) {
        it(c.it, () => {
            assert.deepEqual(resolve(c.policies, c.file, c.initial).config, c.expected);
        });
    }

    // config_test.go L1054-1293 (validation), reported as update.go L1040-1060 does.
    const invalid: { it: string; policies: PolicyInfo[]; file?: unknown; message: string }[] = [
        {
            it: "a required property not set (L1064)",
            policies: [{ name: "foo-policy", enforcementLevel: "advisory", configSchema: { properties: { foo: { type: "string" } }, required: ["foo"] } }],
            message: "pack.json: validating policy config: test-pack 1.0.0  foo-policy: foo is required",
        },
        {
            it: "a default of the wrong type, even when nothing configures the policy (L1082)",
            policies: [{ name: "foo-policy", enforcementLevel: "advisory", configSchema: { properties: { foo: { type: "string", default: 1 } } } }],
            message: "pack.json: validating policy config: test-pack 1.0.0  foo-policy: foo: Invalid type. Expected: string, given: integer",
        },
        {
            it: "a value too long (L1100)",
            policies: [{ name: "foo-policy", enforcementLevel: "advisory", configSchema: { properties: { foo: { type: "string", maxLength: 3 } } } }],
            file: { "foo-policy": { foo: "this value is too long" } },
            message: "pack.json: validating policy config: test-pack 1.0.0  foo-policy: foo: String length must be less than or equal to 3",
        },
        {
            it: "a value outside its enum (L1198)",
            policies: [{ name: "foo-policy", enforcementLevel: "advisory", configSchema: { properties: { foo: { type: "string", enum: ["bar", "baz"] } } } }],
            file: { "foo-policy": { foo: "blah" } },
            message: `pack.json: validating policy config: test-pack 1.0.0  foo-policy: foo: foo must be one of the following: "bar", "baz"`,
        },
        {
            it: "a value that is not the constant (L1224)",
            policies: [{ name: "foo-policy", enforcementLevel: "advisory", configSchema: { properties: { foo: { const: "bar" } } } }],
            file: { "foo-policy": { foo: "blah" } },
            message: `pack.json: validating policy config: test-pack 1.0.0  foo-policy: foo: foo does not match: "bar"`,
        },
    ];
    for (const c of invalid) {
        it(`refuses ${c.it}`, () => {
            configError(() => resolve(c.policies, c.file), c.message);
        });
    }

    // analyzer_plugin.go L622-626 (Configure), wrapped by update.go L1036-1039.
    const levelless: { it: string; file: unknown }[] = [
        { it: "`all` with settings and no level", file: { all: { exemptions: [] } } },
        { it: "an unknown name with settings and no level", file: { polcy: { x: 1 } } },
    ];
    for (const c of levelless) {
        it(`refuses ${c.it} as Configure does`, () => {
            configError(() => resolve(one("advisory"), c.file), /^pack\.json: configuring policy pack "test-pack" at "\.\/pack": invalid enforcement level "" \(/);
        });
    }

    it("accepts `all` and unknown names without settings: the parser drops empty entries (config.go L147-150)", () => {
        assert.deepEqual(resolve(one("advisory"), { all: {}, polcy: {} }).config, { policy: { enforcementLevel: "advisory", properties: {} } });
    });

    it("warns of an unknown name, naming the closest policy, without failing", () => {
        const r = resolve([{ name: "k8s-workload-require-image-digest", enforcementLevel: "advisory" }, { name: "k8s-rbac-disallow-wildcards", enforcementLevel: "advisory" }], {
            "k8s-workload-require-image-digests": "mandatory",
        });
        assert.equal(r.warnings.length, 1);
        assert.match(r.warnings[0], /`k8s-workload-require-image-digests` is not a policy of test-pack \(did you mean `k8s-workload-require-image-digest`\?\)/);
        assert.equal(r.config["k8s-workload-require-image-digest"].enforcementLevel, "advisory");
    });

    it("names the likely typo in the Configure error too", () => {
        configError(() => resolve(one("advisory"), { polcy: { x: 1 } }), /`polcy` is not a policy of test-pack \(did you mean `policy`\?\)/);
    });

    it("warns that `all`'s settings reach no policy", () => {
        const r = resolve(one("advisory"), { all: { enforcementLevel: "mandatory", exemptions: [] } });
        assert.equal(r.warnings.length, 1);
        assert.match(r.warnings[0], /`all` sets `exemptions`, which reaches no policy/);
    });
});

describe("reconcileConfig (this pack)", () => {
    it("gives every policy its own level and its schema defaults without a file", () => {
        for (const file of [undefined, null, {}]) {
            const config = reconcileConfig(POLICIES, file);
            assert.deepEqual(Object.keys(config).sort(), POLICIES.map(p => p.name).sort());
            for (const p of POLICIES) {
                assert.deepEqual(config[p.name], { enforcementLevel: p.enforcementLevel, properties: defaultsOf(p.name) });
            }
        }
    });

    it("applies `all`, then the policy's own entry", () => {
        const config = reconcileConfig(POLICIES, { all: "advisory", [LABELS]: "mandatory", [LIMITS]: { enforcementLevel: "disabled" } });
        assert.equal(config[LABELS].enforcementLevel, "mandatory");
        assert.equal(config[LIMITS].enforcementLevel, "disabled");
        assert.equal(config["pss-disallow-privileged"].enforcementLevel, "advisory");
    });

    it("keeps exemptions per policy, and those under a leveled `all` reach none", () => {
        const exemptions = [{ name: "legacy-*", justification: WHY }];
        const own = [{ name: "web", justification: WHY }];
        const config = reconcileConfig(POLICIES, { all: { enforcementLevel: "mandatory", exemptions }, [REGISTRIES]: { exemptions: own, allowedRegistries: ["ghcr.io/acme"] } });
        assert.deepEqual(config[LABELS].properties, defaultsOf(LABELS));
        assert.deepEqual(config[REGISTRIES].properties, { ...defaultsOf(REGISTRIES), exemptions: own, allowedRegistries: ["ghcr.io/acme"] });
        assert.deepEqual(config["all"], { enforcementLevel: "mandatory", properties: { exemptions } });
    });

    it("refuses exemptions under `all` without a level, as `pulumi preview` does", () => {
        configError(
            () => reconcileConfig(POLICIES, { all: { exemptions: [{ name: "x", justification: WHY }] } }, "pack.json"),
            /^pack\.json: configuring policy pack "hardened-cluster-blueprint" at "\.\/policy-pack": invalid enforcement level "" \(`all` has settings but no enforcementLevel/,
        );
    });

    it("accepts every enforcement level, remediate included", () => {
        for (const level of ["advisory", "mandatory", "remediate", "disabled"]) {
            assert.equal(reconcileConfig(POLICIES, { [LABELS]: level })[LABELS].enforcementLevel, level);
        }
    });

    const errors: { it: string; file: unknown; message: RegExp }[] = [
        { it: "an unknown level", file: { [LABELS]: "strict" }, message: /parsing enforcement level for "k8s-namespace-require-pod-security-labels": "strict" is not a valid enforcement level/ },
        { it: "a setting of the wrong type", file: { [LABELS]: { allowedLevels: "baseline" } }, message: /  k8s-namespace-require-pod-security-labels: allowedLevels: Invalid type\. Expected: array, given: string/ },
        { it: "a setting outside its enum", file: { [LABELS]: { allowedLevels: ["strict"] } }, message: /allowedLevels\.0: allowedLevels\.0 must be one of the following: "privileged", "baseline", "restricted"/ },
        { it: "an empty list where one level is needed", file: { [LABELS]: { allowedLevels: [] } }, message: /allowedLevels: Array must have at least 1 items/ },
        { it: "a version that does not parse", file: { "pss-disallow-privileged": { defaultVersion: "1.30" } }, message: /defaultVersion: Does not match pattern/ },
        { it: "an exemption with a short justification", file: { [LIMITS]: { exemptions: [{ name: "x", justification: "short" }] } }, message: /exemptions\.0\.justification: String length must be greater than or equal to 20/ },
    ];
    for (const e of errors) {
        it(`refuses ${e.it}`, () => {
            configError(() => reconcileConfig(POLICIES, e.file, "pack.json"), e.message);
        });
    }

    it("reports every invalid setting at once, sorted", () => {
        configError(
            () => reconcileConfig(POLICIES, { [LIMITS]: { resources: ["gpu"] }, [LABELS]: { allowedLevels: "x" } }),
            new RegExp(`${LABELS}: allowedLevels: .*; validating policy config: .*${LIMITS}: resources\\.0`),
        );
    });
});

describe("the README's config example", () => {
    it("is accepted as the engine would accept it, without a warning, and exempts per policy", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("The config file (the same for `hcb --config`)"));
        const json = /```json\n([\s\S]*?)```/.exec(section);
        assert.ok(json, "the README has a JSON config example");
        const r = resolvePolicyConfig(policyInfosOf(POLICIES), JSON.parse(json[1]), { where: "README", pack: ownPack() });
        assert.deepEqual(r.warnings, []);
        assert.equal(r.config["pss-disallow-privileged"].enforcementLevel, "mandatory");
        assert.equal((r.config["pss-disallow-host-namespaces"].properties["exemptions"] as unknown[]).length, 1);
        assert.equal(r.config[LABELS].enforcementLevel, "advisory");
    });
});
