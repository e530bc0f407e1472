/** Mirrors upstream policy/check_capabilities_baseline.go. */
import { describeInvalid, joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** The container runtime's default capability set (exact, case-sensitive names). */
const DEFAULT_CAPABILITIES: ReadonlySet<unknown> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/**
 * Collects into `into` the entries of `capabilities.add` that `isAllowed` rejects. A wrong-typed
 * `capabilities` or `add` is itself reported (it could add anything); a null entry is Go's `""`.
 * Returns true when something was rejected.
 */
export function collectForbiddenAdds(capabilities: unknown, isAllowed: (cap: unknown) => boolean, into: string[]): boolean {
  const add = read(capabilities, "add");
  if (add === undefined) return false;
  if (!Array.isArray(add)) {
    into.push(describeInvalid(add));
    return true;
  }
  let found = false;
  for (let i = 0; i < add.length; i++) {
    const cap: unknown = add[i] ?? "";
    if (!isAllowed(cap)) {
      into.push(textOf(cap));
      found = true;
    }
  }
  return found;
}

const CAPABILITIES_BASELINE_ID = "capabilities_baseline";

function capabilitiesBaselineV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  const nonDefault: string[] = [];
  visitContainers(spec, (container) => {
    const capabilities = read(container, "securityContext", "capabilities");
    if (capabilities === undefined) return;
    if (collectForbiddenAdds(capabilities, (cap) => DEFAULT_CAPABILITIES.has(cap), nonDefault)) {
      badContainers.push(nameOf(container));
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    "non-default capabilities",
    `${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)} ` +
      `must not include ${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
  );
}

/** Baseline: containers may add only capabilities from the runtime's default set. */
export const capabilitiesBaseline: CheckDefinition = {
  id: CAPABILITIES_BASELINE_ID,
  level: "baseline",
  versions: [{ minVersion: 0, check: capabilitiesBaselineV1Dot0 }],
};
