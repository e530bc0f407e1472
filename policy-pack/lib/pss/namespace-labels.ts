/**
 * The policy a namespace's `pod-security.kubernetes.io/*` labels select. Mirrors upstream
 * api/helpers.go (PolicyToEvaluate) and the way admission/admission.go treats invalid labels:
 *
 * - A missing level label means the fallback level; a missing version label the fallback version
 *   (`latest` unless given).
 * - An invalid enforce level is enforced as `restricted` (fail closed); an invalid version is
 *   evaluated as `latest`. Each invalid label is reported as an error.
 * - Upstream's admission rejects creating a namespace with any invalid pod-security label (and
 *   updating one to a new invalid value); pods in a namespace that already has one are still
 *   judged, with the fail-closed values above.
 */
import { describeInvalid, goQuote, isRecord } from "./read";
import { Level, PssVersion } from "./types";
import { LATEST, LEVELS, parseLevel, parseVersion } from "./version";

const LABEL_PREFIX = "pod-security.kubernetes.io/";
export const ENFORCE_LEVEL_LABEL = `${LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${LABEL_PREFIX}enforce-version`;
export const AUDIT_LEVEL_LABEL = `${LABEL_PREFIX}audit`;
export const AUDIT_VERSION_LABEL = `${LABEL_PREFIX}audit-version`;
export const WARN_LEVEL_LABEL = `${LABEL_PREFIX}warn`;
export const WARN_VERSION_LABEL = `${LABEL_PREFIX}warn-version`;

const LEVEL_LABELS = [ENFORCE_LEVEL_LABEL, AUDIT_LEVEL_LABEL, WARN_LEVEL_LABEL];

/** Upstream's error details for an invalid level and version. */
const LEVEL_DETAIL = `must be one of ${LEVELS.join(", ")}`;
const VERSION_DETAIL = 'must be "latest" or "v1.x"';

/** One invalid label, with the message upstream's field error prints for it. */
export interface LabelError {
  /** The label key (empty when the labels themselves are not a map). */
  readonly label: string;
  /** The invalid value as text. */
  readonly value: string;
  /** E.g. `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of ...`. */
  readonly message: string;
}

/** The enforce level and version a namespace selects, and its invalid pod-security labels. */
export interface NamespacePolicy {
  readonly level: Level;
  readonly version: PssVersion;
  readonly errors: readonly LabelError[];
}

/** What applies when a namespace has no enforce labels: a level, or a level and version. */
export type PolicyFallback = Level | { readonly level: Level; readonly version?: PssVersion };

function labelError(label: string, raw: unknown, detail: string): LabelError {
  const value = typeof raw === "string" ? raw : describeInvalid(raw);
  const shown = typeof raw === "string" ? goQuote(raw) : value;
  return { label, value, message: `metadata.labels[${label}]: Invalid value: ${shown}: ${detail}` };
}

/**
 * Resolves the enforce policy from a namespace's labels (untrusted: any value may be missing or
 * wrong-typed). Errors are reported for all six pod-security labels, as upstream reports them,
 * though only the enforce pair decides the returned level and version. A label value that is not
 * a string (or null) is invalid. Labels that are not a map at all are reported and enforced as
 * `restricted` at `latest` (fail closed).
 */
export function policyFromNamespaceLabels(labels: unknown, fallback: PolicyFallback): NamespacePolicy {
  const defaults = typeof fallback === "string" ? { level: fallback, version: LATEST } : fallback;
  let level: Level = defaults.level;
  let version: PssVersion = defaults.version ?? LATEST;
  if (labels === undefined || labels === null) return { level, version, errors: [] };
  if (!isRecord(labels)) {
    const message = `metadata.labels: Invalid value: ${describeInvalid(labels)}: must be a map of strings`;
    return { level: "restricted", version: LATEST, errors: [{ label: "", value: describeInvalid(labels), message }] };
  }

  const errors: LabelError[] = [];
  const pairs: ReadonlyArray<readonly [string, string]> = [
    [ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
    [AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
    [WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
  ];
  for (const [levelLabel, versionLabel] of pairs) {
    for (const label of [levelLabel, versionLabel]) {
      const raw = labels[label];
      if (raw === undefined) continue;
      const isLevel = LEVEL_LABELS.includes(label);
      const parsedLevel = typeof raw === "string" ? parseLevel(raw) : undefined;
      const parsedVersion = typeof raw === "string" ? parseVersion(raw) : undefined;
      if (isLevel) {
        if (parsedLevel === undefined) errors.push(labelError(label, raw, LEVEL_DETAIL));
        // Upstream: an unparseable enforce level is enforced as restricted.
        if (label === ENFORCE_LEVEL_LABEL) level = parsedLevel ?? "restricted";
      } else {
        if (parsedVersion === undefined) errors.push(labelError(label, raw, VERSION_DETAIL));
        if (label === ENFORCE_VERSION_LABEL) version = parsedVersion ?? LATEST;
      }
    }
  }
  return { level, version, errors };
}
