/** Mirrors upstream policy/check_hostProbesAndhostLifecycle.go. */
import { joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const LIFECYCLE_HANDLERS = ["postStart", "preStop"] as const;
const ACTIONS = ["httpGet", "tcpSocket"] as const;

/**
 * The non-empty hosts a probe or lifecycle handler sets. A wrong-typed handler, action or host is
 * reported (it could name any host).
 */
function forbiddenHosts(handler: unknown): string[] {
  const hosts: string[] = [];
  if (handler === undefined) return hosts;
  for (const action of ACTIONS) {
    if (read(handler, action) === undefined) continue;
    const host = read(handler, action, "host");
    if (host !== undefined && host !== "") hosts.push(textOf(host));
  }
  return hosts;
}

function hostProbesAndHostLifecycleV1Dot34(_metadata: unknown, spec: unknown): CheckResult {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  visitContainers(spec, (container) => {
    const handlers: unknown[] = PROBES.map((probe) => read(container, probe));
    if (read(container, "lifecycle") !== undefined) {
      for (const name of LIFECYCLE_HANDLERS) handlers.push(read(container, "lifecycle", name));
    }
    for (const handler of handlers) {
      const found = forbiddenHosts(handler);
      if (found.length > 0) {
        badContainers.push(nameOf(container));
        hosts.push(...found);
      }
    }
  });

  if (badContainers.length === 0) return ALLOWED;
  // Upstream collects both lists in sets: names are deduplicated and sorted, not in pod order.
  const names = sortedSet(badContainers);
  const uniqueHosts = sortedSet(hosts);
  return forbidden(
    "probe or lifecycle host",
    `${pluralize("container", "containers", names.length)} ${joinQuote(names)} ` +
      `${pluralize("uses", "use", names.length)} ` +
      `${pluralize("probe or lifecycle host", "probe or lifecycle hosts", uniqueHosts.length)} ${joinQuote(uniqueHosts)}`,
  );
}

/** Baseline (v1.34+): probes and lifecycle handlers may not target another host. */
export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: "hostProbesAndHostLifecycle",
  level: "baseline",
  versions: [{ minVersion: 34, check: hostProbesAndHostLifecycleV1Dot34 }],
};
