/**
 * Evaluating a pod against a level and version, and formatting the denial. Mirrors upstream
 * policy/registry.go (EvaluatePod), policy/checks.go (AggregateCheckResults, ForbiddenDetail) and
 * admission/admission.go (the "violates PodSecurity" message).
 */
import { goQuote } from "./read";
import { checksFor } from "./registry";
import { Level, PssVersion } from "./types";
import { formatVersion, parseVersion } from "./version";

/** One failed check: its upstream ID, short reason and (possibly empty) detail. */
export interface CheckFailure {
  readonly id: string;
  readonly reason: string;
  readonly detail: string;
}

/** The verdict on a pod: allowed when no check failed; failures in upstream's order. */
export interface PodEvaluation {
  readonly allowed: boolean;
  readonly failures: readonly CheckFailure[];
}

/** Upstream's placeholder for a failing check without a reason. */
const UNKNOWN_REASON = "unknown forbidden reason";

function toVersion(version: PssVersion | string): PssVersion {
  if (typeof version !== "string") return version;
  const parsed = parseVersion(version);
  if (parsed === undefined) {
    throw new Error(`\`version\` must be "latest" or "v1.<minor>", got ${goQuote(version)}: parse labels with parseVersion first.`);
  }
  return parsed;
}

/**
 * Runs every check `level` runs at `version` on a pod (or pod template): `metadata` is its
 * ObjectMeta and `spec` its PodSpec, untrusted and read-only. The pod is judged as the API server
 * sees it after defaulting. Errors thrown while reading the input (for example by a Proxy guarding
 * unknown values) propagate: a value that cannot be read never passes silently.
 */
export function evaluatePod(level: Level, version: PssVersion | string, metadata: unknown, spec: unknown): PodEvaluation {
  const failures: CheckFailure[] = [];
  for (const { id, check } of checksFor(level, toVersion(version))) {
    const result = check(metadata, spec);
    if (!result.allowed) failures.push({ id, reason: result.reason || UNKNOWN_REASON, detail: result.detail });
  }
  return { allowed: failures.length === 0, failures };
}

/** The failures as upstream joins them: `reason (detail), reason, ...` (no parentheses for an empty detail). */
export function formatFailures(failures: readonly CheckFailure[]): string {
  return failures
    .map(({ reason, detail }) => {
      const text = reason || UNKNOWN_REASON;
      return detail ? `${text} (${detail})` : text;
    })
    .join(", ");
}

/**
 * The message upstream denies a pod with: `violates PodSecurity "restricted:v1.30": ...`. The
 * version is printed as requested (`latest`, or a future version), not as clamped for evaluation.
 */
export function formatDenial(level: Level, version: PssVersion | string, failures: readonly CheckFailure[]): string {
  return `violates PodSecurity ${goQuote(`${level}:${formatVersion(toVersion(version))}`)}: ${formatFailures(failures)}`;
}
