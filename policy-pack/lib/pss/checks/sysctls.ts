/** Mirrors upstream policy/check_sysctls.go. */
import { describeInvalid, read, textOf } from "../read";
import { ALLOWED, CheckDefinition, CheckFn, CheckResult, forbidden } from "../types";

/** The "safe" sysctls (namespaced and isolated per pod), growing version by version. */
const SAFE_V1_0 = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];
const SAFE_V1_27 = [...SAFE_V1_0, "net.ipv4.ip_local_reserved_ports"];
const SAFE_V1_29 = [
  ...SAFE_V1_27,
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
const SAFE_V1_32 = [...SAFE_V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const SAFE_V1_37 = [...SAFE_V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

function sysctlsCheck(safe: readonly string[]): CheckFn {
  const allowed: ReadonlySet<unknown> = new Set(safe);
  return (_metadata: unknown, spec: unknown): CheckResult => {
    const forbiddenSysctls: string[] = [];
    const sysctls = read(spec, "securityContext", "sysctls");
    if (Array.isArray(sysctls)) {
      for (let i = 0; i < sysctls.length; i++) {
        // An unnamed sysctl is Go's "" (not safe); a wrong-typed entry or name is reported.
        const name = read(sysctls[i], "name") ?? "";
        if (!allowed.has(name)) forbiddenSysctls.push(textOf(name));
      }
    } else if (sysctls !== undefined) {
      forbiddenSysctls.push(describeInvalid(sysctls));
    }
    // Upstream keeps pod order and duplicates here (no set).
    if (forbiddenSysctls.length === 0) return ALLOWED;
    return forbidden("forbidden sysctls", forbiddenSysctls.join(", "));
  };
}

/** Baseline: only the safe sysctls of the version may be set. */
export const sysctls: CheckDefinition = {
  id: "sysctls",
  level: "baseline",
  versions: [
    { minVersion: 0, check: sysctlsCheck(SAFE_V1_0) },
    { minVersion: 27, check: sysctlsCheck(SAFE_V1_27) },
    { minVersion: 29, check: sysctlsCheck(SAFE_V1_29) },
    { minVersion: 32, check: sysctlsCheck(SAFE_V1_32) },
    { minVersion: 37, check: sysctlsCheck(SAFE_V1_37) },
  ],
};
