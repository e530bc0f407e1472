/** Mirrors upstream policy/check_windowsHostProcess.go. */
import { joinQuote, nameOf, pluralize, read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** Unset and false pass; true and wrong-typed values are judged as host processes. */
function setsHostProcess(owner: unknown): boolean {
  const value = read(owner, "securityContext", "windowsOptions", "hostProcess");
  return value !== undefined && value !== false;
}

function windowsHostProcessV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    if (setsHostProcess(container)) badContainers.push(nameOf(container));
  });
  const setters: string[] = [];
  if (setsHostProcess(spec)) setters.push("pod");
  if (badContainers.length > 0) {
    setters.push(`${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)}`);
  }
  if (setters.length === 0) return ALLOWED;
  return forbidden("hostProcess", `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true`);
}

/** Baseline: no Windows HostProcess containers (they run with host access). */
export const windowsHostProcess: CheckDefinition = {
  id: "windowsHostProcess",
  level: "baseline",
  versions: [{ minVersion: 0, check: windowsHostProcessV1Dot0 }],
};
