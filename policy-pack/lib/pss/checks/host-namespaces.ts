/** Mirrors upstream policy/check_hostNamespaces.go. */
import { read } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";

const HOST_NAMESPACE_FIELDS = ["hostNetwork", "hostPID", "hostIPC"] as const;

function hostNamespacesV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const shared: string[] = [];
  for (const field of HOST_NAMESPACE_FIELDS) {
    // Unset and false pass; true and any wrong-typed value are judged as sharing the namespace.
    const value = read(spec, field);
    if (value !== undefined && value !== false) shared.push(`${field}=true`);
  }
  if (shared.length === 0) return ALLOWED;
  return forbidden("host namespaces", shared.join(", "));
}

/** Baseline: the pod may not share the host's network, PID or IPC namespace. */
export const hostNamespaces: CheckDefinition = {
  id: "hostNamespaces",
  level: "baseline",
  versions: [{ minVersion: 0, check: hostNamespacesV1Dot0 }],
};
