/** Mirrors upstream policy/check_procMount_baseline.go. */
import { isUserNamespacePod } from "../pod";
import { joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/**
 * Every container's `procMount` must be unset or `Default` (the masked /proc). Shared with the
 * restricted `procMount_restricted` check, as upstream shares `procMount_1_0`.
 */
export function procMountUnmaskedForbidden(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  const badTypes: string[] = [];
  visitContainers(spec, (container) => {
    const procMount = read(container, "securityContext", "procMount");
    if (procMount === undefined || procMount === "Default") return;
    badContainers.push(nameOf(container));
    badTypes.push(textOf(procMount));
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    "procMount",
    `${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)} ` +
      `must not set securityContext.procMount to ${joinQuote(sortedSet(badTypes))}`,
  );
}

/** v1.35: a pod in a user namespace (`hostUsers: false`) may use any procMount. */
function procMountV1Dot35(metadata: unknown, spec: unknown): CheckResult {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return procMountUnmaskedForbidden(metadata, spec);
}

/** Baseline: /proc stays masked (relaxed for user-namespace pods from v1.35). */
export const procMount: CheckDefinition = {
  id: "procMount",
  level: "baseline",
  versions: [
    { minVersion: 0, check: procMountUnmaskedForbidden },
    { minVersion: 35, check: procMountV1Dot35 },
  ],
};
