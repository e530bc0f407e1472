import * as assert from "node:assert/strict";
import { CHECKS, LATEST_MINOR, checksFor, formatDenial, validateChecks, v1, LATEST } from "../../../../policy-pack/lib/pss";

const BASELINE_LATEST = [
  "appArmorProfile",
  "capabilities_baseline",
  "hostNamespaces",
  "hostPathVolumes",
  "hostPorts",
  "hostProbesAndHostLifecycle",
  "privileged",
  "procMount",
  "seLinuxOptions",
  "seccompProfile_baseline",
  "sysctls",
  "windowsHostProcess",
];

describe("Pod Security Standards registry", () => {
  it("registers upstream's 19 checks: 12 baseline and 7 restricted", () => {
    assert.equal(CHECKS.length, 19);
    assert.equal(CHECKS.filter((c) => c.level === "baseline").length, 12);
    assert.deepEqual(validateChecks(CHECKS), []);
  });

  it("knows versions up to v1.37", () => assert.equal(LATEST_MINOR, 37));

  it("runs the baseline checks in upstream's sorted order", () => {
    assert.deepEqual(checksFor("baseline", LATEST).map((c) => c.id), BASELINE_LATEST);
  });

  it("replaces overridden baseline checks at restricted latest", () => {
    assert.deepEqual(checksFor("restricted", v1(37)).map((c) => c.id), [
      "appArmorProfile",
      "hostNamespaces",
      "hostPorts",
      "hostProbesAndHostLifecycle",
      "privileged",
      "seLinuxOptions",
      "sysctls",
      "windowsHostProcess",
      "allowPrivilegeEscalation",
      "capabilities_restricted",
      "procMount_restricted",
      "restrictedVolumes",
      "runAsNonRoot",
      "runAsUser",
      "seccompProfile_restricted",
    ]);
  });

  it("runs only the checks in force at restricted v1.0", () => {
    assert.deepEqual(checksFor("restricted", v1(0)).map((c) => c.id), [
      "appArmorProfile",
      "capabilities_baseline",
      "hostNamespaces",
      "hostPorts",
      "privileged",
      "procMount",
      "seLinuxOptions",
      "seccompProfile_baseline",
      "sysctls",
      "windowsHostProcess",
      "restrictedVolumes",
      "runAsNonRoot",
    ]);
  });

  it("selects the revision in force at each version", () => {
    const sysctls = (minor: number) => checksFor("baseline", v1(minor)).find((c) => c.id === "sysctls")?.minVersion;
    assert.deepEqual([0, 26, 27, 28, 29, 31, 32, 36, 37, 99].map(sysctls), [0, 0, 27, 27, 29, 29, 32, 32, 37, 37]);
  });

  it("runs nothing at privileged", () => assert.deepEqual(checksFor("privileged", LATEST), []));

  it("rejects an invalid registry", () => {
    const check = () => ({ allowed: true as const });
    const problems = validateChecks([
      { id: "a", level: "baseline", versions: [{ minVersion: 3, check }, { minVersion: 3, check }] },
      { id: "a", level: "restricted", versions: [] },
      { id: "b", level: "baseline", versions: [{ minVersion: 0, check }], overrides: ["unknown"] },
      { id: "c", level: "restricted", versions: [{ minVersion: 0, check }], overrides: ["d"] },
      { id: "d", level: "restricted", versions: [{ minVersion: 0, check }] },
    ]);
    assert.deepEqual(problems, [
      "check `a` versions must be strictly increasing minor numbers",
      "check `a` is registered more than once",
      "check `a` has no versions",
      "check `b`: only restricted checks may override",
      "check `c` overrides restricted check `d`",
    ]);
  });
});

describe("formatDenial", () => {
  const failures = [
    { id: "hostPorts", reason: "hostPort", detail: 'container "a" uses hostPort 80' },
    { id: "x", reason: "", detail: "" },
    { id: "sysctls", reason: "forbidden sysctls", detail: "kernel.msgmax" },
  ];

  it("formats upstream's denial message", () => {
    assert.equal(
      formatDenial("restricted", v1(30), failures),
      'violates PodSecurity "restricted:v1.30": hostPort (container "a" uses hostPort 80), unknown forbidden reason, forbidden sysctls (kernel.msgmax)',
    );
  });

  it("prints the requested version, not the one evaluated", () => {
    assert.match(formatDenial("baseline", "latest", failures), /^violates PodSecurity "baseline:latest": /);
    assert.match(formatDenial("baseline", "v1.99", failures), /^violates PodSecurity "baseline:v1.99": /);
  });

  it("rejects a version that is not a label value", () => {
    assert.throws(() => formatDenial("baseline", "1.30", failures), /`version` must be "latest" or "v1.<minor>"/);
  });
});
