/**
 * Level and version parsing. Mirrors upstream api/helpers.go (ParseLevel, ParseVersion).
 */
import { Level, PssVersion } from "./types";

/** The valid levels, in upstream's order (used in its error message). */
export const LEVELS: readonly Level[] = ["privileged", "baseline", "restricted"];

/** The `"latest"` version. */
export const LATEST: PssVersion = Object.freeze({ latest: true as const });

/** Returns the level named by `value` (exact, case-sensitive), or undefined if it names none. */
export function parseLevel(value: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(value) ? (value as Level) : undefined;
}

/** Upstream's pattern: `v1.` and a minor number without leading zeros. */
const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

/** Go's `strconv.Atoi` on a 64-bit platform fails above this. */
const MAX_INT64 = 9223372036854775807n;

/**
 * Parses a version label value: `"latest"` or `"v1.<minor>"` (no leading zeros, no whitespace,
 * no `v2`). Returns undefined for anything else, including a minor too large for Go's int.
 */
export function parseVersion(value: string): PssVersion | undefined {
  if (value === "latest") return LATEST;
  const match = VERSION_PATTERN.exec(value);
  if (match === null || BigInt(match[1]) > MAX_INT64) return undefined;
  return { latest: false, minor: Number(match[1]) };
}

/** Builds the version v1.`minor`. */
export function v1(minor: number): PssVersion {
  return { latest: false, minor };
}

/** Formats a version as upstream prints it: `latest` or `v1.<minor>`. */
export function formatVersion(version: PssVersion): string {
  return version.latest ? "latest" : `v1.${version.minor}`;
}
