/** Mirrors upstream policy/check_capabilities_restricted.go. */
import { isWindowsPod } from "../pod";
import { isRecord, joinQuote, nameOf, pluralize, read, sortedSet } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";
import { capabilitiesBaseline, collectForbiddenAdds } from "./capabilities-baseline";

function capabilitiesRestrictedV1Dot22(_metadata: unknown, spec: unknown): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];

  visitContainers(spec, (container) => {
    const capabilities = read(container, "securityContext", "capabilities");
    // Unset, or of the wrong type (so nothing can be shown to be dropped): must drop ALL.
    if (!isRecord(capabilities)) {
      missingDropAll.push(nameOf(container));
      return;
    }
    const drop = read(capabilities, "drop");
    let droppedAll = false;
    if (Array.isArray(drop)) {
      for (let i = 0; i < drop.length && !droppedAll; i++) droppedAll = drop[i] === "ALL";
    }
    if (!droppedAll) missingDropAll.push(nameOf(container));
    if (collectForbiddenAdds(capabilities, (cap) => cap === "NET_BIND_SERVICE", forbiddenCapabilities)) {
      addingForbidden.push(nameOf(container));
    }
  });

  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(
      `${pluralize("container", "containers", missingDropAll.length)} ${joinQuote(missingDropAll)} ` +
        'must set securityContext.capabilities.drop=["ALL"]',
    );
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${pluralize("container", "containers", addingForbidden.length)} ${joinQuote(addingForbidden)} ` +
        `must not include ${joinQuote(sortedSet(forbiddenCapabilities))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return ALLOWED;
  return forbidden("unrestricted capabilities", details.join("; "));
}

/** v1.25: Windows pods are exempt (the API server rejects capabilities on them). */
function capabilitiesRestrictedV1Dot25(metadata: unknown, spec: unknown): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return capabilitiesRestrictedV1Dot22(metadata, spec);
}

/** Restricted: containers drop ALL capabilities and may add back only NET_BIND_SERVICE. */
export const capabilitiesRestricted: CheckDefinition = {
  id: "capabilities_restricted",
  level: "restricted",
  versions: [
    { minVersion: 22, check: capabilitiesRestrictedV1Dot22 },
    { minVersion: 25, check: capabilitiesRestrictedV1Dot25 },
  ],
  overrides: [capabilitiesBaseline.id],
};
