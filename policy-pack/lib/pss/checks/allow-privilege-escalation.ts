/** Mirrors upstream policy/check_allowPrivilegeEscalation.go. */
import { isWindowsPod } from "../pod";
import { joinQuote, nameOf, pluralize, read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** v1.8 (the field's first release): every container must set `allowPrivilegeEscalation: false`. */
function allowPrivilegeEscalationV1Dot8(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    // Only an explicit boolean false passes: unset, true and wrong-typed values all fail.
    if (read(container, "securityContext", "allowPrivilegeEscalation") !== false) {
      badContainers.push(nameOf(container));
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    "allowPrivilegeEscalation != false",
    `${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)} ` +
      "must set securityContext.allowPrivilegeEscalation=false",
  );
}

/** v1.25: Windows pods are exempt (the API server rejects the field on them). */
function allowPrivilegeEscalationV1Dot25(metadata: unknown, spec: unknown): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return allowPrivilegeEscalationV1Dot8(metadata, spec);
}

/** Restricted: privilege escalation (setuid binaries, file capabilities) must be disabled. */
export const allowPrivilegeEscalation: CheckDefinition = {
  id: "allowPrivilegeEscalation",
  level: "restricted",
  versions: [
    { minVersion: 8, check: allowPrivilegeEscalationV1Dot8 },
    { minVersion: 25, check: allowPrivilegeEscalationV1Dot25 },
  ],
};
