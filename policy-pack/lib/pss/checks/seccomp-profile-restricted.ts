/** Mirrors upstream policy/check_seccompProfile_restricted.go. */
import { isWindowsPod } from "../pod";
import { joinQuote, nameOf, pluralize, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";
import { hasSeccompProfile, isValidSeccompType, seccompProfileBaseline, seccompType } from "./seccomp-profile-baseline";

function seccompProfileRestrictedV1Dot19(_metadata: unknown, spec: unknown): CheckResult {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let podSeccompSet = false;
  if (hasSeccompProfile(spec)) {
    if (isValidSeccompType(seccompType(spec))) {
      podSeccompSet = true;
    } else {
      badSetters.push("pod");
      badValues.push(textOf(seccompType(spec)));
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (container) => {
    if (hasSeccompProfile(container)) {
      if (!isValidSeccompType(seccompType(container))) {
        explicitlyBad.push(nameOf(container));
        badValues.push(textOf(seccompType(container)));
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(nameOf(container));
    }
  });

  if (explicitlyBad.length > 0) {
    badSetters.push(`${pluralize("container", "containers", explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  }
  if (badSetters.length > 0) {
    return forbidden(
      "seccompProfile",
      `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
    );
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      "seccompProfile",
      `pod or ${pluralize("container", "containers", implicitlyBad.length)} ${joinQuote(implicitlyBad)} ` +
        'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    );
  }
  return ALLOWED;
}

/** v1.25: Windows pods are exempt (the API server rejects seccomp on them). */
function seccompProfileRestrictedV1Dot25(metadata: unknown, spec: unknown): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return seccompProfileRestrictedV1Dot19(metadata, spec);
}

/** Restricted (v1.19+): every container runs under RuntimeDefault or Localhost seccomp. */
export const seccompProfileRestricted: CheckDefinition = {
  id: "seccompProfile_restricted",
  level: "restricted",
  versions: [
    { minVersion: 19, check: seccompProfileRestrictedV1Dot19 },
    { minVersion: 25, check: seccompProfileRestrictedV1Dot25 },
  ],
  overrides: [seccompProfileBaseline.id],
};
