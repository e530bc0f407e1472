/** Mirrors upstream policy/check_seLinuxOptions.go. */
import { joinQuote, nameOf, pluralize, read, sortedSet, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckFn, CheckResult, forbidden } from "../types";
import { visitContainers } from "../visitor";

const ALLOWED_TYPES_V1_0: ReadonlySet<unknown> = new Set(["", "container_t", "container_init_t", "container_kvm_t"]);
const ALLOWED_TYPES_V1_31: ReadonlySet<unknown> = new Set([...ALLOWED_TYPES_V1_0, "container_engine_t"]);

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<unknown>): CheckFn {
  return (_metadata: unknown, spec: unknown): CheckResult => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;

    // Judges one set seLinuxOptions. A wrong-typed options object reads every field as INVALID,
    // so it is reported as a bad type that also sets user and role.
    const isValid = (owner: unknown): boolean => {
      let valid = true;
      const type = read(owner, "securityContext", "seLinuxOptions", "type") ?? "";
      if (!allowedTypes.has(type)) {
        valid = false;
        badTypes.push(textOf(type));
      }
      const user = read(owner, "securityContext", "seLinuxOptions", "user");
      if (user !== undefined && user !== "") {
        valid = false;
        setUser = true;
      }
      const role = read(owner, "securityContext", "seLinuxOptions", "role");
      if (role !== undefined && role !== "") {
        valid = false;
        setRole = true;
      }
      return valid;
    };

    const badSetters: string[] = [];
    if (read(spec, "securityContext", "seLinuxOptions") !== undefined && !isValid(spec)) badSetters.push("pod");

    const badContainers: string[] = [];
    visitContainers(spec, (container) => {
      if (read(container, "securityContext", "seLinuxOptions") !== undefined && !isValid(container)) {
        badContainers.push(nameOf(container));
      }
    });
    if (badContainers.length > 0) {
      badSetters.push(`${pluralize("container", "containers", badContainers.length)} ${joinQuote(badContainers)}`);
    }
    if (badSetters.length === 0) return ALLOWED;

    const badData: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) badData.push(`${pluralize("type", "types", types.length)} ${joinQuote(types)}`);
    if (setUser) badData.push("user may not be set");
    if (setRole) badData.push("role may not be set");
    return forbidden(
      "seLinuxOptions",
      `${badSetters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${badData.join("; ")}`,
    );
  };
}

/** Baseline: SELinux type limited to container types; user and role may not be set. */
export const seLinuxOptions: CheckDefinition = {
  id: "seLinuxOptions",
  level: "baseline",
  versions: [
    { minVersion: 0, check: seLinuxOptionsCheck(ALLOWED_TYPES_V1_0) },
    { minVersion: 31, check: seLinuxOptionsCheck(ALLOWED_TYPES_V1_31) },
  ],
};
