/** Mirrors upstream policy/check_hostPorts.go. */
import { describeInvalid, joinQuote, nameOf, pluralize, read, sortedSet } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

/** A set hostPort as upstream prints it (`strconv.Itoa`), or a description of a wrong type. */
function portText(port: unknown): string {
  return typeof port === "number" && Number.isInteger(port) ? String(port) : describeInvalid(port);
}

function hostPortsV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  // API defaulting (SetDefaults_Pod): with hostNetwork, each port of a container or init container
  // whose hostPort is unset or 0 gets hostPort = containerPort. Judge the pod as defaulted. A
  // wrong-typed hostNetwork is treated as true (the conservative reading).
  const hostNetwork = read(spec, "hostNetwork");
  const defaultsHostPorts = hostNetwork !== undefined && hostNetwork !== false;

  const badContainers: string[] = [];
  const forbiddenPorts: string[] = [];
  visitContainers(spec, (container, list) => {
    const ports = read(container, "ports");
    if (ports === undefined) return;
    let valid = true;
    if (!Array.isArray(ports)) {
      // A wrong-typed port list could hold any host port.
      valid = false;
      forbiddenPorts.push(describeInvalid(ports));
    } else {
      for (let i = 0; i < ports.length; i++) {
        let hostPort = read(ports[i], "hostPort") ?? 0;
        if (hostPort === 0 && defaultsHostPorts && list !== "ephemeralContainers") {
          hostPort = read(ports[i], "containerPort") ?? 0;
        }
        if (hostPort !== 0) {
          valid = false;
          forbiddenPorts.push(portText(hostPort));
        }
      }
    }
    if (!valid) badContainers.push(nameOf(container));
  });

  if (badContainers.length === 0) return ALLOWED;
  const ports = sortedSet(forbiddenPorts);
  return forbidden(
    "hostPort",
    `${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)} ` +
      `${pluralize("uses", "use", badContainers.length)} ${pluralize("hostPort", "hostPorts", ports.length)} ${ports.join(", ")}`,
  );
}

/** Baseline: containers may not bind host ports. */
export const hostPorts: CheckDefinition = {
  id: "hostPorts",
  level: "baseline",
  versions: [{ minVersion: 0, check: hostPortsV1Dot0 }],
};
