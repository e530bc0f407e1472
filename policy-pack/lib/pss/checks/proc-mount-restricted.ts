/** Mirrors upstream policy/check_procMount_restricted.go. */
import { CheckDefinition } from "../types";
import { procMount, procMountUnmaskedForbidden } from "./proc-mount";

/**
 * Restricted (v1.35+): /proc stays masked even in a user namespace. It replaces the baseline
 * `procMount` check, which from v1.35 relaxes for user-namespace pods; before v1.35 the baseline
 * check already applied the same unconditional rule.
 */
export const procMountRestricted: CheckDefinition = {
  id: "procMount_restricted",
  level: "restricted",
  versions: [{ minVersion: 35, check: procMountUnmaskedForbidden }],
  overrides: [procMount.id],
};
