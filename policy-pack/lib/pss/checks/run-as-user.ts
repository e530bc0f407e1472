/** Mirrors upstream policy/check_runAsUser.go. */
import { isUserNamespacePod } from "../pod";
import { joinQuote, nameOf, pluralize, read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** True when a set runAsUser is 0, or is not an integer (a wrong type could be anything, even 0). */
function isRootOrInvalid(value: unknown): boolean {
  return value !== undefined && !(typeof value === "number" && Number.isInteger(value) && value !== 0);
}

function runAsUserV1Dot23(_metadata: unknown, spec: unknown): CheckResult {
  const badSetters: string[] = [];
  if (isRootOrInvalid(read(spec, "securityContext", "runAsUser"))) badSetters.push("pod");

  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    if (isRootOrInvalid(read(container, "securityContext", "runAsUser"))) badContainers.push(nameOf(container));
  });
  if (badContainers.length > 0) {
    badSetters.push(`${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)}`);
  }
  if (badSetters.length === 0) return ALLOWED;
  return forbidden("runAsUser=0", `${badSetters.join(" and ")} must not set runAsUser=0`);
}

/** v1.35: a pod in a user namespace (`hostUsers: false`) may run as (namespaced) UID 0. */
function runAsUserV1Dot35(metadata: unknown, spec: unknown): CheckResult {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return runAsUserV1Dot23(metadata, spec);
}

/** Restricted (v1.23+): no explicit runAsUser 0 at pod or container level. */
export const runAsUser: CheckDefinition = {
  id: "runAsUser",
  level: "restricted",
  versions: [
    { minVersion: 23, check: runAsUserV1Dot23 },
    { minVersion: 35, check: runAsUserV1Dot35 },
  ],
};
