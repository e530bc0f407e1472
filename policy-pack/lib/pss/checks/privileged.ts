/** Mirrors upstream policy/check_privileged.go. */
import { joinQuote, nameOf, pluralize, read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

function privilegedV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    // Unset and false pass; true and wrong-typed values are judged privileged.
    const value = read(container, "securityContext", "privileged");
    if (value !== undefined && value !== false) badContainers.push(nameOf(container));
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    "privileged",
    `${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)} ` +
      "must not set securityContext.privileged=true",
  );
}

/** Baseline: no privileged containers. */
export const privileged: CheckDefinition = {
  id: "privileged",
  level: "baseline",
  versions: [{ minVersion: 0, check: privilegedV1Dot0 }],
};
