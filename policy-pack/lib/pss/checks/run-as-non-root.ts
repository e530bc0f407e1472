/** Mirrors upstream policy/check_runAsNonRoot.go. */
import { isUserNamespacePod } from "../pod";
import { joinQuote, nameOf, pluralize, read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

function runAsNonRootV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  // A set value other than boolean true (false or wrong-typed) counts as an explicit false.
  const badSetters: string[] = [];
  let podRunAsNonRoot = false;
  const podValue = read(spec, "securityContext", "runAsNonRoot");
  if (podValue !== undefined) {
    if (podValue === true) podRunAsNonRoot = true;
    else badSetters.push("pod");
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (container) => {
    const value = read(container, "securityContext", "runAsNonRoot");
    if (value !== undefined) {
      if (value !== true) explicitlyBad.push(nameOf(container));
    } else if (!podRunAsNonRoot) {
      implicitlyBad.push(nameOf(container));
    }
  });

  if (explicitlyBad.length > 0) {
    badSetters.push(`${pluralize("container", "containers", explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  }
  if (badSetters.length > 0) {
    return forbidden("runAsNonRoot != true", `${badSetters.join(" and ")} must not set securityContext.runAsNonRoot=false`);
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      "runAsNonRoot != true",
      `pod or ${pluralize("container", "containers", implicitlyBad.length)} ${joinQuote(implicitlyBad)} ` +
        "must set securityContext.runAsNonRoot=true",
    );
  }
  return ALLOWED;
}

/** v1.35: a pod in a user namespace (`hostUsers: false`) may run as (namespaced) root. */
function runAsNonRootV1Dot35(metadata: unknown, spec: unknown): CheckResult {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return runAsNonRootV1Dot0(metadata, spec);
}

/** Restricted: containers must run as non-root users. */
export const runAsNonRoot: CheckDefinition = {
  id: "runAsNonRoot",
  level: "restricted",
  versions: [
    { minVersion: 0, check: runAsNonRootV1Dot0 },
    { minVersion: 35, check: runAsNonRootV1Dot35 },
  ],
};
