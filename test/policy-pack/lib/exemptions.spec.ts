import * as assert from "node:assert/strict";
import Ajv from "ajv";
import { EXEMPTIONS_SCHEMA, EXEMPTED_PREFIX, Exemption, JUSTIFICATION_MARKER, MIN_JUSTIFICATION_LENGTH, exemptedMessage, findExemption } from "../../../policy-pack/lib/exemptions";

const POLICY = "k8s-workload-require-image-digest";
const URN = "urn:pulumi:prod::shop::kubernetes:apps/v1:Deployment::web-frontend";
const NAME = "web-frontend";
const WHY = "x".repeat(MIN_JUSTIFICATION_LENGTH);

const find = (exemptions: readonly Exemption[] | undefined, policy = POLICY, urn = URN, name = NAME) => findExemption(exemptions, policy, urn, name);

describe("exemptions", () => {
    describe("findExemption", () => {
        const matching: { it: string; e: Exemption }[] = [
            { it: "an exact name", e: { name: NAME, justification: WHY } },
            { it: "an exact URN", e: { urn: URN, justification: WHY } },
            { it: "a name with *", e: { name: "web-*", justification: WHY } },
            { it: "a name with ?", e: { name: "web-fronten?", justification: WHY } },
            { it: "a URN with *", e: { urn: "urn:pulumi:prod::*:Deployment::web-*", justification: WHY } },
            { it: "a URN and a name that both match", e: { urn: "*::web-frontend", name: "web-*", justification: WHY } },
            { it: "a matching policy list", e: { name: NAME, policies: ["other", POLICY], justification: WHY } },
            { it: "an empty policy list (every policy)", e: { name: NAME, policies: [], justification: WHY } },
        ];
        for (const m of matching) {
            it(`matches ${m.it}`, () => {
                assert.equal(find([m.e]), m.e);
            });
        }

        const notMatching: { it: string; e: Exemption }[] = [
            { it: "another name", e: { name: "web", justification: WHY } },
            { it: "a pattern anchored at both ends", e: { name: "web-", justification: WHY } },
            { it: "? standing for exactly one character", e: { name: "web-fronte?", justification: WHY } },
            { it: "a dot as a literal dot, not any character", e: { name: "web.frontend", justification: WHY } },
            { it: "regular-expression syntax as literal text", e: { name: "web-(frontend|api)", justification: WHY } },
            { it: "a URN that matches with a name that does not", e: { urn: URN, name: "api", justification: WHY } },
            { it: "another policy", e: { name: NAME, policies: ["k8s-rbac-disallow-wildcards"], justification: WHY } },
            { it: "neither URN nor name", e: { justification: WHY } },
            { it: "a justification one character too short", e: { name: NAME, justification: WHY.slice(1) } },
            { it: "a justification padded to length with spaces", e: { name: NAME, justification: `  ${WHY.slice(4)}  ` } },
            { it: "no justification", e: { name: NAME } as Exemption },
        ];
        for (const n of notMatching) {
            it(`does not match ${n.it}`, () => {
                assert.equal(find([n.e]), undefined);
            });
        }

        it("returns the first matching exemption", () => {
            const first = { name: "web-*", justification: `${WHY} first` };
            const second = { name: NAME, justification: `${WHY} second` };
            assert.equal(find([{ name: "api", justification: WHY }, first, second]), first);
        });

        it("ignores a config that is not a list, and null entries", () => {
            assert.equal(find(undefined), undefined);
            assert.equal(find({} as unknown as Exemption[]), undefined);
            assert.equal(find([null as unknown as Exemption]), undefined);
        });
    });

    it("marks an exempted message and carries the trimmed justification", () => {
        const message = "Deployment 'web' must pin every image by digest.";
        assert.equal(exemptedMessage(message, { name: NAME, justification: `  ${WHY}  ` }), `${EXEMPTED_PREFIX}${message}${JUSTIFICATION_MARKER}${WHY}`);
        assert.equal(EXEMPTED_PREFIX, "exempted: ");
        assert.equal(JUSTIFICATION_MARKER, "\njustification: ");
    });

    describe("EXEMPTIONS_SCHEMA", () => {
        const validate = new Ajv({ allErrors: true, strict: false }).compile(EXEMPTIONS_SCHEMA);
        const cases: { it: string; value: unknown; valid: boolean }[] = [
            { it: "accepts a name with a justification", value: [{ name: NAME, justification: WHY }], valid: true },
            { it: "accepts a URN with policies", value: [{ urn: URN, policies: [POLICY], justification: WHY }], valid: true },
            { it: "accepts no exemptions (the default)", value: EXEMPTIONS_SCHEMA.default, valid: true },
            { it: "rejects an exemption without URN or name", value: [{ justification: WHY }], valid: false },
            { it: "rejects a short justification", value: [{ name: NAME, justification: WHY.slice(1) }], valid: false },
            { it: "rejects a missing justification", value: [{ name: NAME }], valid: false },
            { it: "rejects an unknown field", value: [{ name: NAME, justification: WHY, until: "2027-01-01" }], valid: false },
            { it: "rejects an empty name", value: [{ name: "", justification: WHY }], valid: false },
            { it: "rejects policies given as a string", value: [{ name: NAME, policies: POLICY, justification: WHY }], valid: false },
        ];
        for (const c of cases) {
            it(c.it, () => {
                assert.equal(validate(c.value), c.valid, JSON.stringify(validate.errors));
            });
        }
    });
});
