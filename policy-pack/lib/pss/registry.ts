/**
 * The registry of checks. Mirrors upstream policy/registry.go: which checks a level runs at a
 * version, with restricted checks replacing the baseline checks they override, ordered baseline
 * IDs (sorted) then restricted IDs (sorted) so that messages are stable.
 */
import { allowPrivilegeEscalation } from "./checks/allow-privilege-escalation";
import { appArmorProfile } from "./checks/app-armor-profile";
import { capabilitiesBaseline } from "./checks/capabilities-baseline";
import { capabilitiesRestricted } from "./checks/capabilities-restricted";
import { hostNamespaces } from "./checks/host-namespaces";
import { hostPathVolumes } from "./checks/host-path-volumes";
import { hostPorts } from "./checks/host-ports";
import { hostProbesAndHostLifecycle } from "./checks/host-probes-and-host-lifecycle";
import { privileged } from "./checks/privileged";
import { procMount } from "./checks/proc-mount";
import { procMountRestricted } from "./checks/proc-mount-restricted";
import { restrictedVolumes } from "./checks/restricted-volumes";
import { runAsNonRoot } from "./checks/run-as-non-root";
import { runAsUser } from "./checks/run-as-user";
import { seLinuxOptions } from "./checks/se-linux-options";
import { seccompProfileBaseline } from "./checks/seccomp-profile-baseline";
import { seccompProfileRestricted } from "./checks/seccomp-profile-restricted";
import { sysctls } from "./checks/sysctls";
import { windowsHostProcess } from "./checks/windows-host-process";
import { compareGo } from "./read";
import { CheckDefinition, CheckFn, CheckLevel, Level, PssVersion } from "./types";

/**
 * Validates a list of checks the way upstream's `validateChecks` does: unique IDs, a baseline or
 * restricted level, a non-empty list of strictly increasing versions, and overrides only on
 * restricted checks and only of baseline checks. Returns the problems found (empty when valid).
 */
export function validateChecks(checks: readonly CheckDefinition[]): string[] {
  const problems: string[] = [];
  const levels = new Map<string, Level>();
  for (const check of checks) {
    if (levels.has(check.id)) problems.push(`check \`${check.id}\` is registered more than once`);
    levels.set(check.id, check.level);
    if (check.level !== "baseline" && check.level !== "restricted") {
      problems.push(`check \`${check.id}\` has invalid level \`${String(check.level)}\``);
    }
    if (check.versions.length === 0) problems.push(`check \`${check.id}\` has no versions`);
    let previous = -1;
    for (const { minVersion } of check.versions) {
      if (!Number.isInteger(minVersion) || minVersion <= previous) {
        problems.push(`check \`${check.id}\` versions must be strictly increasing minor numbers`);
      }
      previous = minVersion;
    }
  }
  for (const check of checks) {
    for (const id of check.overrides ?? []) {
      if (check.level !== "restricted") problems.push(`check \`${check.id}\`: only restricted checks may override`);
      const level = levels.get(id);
      if (level !== undefined && level !== "baseline") problems.push(`check \`${check.id}\` overrides ${level} check \`${id}\``);
    }
  }
  return problems;
}

/** Every upstream check (the 19 default checks; upstream has no experimental ones). */
export const CHECKS: readonly CheckDefinition[] = Object.freeze([
  allowPrivilegeEscalation,
  appArmorProfile,
  capabilitiesBaseline,
  capabilitiesRestricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seLinuxOptions,
  seccompProfileBaseline,
  seccompProfileRestricted,
  sysctls,
  windowsHostProcess,
]);

const problems = validateChecks(CHECKS);
if (problems.length > 0) {
  throw new Error(`The Pod Security Standards registry is invalid: ${problems.join("; ")}.`);
}

/**
 * The newest minor version any check knows (upstream's maxVersion). Newer versions, and
 * `latest`, are evaluated as this one.
 */
export const LATEST_MINOR: number = Math.max(...CHECKS.flatMap((check) => check.versions.map((v) => v.minVersion)));

/** A check as it runs at one version: the revision in force there. */
export interface ActiveCheck {
  readonly id: string;
  readonly level: CheckLevel;
  /** The first version of the revision in force. */
  readonly minVersion: number;
  readonly check: CheckFn;
}

/** The minor version a policy version is evaluated at: `latest` and future versions clamp to LATEST_MINOR. */
export function effectiveMinor(version: PssVersion): number {
  return version.latest || version.minor > LATEST_MINOR ? LATEST_MINOR : version.minor;
}

function activeAt(check: CheckDefinition, minor: number): ActiveCheck | undefined {
  let active: ActiveCheck | undefined;
  for (const revision of check.versions) {
    if (revision.minVersion > minor) break;
    active = { id: check.id, level: check.level, minVersion: revision.minVersion, check: revision.check };
  }
  return active;
}

const ORDER: ReadonlyMap<string, number> = new Map(
  [...CHECKS]
    .sort((a, b) => (a.level === b.level ? compareGo(a.id, b.id) : a.level === "baseline" ? -1 : 1))
    .map((check, index) => [check.id, index]),
);

/**
 * The checks `level` runs at `version`, in upstream's order. `privileged` runs none; `baseline`
 * runs the baseline checks in force; `restricted` runs the restricted checks in force plus every
 * baseline check that no restricted check in force overrides.
 */
export function checksFor(level: Level, version: PssVersion): ActiveCheck[] {
  if (level === "privileged") return [];
  const minor = effectiveMinor(version);
  const active = new Map<string, ActiveCheck>();
  const overridden = new Set<string>();
  for (const check of CHECKS) {
    if (check.level === "restricted" && level !== "restricted") continue;
    const revision = activeAt(check, minor);
    if (revision === undefined) continue;
    active.set(check.id, revision);
    if (check.level === "restricted") for (const id of check.overrides ?? []) overridden.add(id);
  }
  for (const id of overridden) active.delete(id);
  return [...active.values()].sort((a, b) => (ORDER.get(a.id) as number) - (ORDER.get(b.id) as number));
}
