/** Mirrors upstream policy/check_hostPathVolumes.go. */
import { joinQuote, nameOf, pluralize, read, visitList } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";

function hostPathVolumesV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const hostVolumes: string[] = [];
  visitList(spec, ["volumes"], (volume) => {
    // Any non-null hostPath (even wrong-typed), or a volume that is not an object, fails.
    if (read(volume, "hostPath") !== undefined) hostVolumes.push(nameOf(volume));
  });
  if (hostVolumes.length === 0) return ALLOWED;
  return forbidden("hostPath volumes", `${pluralize("volume", "volumes", hostVolumes.length)} ${joinQuote(hostVolumes)}`);
}

/** Baseline: no hostPath volumes. */
export const hostPathVolumes: CheckDefinition = {
  id: "hostPathVolumes",
  level: "baseline",
  versions: [{ minVersion: 0, check: hostPathVolumesV1Dot0 }],
};
