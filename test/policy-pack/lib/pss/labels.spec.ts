import * as assert from "node:assert/strict";
import { LATEST, parseLevel, parseVersion, policyFromNamespaceLabels, v1 } from "../../../../policy-pack/lib/pss";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const VERSION = "pod-security.kubernetes.io/enforce-version";
const LEVEL_ERROR = "must be one of privileged, baseline, restricted";
const VERSION_ERROR = 'must be "latest" or "v1.x"';

describe("parseLevel", () => {
  it("accepts the three levels exactly", () => {
    assert.deepEqual(["privileged", "baseline", "restricted"].map(parseLevel), ["privileged", "baseline", "restricted"]);
  });
  it("rejects other spellings", () => {
    for (const value of ["Restricted", " baseline", "", "latest"]) assert.equal(parseLevel(value), undefined, value);
  });
});

describe("parseVersion", () => {
  it("parses latest and v1.<minor>", () => {
    assert.deepEqual(parseVersion("latest"), LATEST);
    assert.deepEqual(parseVersion("v1.0"), v1(0));
    assert.deepEqual(parseVersion("v1.37"), v1(37));
    assert.deepEqual(parseVersion("v1.100"), v1(100));
    assert.deepEqual(parseVersion("v1.9223372036854775807"), v1(9223372036854775807));
  });
  it("rejects what upstream's pattern and Atoi reject", () => {
    for (const value of ["Latest", "1.25", "v1.025", "v2.0", "v1.", "v1.-1", "v1.25 ", " v1.25", "v1.25\n", "v1.9223372036854775808"]) {
      assert.equal(parseVersion(value), undefined, JSON.stringify(value));
    }
  });
});

describe("policyFromNamespaceLabels", () => {
  it("uses the fallback without labels", () => {
    assert.deepEqual(policyFromNamespaceLabels(undefined, "baseline"), { level: "baseline", version: LATEST, errors: [] });
    assert.deepEqual(policyFromNamespaceLabels({}, { level: "restricted", version: v1(30) }), { level: "restricted", version: v1(30), errors: [] });
  });

  it("reads the enforce level and version", () => {
    assert.deepEqual(policyFromNamespaceLabels({ [ENFORCE]: "baseline", [VERSION]: "v1.25" }, "privileged"), {
      level: "baseline",
      version: v1(25),
      errors: [],
    });
  });

  it("keeps the fallback level when only the version is set", () => {
    assert.deepEqual(policyFromNamespaceLabels({ [VERSION]: "v1.29" }, "baseline"), { level: "baseline", version: v1(29), errors: [] });
  });

  it("enforces restricted for an invalid level and reports it", () => {
    assert.deepEqual(policyFromNamespaceLabels({ [ENFORCE]: "Privileged", [VERSION]: "v1.30" }, "privileged"), {
      level: "restricted",
      version: v1(30),
      errors: [{ label: ENFORCE, value: "Privileged", message: `metadata.labels[${ENFORCE}]: Invalid value: "Privileged": ${LEVEL_ERROR}` }],
    });
  });

  it("evaluates an invalid version as latest and reports it", () => {
    assert.deepEqual(policyFromNamespaceLabels({ [ENFORCE]: "baseline", [VERSION]: "1.30" }, "privileged"), {
      level: "baseline",
      version: LATEST,
      errors: [{ label: VERSION, value: "1.30", message: `metadata.labels[${VERSION}]: Invalid value: "1.30": ${VERSION_ERROR}` }],
    });
  });

  it("reports invalid audit and warn labels without changing enforcement", () => {
    const policy = policyFromNamespaceLabels({ "pod-security.kubernetes.io/audit": "loud", "pod-security.kubernetes.io/warn-version": "v1" }, "baseline");
    assert.equal(policy.level, "baseline");
    assert.deepEqual(policy.version, LATEST);
    assert.deepEqual(
      policy.errors.map((e) => e.message),
      [
        `metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "loud": ${LEVEL_ERROR}`,
        `metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v1": ${VERSION_ERROR}`,
      ],
    );
  });

  it("treats wrong-typed labels as invalid, failing closed", () => {
    const policy = policyFromNamespaceLabels({ [ENFORCE]: 5, [VERSION]: 1.3 }, "privileged");
    assert.equal(policy.level, "restricted");
    assert.deepEqual(policy.version, LATEST);
    assert.equal(policy.errors.length, 2);
    assert.deepEqual(policy.errors.map((e) => e.label), [ENFORCE, VERSION]);
    const notAMap = policyFromNamespaceLabels(["enforce=privileged"], "privileged");
    assert.equal(notAMap.level, "restricted");
    assert.equal(notAMap.errors.length, 1);
  });

  it("treats a null label value as an empty, invalid value", () => {
    const policy = policyFromNamespaceLabels({ [ENFORCE]: null }, "privileged");
    assert.equal(policy.level, "restricted");
    assert.equal(policy.errors.length, 1);
  });
});
