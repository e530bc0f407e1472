/**
 * Types shared by the Pod Security Standards checks. Mirrors the shapes of upstream
 * kubernetes/pod-security-admission `api` (Level, Version) and `policy` (Check, CheckResult).
 */

/** A Pod Security Standards level, as written in the `pod-security.kubernetes.io/*` labels. */
export type Level = "privileged" | "baseline" | "restricted";

/** The level a check belongs to: upstream only registers baseline and restricted checks. */
export type CheckLevel = Exclude<Level, "privileged">;

/**
 * A policy version as upstream parses it from a label: `"latest"` or `"v1.<minor>"`.
 * Only major version 1 exists, so the minor number identifies a version.
 */
export type PssVersion = { readonly latest: true } | { readonly latest: false; readonly minor: number };

/**
 * The outcome of one check. `reason` is short and always shown; `detail` names the offending
 * containers, volumes or values (it may be empty).
 */
export type CheckResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly detail: string };

/**
 * A check function. `metadata` is the pod's (or pod template's) ObjectMeta and `spec` its PodSpec,
 * both untrusted plain objects: any field may be missing, null or of the wrong type. A check only
 * reads (never mutates) them, and never throws a TypeError on a wrong-typed value.
 */
export type CheckFn = (metadata: unknown, spec: unknown) => CheckResult;

/** One revision of a check, in force from v1.`minVersion` until the next revision's `minVersion`. */
export interface VersionedCheck {
  /** The first minor version (of v1) this revision applies to. */
  readonly minVersion: number;
  readonly check: CheckFn;
}

/** One upstream check: its upstream ID, level, revisions (strictly increasing) and overrides. */
export interface CheckDefinition {
  /** The upstream check ID, e.g. `allowPrivilegeEscalation` or `capabilities_restricted`. */
  readonly id: string;
  readonly level: CheckLevel;
  readonly versions: readonly VersionedCheck[];
  /**
   * Baseline check IDs this (restricted) check replaces in a restricted evaluation, at every
   * version where this check is in force (upstream sets the same overrides on every revision).
   */
  readonly overrides?: readonly string[];
}

/** The result every allowing check returns. */
export const ALLOWED: CheckResult = Object.freeze({ allowed: true as const });

/** Builds a forbidding result. */
export function forbidden(reason: string, detail: string): CheckResult {
  return { allowed: false, reason, detail };
}
