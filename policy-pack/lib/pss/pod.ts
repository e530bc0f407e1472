/** Pod-level predicates shared by several checks (mirrors upstream policy/helpers.go). */
import { read } from "./read";

/**
 * True when `spec.os.name` is `windows`: from v1.25 some restricted checks exempt Windows pods,
 * whose Linux-only fields the API server rejects. A wrong-typed `os` is not Windows (no exemption).
 */
export function isWindowsPod(spec: unknown): boolean {
  return read(spec, "os", "name") === "windows";
}

/**
 * True when the pod runs in a user namespace (`spec.hostUsers: false`), which relaxes some checks
 * from v1.35 (upstream `relaxPolicyForUserNamespacePod`). Only an explicit boolean `false` counts.
 */
export function isUserNamespacePod(spec: unknown): boolean {
  return read(spec, "hostUsers") === false;
}
