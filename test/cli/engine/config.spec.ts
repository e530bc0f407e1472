import * as assert from "node:assert/strict";
import { ConfigError, reconcileConfig } from "../../../cli/engine/config";
import { POLICIES } from "../../../policy-pack/policies";
import { MIN_JUSTIFICATION_LENGTH } from "../../../policy-pack/lib/exemptions";

const LABELS = "k8s-namespace-require-pod-security-labels";
const LIMITS = "k8s-workload-require-resource-limits";
const REGISTRIES = "k8s-workload-restrict-image-registries";
const WHY = "w".repeat(MIN_JUSTIFICATION_LENGTH);

function configError(file: unknown, message: RegExp): void {
    assert.throws(() => reconcileConfig(POLICIES, file, "pack.json"), (e: unknown) => e instanceof ConfigError && message.test(e.message));
}

/** The schema defaults of a policy, read from its schema. */
function defaultsOf(name: string): Record<string, unknown> {
    const p = POLICIES.find(x => x.name === name)!;
    return Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
}

describe("reconcileConfig", () => {
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

    it("keeps a policy's level when its entry sets only properties", () => {
        const config = reconcileConfig(POLICIES, { all: { enforcementLevel: "mandatory" }, [LIMITS]: { resources: ["memory"] } });
        assert.equal(config[LIMITS].enforcementLevel, "mandatory");
        assert.deepEqual(config[LIMITS].properties, { ...defaultsOf(LIMITS), resources: ["memory"] });
    });

    it("merges properties over the defaults: `all` first, the policy's entry last", () => {
        const exemptions = [{ name: "legacy-*", justification: WHY }];
        const own = [{ name: "web", justification: WHY }];
        const config = reconcileConfig(POLICIES, { all: { exemptions }, [REGISTRIES]: { exemptions: own, allowedRegistries: ["ghcr.io/acme"] } });
        assert.deepEqual(config[LABELS].properties, { ...defaultsOf(LABELS), exemptions });
        assert.deepEqual(config[REGISTRIES].properties, { ...defaultsOf(REGISTRIES), exemptions: own, allowedRegistries: ["ghcr.io/acme"] });
    });

    it("accepts every enforcement level, remediate included", () => {
        for (const level of ["advisory", "mandatory", "remediate", "disabled"]) {
            assert.equal(reconcileConfig(POLICIES, { [LABELS]: level })[LABELS].enforcementLevel, level);
        }
    });

    const errors: { it: string; file: unknown; message: RegExp }[] = [
        { it: "a document that is not an object", file: ["all"], message: /^pack\.json: must be a JSON object whose keys are policy names or "all"\.$/ },
        { it: "a string document", file: "mandatory", message: /must be a JSON object/ },
        { it: "an unknown policy", file: { "k8s-made-up": "mandatory" }, message: /`k8s-made-up` is not a policy of this pack; run `hcb policies` to list them\./ },
        { it: "an unknown level", file: { [LABELS]: "strict" }, message: /`k8s-namespace-require-pod-security-labels` must be one of advisory, mandatory, remediate, disabled, not "strict"\./ },
        { it: "an unknown level in an object", file: { all: { enforcementLevel: "warn" } }, message: /`all\.enforcementLevel` must be one of .* not "warn"\./ },
        { it: "an entry that is neither a level nor an object", file: { [LABELS]: 3 }, message: /`k8s-namespace-require-pod-security-labels` must be an enforcement level or an object of settings\./ },
        { it: "ESC environments", file: { environments: ["prod"] }, message: /`environments` \(Pulumi ESC\) cannot be resolved offline/ },
        { it: "a setting of the wrong type", file: { [LABELS]: { allowedLevels: "baseline" } }, message: /k8s-namespace-require-pod-security-labels: \/allowedLevels must be array/ },
        { it: "a setting outside its enum", file: { [LABELS]: { allowedLevels: ["strict"] } }, message: /\/allowedLevels\/0 must be equal to one of the allowed values/ },
        { it: "an empty list where one level is needed", file: { [LABELS]: { allowedLevels: [] } }, message: /\/allowedLevels must NOT have fewer than 1 items/ },
        { it: "a version that does not parse", file: { "pss-disallow-privileged": { defaultVersion: "1.30" } }, message: /\/defaultVersion must match pattern/ },
        { it: "an exemption with a short justification", file: { all: { exemptions: [{ name: "x", justification: "short" }] } }, message: /\/exemptions\/0\/justification must NOT have fewer than 20 characters/ },
        { it: "an exemption without a URN or name", file: { [LIMITS]: { exemptions: [{ justification: WHY }] } }, message: /k8s-workload-require-resource-limits: \/exemptions\/0 must have required property/ },
    ];
    for (const e of errors) {
        it(`refuses ${e.it}`, () => {
            configError(e.file, e.message);
        });
    }

    it("reports every invalid setting at once", () => {
        assert.throws(
            () => reconcileConfig(POLICIES, { [LABELS]: { allowedLevels: "x" }, [LIMITS]: { resources: ["gpu"] } }),
            (e: unknown) => e instanceof ConfigError && e.message.includes(`${LABELS}: /allowedLevels`) && e.message.includes(`${LIMITS}: /resources/0`),
        );
    });
});
