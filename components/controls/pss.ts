import { Control } from "./types";

/**
 * One control per upstream Pod Security Standards check (kubernetes/pod-security-admission,
 * policy/check_*.go). The policy of each is generated from the same table in
 * policy-pack/policies/pod-security.ts, so the pair cannot drift.
 */
interface PodSecurityControlRow {
    readonly check: string;
    readonly id: string;
    readonly policy: string;
    readonly title: string;
    readonly checklist: Control["checklist"];
    readonly severity: Control["severity"];
    readonly cis?: readonly string[];
    readonly checkov?: readonly string[];
}

const NSA = "Kubernetes Pod security: non-root containers, immutable file systems, Pod security enforcement";

/** The upstream check id → our control and policy. Order: upstream registry order. */
export const POD_SECURITY_CONTROL_ROWS: readonly PodSecurityControlRow[] = [
    { check: "allowPrivilegeEscalation", id: "pss-allow-privilege-escalation", policy: "pss-disallow-privilege-escalation", title: "Containers must not allow privilege escalation", checklist: "Pod Security Standards enforced", severity: "high", cis: ["5.2.6"], checkov: ["CKV_K8S_20"] },
    { check: "appArmorProfile", id: "pss-apparmor-profile", policy: "pss-restrict-apparmor-profile", title: "AppArmor profiles must not be overridden or disabled", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "capabilities_baseline", id: "pss-capabilities-baseline", policy: "pss-restrict-added-capabilities", title: "Containers may add only the default capabilities", checklist: "all capabilities dropped", severity: "high", cis: ["5.2.9"], checkov: ["CKV_K8S_25", "CKV_K8S_39"] },
    { check: "capabilities_restricted", id: "pss-capabilities-restricted", policy: "pss-require-drop-all-capabilities", title: "Containers must drop ALL capabilities and add only NET_BIND_SERVICE", checklist: "all capabilities dropped", severity: "high", cis: ["5.2.8", "5.2.10"], checkov: ["CKV_K8S_28", "CKV_K8S_37"] },
    { check: "hostNamespaces", id: "pss-host-namespaces", policy: "pss-disallow-host-namespaces", title: "Pods must not share the host network, PID or IPC namespace", checklist: "Pod Security Standards enforced", severity: "critical", cis: ["5.2.3", "5.2.4", "5.2.5"], checkov: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"] },
    { check: "hostPathVolumes", id: "pss-host-path-volumes", policy: "pss-disallow-host-path-volumes", title: "Pods must not mount hostPath volumes", checklist: "Pod Security Standards enforced", severity: "critical", cis: ["5.2.12"], checkov: ["CKV_K8S_27"] },
    { check: "hostPorts", id: "pss-host-ports", policy: "pss-disallow-host-ports", title: "Containers must not bind host ports", checklist: "Pod Security Standards enforced", severity: "medium", cis: ["5.2.13"], checkov: ["CKV_K8S_26"] },
    { check: "hostProbesAndHostLifecycle", id: "pss-host-probes-lifecycle", policy: "pss-disallow-probe-and-lifecycle-hosts", title: "Probes and lifecycle handlers must not target another host", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "privileged", id: "pss-privileged", policy: "pss-disallow-privileged", title: "Containers must not run privileged", checklist: "Pod Security Standards enforced", severity: "critical", cis: ["5.2.2"], checkov: ["CKV_K8S_16"] },
    { check: "procMount", id: "pss-proc-mount-baseline", policy: "pss-restrict-proc-mount", title: "Containers must use the default /proc mount (unless in a user namespace)", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "procMount_restricted", id: "pss-proc-mount-restricted", policy: "pss-enforce-default-proc-mount", title: "Containers must use the default /proc mount", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "restrictedVolumes", id: "pss-restricted-volumes", policy: "pss-restrict-volume-types", title: "Pods may use only the restricted volume types", checklist: "Pod Security Standards enforced", severity: "high", cis: ["5.2.12"] },
    { check: "runAsNonRoot", id: "pss-run-as-non-root", policy: "pss-require-run-as-non-root", title: "Containers must run as non-root", checklist: "containers run as non-root", severity: "high", cis: ["5.2.7"], checkov: ["CKV_K8S_23"] },
    { check: "runAsUser", id: "pss-run-as-user", policy: "pss-disallow-run-as-root-user", title: "Containers must not set runAsUser 0", checklist: "containers run as non-root", severity: "high", cis: ["5.2.7"], checkov: ["CKV_K8S_40"] },
    { check: "seLinuxOptions", id: "pss-selinux-options", policy: "pss-restrict-selinux-options", title: "SELinux options must not set a custom user, role or type", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "seccompProfile_baseline", id: "pss-seccomp-baseline", policy: "pss-disallow-unconfined-seccomp", title: "Seccomp must not be Unconfined", checklist: "Pod Security Standards enforced", severity: "high", cis: ["5.7.2"] },
    { check: "seccompProfile_restricted", id: "pss-seccomp-restricted", policy: "pss-require-seccomp-profile", title: "Seccomp must be RuntimeDefault or Localhost", checklist: "Pod Security Standards enforced", severity: "high", cis: ["5.7.2"], checkov: ["CKV_K8S_31"] },
    { check: "sysctls", id: "pss-sysctls", policy: "pss-restrict-sysctls", title: "Pods may set only the safe sysctls", checklist: "Pod Security Standards enforced", severity: "medium" },
    { check: "windowsHostProcess", id: "pss-windows-host-process", policy: "pss-disallow-windows-host-process", title: "Windows pods must not run as HostProcess", checklist: "Pod Security Standards enforced", severity: "critical", cis: ["5.2.11"] },
];

export const POD_SECURITY_CONTROLS: readonly Control[] = POD_SECURITY_CONTROL_ROWS.map(row => ({
    id: row.id,
    title: row.title,
    checklist: row.checklist,
    severity: row.severity,
    references: {
        podSecurity: row.check,
        nsaCisa: NSA,
        ...(row.cis ? { cisKubernetes: row.cis } : {}),
        ...(row.checkov ? { checkov: row.checkov } : {}),
    },
    policies: [row.policy],
}));
