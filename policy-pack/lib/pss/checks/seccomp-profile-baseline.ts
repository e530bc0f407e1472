/** Mirrors upstream policy/check_seccompProfile_baseline.go. */
import { describeInvalid, goQuote, isRecord, joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** Field profile types that keep seccomp filtering on (no `Unconfined`). */
export function isValidSeccompType(type: unknown): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

/** The type of a set `seccompProfile`: unset is Go's `""`; a wrong-typed profile reads INVALID. */
export function seccompType(owner: unknown): unknown {
  return read(owner, "securityContext", "seccompProfile", "type") ?? "";
}

/** True when `owner` (pod spec or container) sets `securityContext.seccompProfile`. */
export function hasSeccompProfile(owner: unknown): boolean {
  return read(owner, "securityContext", "seccompProfile") !== undefined;
}

function isValidAnnotationValue(value: unknown): boolean {
  return typeof value === "string" && (value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/"));
}

/** The annotation-key suffix for a container name, or undefined for a name that cannot be a key. */
function annotationName(container: unknown): string | undefined {
  const name = read(container, "name") ?? "";
  if (typeof name === "string") return name;
  return typeof name === "number" ? String(name) : undefined;
}

/** v1.0–v1.18: the alpha annotations, if present, must name an allowed profile. */
function seccompProfileBaselineV1Dot0(metadata: unknown, spec: unknown): CheckResult {
  const forbiddenAnnotations: string[] = [];
  const annotations = read(metadata, "annotations");
  if (isRecord(annotations)) {
    const judge = (key: string): void => {
      const raw = annotations[key];
      if (raw === undefined) return;
      // A null value decodes as Go's "" (forbidden, like any non-profile value).
      const value = raw ?? "";
      if (!isValidAnnotationValue(value)) {
        forbiddenAnnotations.push(`${key}=${typeof value === "string" ? goQuote(value) : describeInvalid(value)}`);
      }
    };
    judge(POD_ANNOTATION);
    visitContainers(spec, (container) => {
      const name = annotationName(container);
      if (name !== undefined) judge(CONTAINER_ANNOTATION_PREFIX + name);
    });
  } else if (annotations !== undefined) {
    // Annotations that are not a map could hide any profile: judged forbidden.
    forbiddenAnnotations.push(`metadata.annotations=${describeInvalid(annotations)}`);
  }

  if (forbiddenAnnotations.length === 0) return ALLOWED;
  const list = sortedSet(forbiddenAnnotations);
  return forbidden("seccompProfile", `forbidden ${pluralize("annotation", "annotations", list.length)} ${list.join(", ")}`);
}

/** v1.19+: the fields (annotations ignored); a set profile type must be RuntimeDefault or Localhost. */
function seccompProfileBaselineV1Dot19(_metadata: unknown, spec: unknown): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  if (hasSeccompProfile(spec) && !isValidSeccompType(seccompType(spec))) {
    badSetters.push("pod");
    badValues.push(textOf(seccompType(spec)));
  }

  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    if (hasSeccompProfile(container) && !isValidSeccompType(seccompType(container))) {
      badContainers.push(nameOf(container));
      badValues.push(textOf(seccompType(container)));
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(`${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)}`);
  }
  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    "seccompProfile",
    `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
  );
}

/** Baseline: seccomp may not be explicitly disabled. */
export const seccompProfileBaseline: CheckDefinition = {
  id: "seccompProfile_baseline",
  level: "baseline",
  versions: [
    { minVersion: 0, check: seccompProfileBaselineV1Dot0 },
    { minVersion: 19, check: seccompProfileBaselineV1Dot19 },
  ],
};
