import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Level, evaluatePod } from "../../../../policy-pack/lib/pss";
import { TestPod, app, hardenedPod, tweak } from "./fixtures";

const LEVELS: Level[] = ["baseline", "restricted"];
const VERSIONS = ["v1.0", "v1.18", "v1.19", "v1.24", "v1.25", "v1.34", "v1.35", "latest"];

/** Field paths (from the pod root) where a hostile value is planted. */
const PATHS: string[][] = [
  ["metadata"],
  ["metadata", "annotations"],
  ["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"],
  ["metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod"],
  ["spec"],
  ["spec", "os"],
  ["spec", "hostUsers"],
  ["spec", "hostNetwork"],
  ["spec", "securityContext"],
  ["spec", "securityContext", "sysctls"],
  ["spec", "securityContext", "seccompProfile"],
  ["spec", "securityContext", "seLinuxOptions"],
  ["spec", "securityContext", "runAsUser"],
  ["spec", "containers"],
  ["spec", "initContainers", "0"],
  ["spec", "ephemeralContainers"],
  ["spec", "containers", "0", "name"],
  ["spec", "containers", "0", "ports"],
  ["spec", "containers", "0", "ports", "0", "hostPort"],
  ["spec", "containers", "0", "livenessProbe"],
  ["spec", "containers", "0", "lifecycle"],
  ["spec", "containers", "0", "securityContext"],
  ["spec", "containers", "0", "securityContext", "capabilities"],
  ["spec", "containers", "0", "securityContext", "capabilities", "add"],
  ["spec", "containers", "0", "securityContext", "capabilities", "drop"],
  ["spec", "containers", "0", "securityContext", "appArmorProfile"],
  ["spec", "containers", "0", "securityContext", "windowsOptions"],
  ["spec", "volumes"],
  ["spec", "volumes", "0"],
  ["spec", "volumes", "0", "emptyDir"],
];

function plant(pod: TestPod, path: string[], value: unknown): TestPod {
  let node: any = pod;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return pod;
}

/** Wraps a value so that any write throws, and reading a key in `poisoned` throws. */
function guarded<T>(value: T, poisoned: ReadonlySet<string> = new Set()): T {
  if (typeof value !== "object" || value === null) return value;
  const fail = (): never => {
    throw new Error("input mutated");
  };
  return new Proxy(value as object, {
    get(target, key, receiver) {
      if (typeof key === "string" && poisoned.has(key)) throw new Error(`read of unknown value ${key}`);
      return guarded(Reflect.get(target, key, receiver), poisoned);
    },
    set: fail,
    defineProperty: fail,
    deleteProperty: fail,
    setPrototypeOf: fail,
    preventExtensions: fail,
  }) as T;
}

function evaluateEverywhere(pod: TestPod): void {
  for (const level of LEVELS) for (const version of VERSIONS) evaluatePod(level, version, pod.metadata, pod.spec);
}

describe("Pod Security Standards checks on hostile input", () => {
  it("never throws on any value at any security-relevant path", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.anything({ withNullPrototype: true, withBigInt: true, withBoxedValues: true, withSparseArray: true, withMap: true }),
        (path, value) => evaluateEverywhere(plant(hardenedPod(), path, value)),
      ),
      { numRuns: 1500 },
    );
  });

  it("never throws on a missing or wrong-typed metadata and spec", () => {
    for (const value of [undefined, null, "pod", 42, true, [], [{}], {}]) {
      evaluateEverywhere({ metadata: value as any, spec: value as any });
    }
  });

  it("reads the input without mutating it", () => {
    const pod = tweak((p) => {
      p.spec.hostNetwork = true;
      p.spec.volumes.push({ name: "scratch" });
    });
    assert.doesNotThrow(() => evaluateEverywhere({ metadata: guarded(pod.metadata), spec: guarded(pod.spec) }));
  });

  it("lets an unreadable value fail the evaluation instead of passing silently", () => {
    const pod = hardenedPod();
    assert.throws(
      () => evaluatePod("restricted", "latest", pod.metadata, guarded(pod.spec, new Set(["allowPrivilegeEscalation"]))),
      /read of unknown value allowPrivilegeEscalation/,
    );
  });

  // A wrong-typed security field never reaches upstream (the API server rejects it while
  // decoding), so each is judged as the insecure setting.
  const conservative: Array<[string, Level, (p: TestPod) => void, string]> = [
    ["a string privileged", "baseline", (p) => (app(p).securityContext.privileged = "false"), "privileged"],
    ["a string hostNetwork", "baseline", (p) => (p.spec.hostNetwork = "no"), "hostNamespaces"],
    ["a string hostPort", "baseline", (p) => (app(p).ports[0].hostPort = "80"), "hostPorts"],
    ["a string capability list", "baseline", (p) => (app(p).securityContext.capabilities.add = "SYS_ADMIN"), "capabilities_baseline"],
    ["a map of sysctls", "baseline", (p) => (p.spec.securityContext.sysctls = { "kernel.msgmax": "1" }), "sysctls"],
    ["a string seccomp profile", "restricted", (p) => (p.spec.securityContext.seccompProfile = "RuntimeDefault"), "seccompProfile_restricted"],
    ["a string runAsNonRoot", "restricted", (p) => (p.spec.securityContext.runAsNonRoot = "true"), "runAsNonRoot"],
    ["a string runAsUser", "restricted", (p) => (app(p).securityContext.runAsUser = "0"), "runAsUser"],
    ["a string drop list", "restricted", (p) => (app(p).securityContext.capabilities.drop = "ALL"), "capabilities_restricted"],
    ["a string allowPrivilegeEscalation", "restricted", (p) => (app(p).securityContext.allowPrivilegeEscalation = "false"), "allowPrivilegeEscalation"],
    ["a string emptyDir", "restricted", (p) => (p.spec.volumes[0].emptyDir = "yes"), "restrictedVolumes"],
    ["a map of containers", "restricted", (p) => (p.spec.containers = { app: {} }), "allowPrivilegeEscalation"],
    ["a string hostUsers", "restricted", (p) => ((p.spec.hostUsers = "false"), (app(p).securityContext.runAsUser = 0)), "runAsUser"],
    ["a string os", "restricted", (p) => ((p.spec.os = "windows"), delete app(p).securityContext.allowPrivilegeEscalation), "allowPrivilegeEscalation"],
  ];
  for (const [name, level, change, id] of conservative) {
    it(`fails ${id} on ${name}`, () => {
      const pod = tweak(change);
      const result = evaluatePod(level, "latest", pod.metadata, pod.spec);
      assert.ok(result.failures.some((f) => f.id === id), JSON.stringify(result.failures));
    });
  }

  it("describes a wrong-typed container name in messages", () => {
    const pod = tweak((p) => {
      app(p).name = 123;
      app(p).securityContext.privileged = true;
    });
    assert.deepEqual(evaluatePod("baseline", "latest", pod.metadata, pod.spec).failures, [
      { id: "privileged", reason: "privileged", detail: 'container "<invalid: 123>" must not set securityContext.privileged=true' },
    ]);
  });

  it("escapes annotation values as Go's %q does", () => {
    const pod = tweak((p) => (p.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"] = 'un"conf\tined\u00a0'));
    assert.equal(
      evaluatePod("baseline", "latest", pod.metadata, pod.spec).failures[0].detail,
      'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="un\\"conf\\tined\\u00a0""',
    );
  });
});
