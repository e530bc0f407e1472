/** Mirrors upstream policy/check_appArmorProfile.go. */
import { compareGo, describeInvalid, goQuote, isRecord, joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** The deprecated per-container annotation (corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix). */
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** Field profile types that keep AppArmor confinement (baseline: no `Unconfined`). */
const ALLOWED_TYPES: ReadonlySet<unknown> = new Set(["RuntimeDefault", "Localhost"]);

/** Annotation values that keep confinement: empty, `runtime/default` or `localhost/<profile>`. */
function isAllowedAnnotationValue(value: unknown): boolean {
  return typeof value === "string" && (value === "" || value === "runtime/default" || value.startsWith("localhost/"));
}

/**
 * The type of a set `appArmorProfile`: unset type is Go's `""` (not allowed); a wrong-typed
 * profile reads as INVALID (not allowed either).
 */
function profileType(owner: unknown): unknown {
  return read(owner, "securityContext", "appArmorProfile", "type") ?? "";
}

function appArmorProfileV1Dot0(metadata: unknown, spec: unknown): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];

  if (read(spec, "securityContext", "appArmorProfile") !== undefined) {
    const type = profileType(spec);
    if (!ALLOWED_TYPES.has(type)) {
      badSetters.push("pod");
      badValues.push(textOf(type));
    }
  }

  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    if (read(container, "securityContext", "appArmorProfile") === undefined) return;
    const type = profileType(container);
    if (!ALLOWED_TYPES.has(type)) {
      badContainers.push(nameOf(container));
      badValues.push(textOf(type));
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(`${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)}`);
  }

  const forbiddenAnnotations: string[] = [];
  const annotations = read(metadata, "annotations");
  if (isRecord(annotations)) {
    // Sorted: key order is not kept on the wire, and an unreadable value must fail the same way.
    for (const key of Object.keys(annotations).sort()) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      // A null value decodes as Go's "" (allowed); any other non-string is judged forbidden.
      const value = annotations[key] ?? "";
      if (!isAllowedAnnotationValue(value)) {
        forbiddenAnnotations.push(`${key}=${typeof value === "string" ? goQuote(value) : describeInvalid(value)}`);
      }
    }
  } else if (annotations !== undefined) {
    // Annotations that are not a map could hide any profile: judged forbidden.
    forbiddenAnnotations.push(`metadata.annotations=${describeInvalid(annotations)}`);
  }

  const badValueList = sortedSet(badValues);
  if (forbiddenAnnotations.length > 0) {
    badValueList.push(...forbiddenAnnotations.sort(compareGo));
    badSetters.push(pluralize("annotation", "annotations", forbiddenAnnotations.length));
  }
  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValueList.length),
    `${badSetters.join(" and ")} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
  );
}

/** Baseline: AppArmor may not be disabled or overridden with an unconfined profile. */
export const appArmorProfile: CheckDefinition = {
  id: "appArmorProfile",
  level: "baseline",
  versions: [{ minVersion: 0, check: appArmorProfileV1Dot0 }],
};
