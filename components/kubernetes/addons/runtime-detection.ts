/**
 * Runtime detection (checklist "runtime protection"): Falco on every node with the hardening
 * guide's detections: a shell in a container, reads of sensitive files, network tools, crypto
 * miners and container-escape attempts. The rules are self-contained (they use no macro of the
 * upstream ruleset) so they load the same on every Falco version the chart pin allows.
 *
 * Falco watches the kernel from every node, so its namespace must run privileged pods: the one
 * weakening here, reported by the pack and handed over as a justified exemption (`exemptions`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as YAML from "yaml";
import { TOKENS } from "../../tokens";
import { Problems, checkNamespaceName, checkProvider, pathOf } from "../args";
import { PackExemption } from "../exemptions";
import { HardenedNamespace } from "../hardened-namespace";
import { CHARTS, isPinnedVersion } from "./charts";
import { AddonSources, chartSourceOf, checkSources } from "./sources";

/** A Falco rules-file entry: a list, a macro or a rule. */
export type FalcoRuleEntry =
    | { readonly list: string; readonly items: readonly string[] }
    | { readonly macro: string; readonly condition: string }
    | { readonly rule: string; readonly desc: string; readonly condition: string; readonly output: string; readonly priority: string; readonly tags: readonly string[] };

const CONTEXT = "k8s_ns=%k8s.ns.name k8s_pod=%k8s.pod.name container=%container.id image=%container.image.repository user=%user.name cmdline=%proc.cmdline";

/** The hardening guide's runtime detections, as a Falco rules file. */
export const GUIDE_RULES: readonly FalcoRuleEntry[] = [
    { list: "hcb_shell_binaries", items: ["sh", "bash", "dash", "ash", "zsh", "ksh", "csh", "tcsh", "fish", "busybox"] },
    { list: "hcb_network_tools", items: ["nc", "ncat", "netcat", "nmap", "socat", "tcpdump", "tshark", "masscan", "zmap", "telnet", "ngrep"] },
    { list: "hcb_miner_binaries", items: ["xmrig", "xmr-stak", "minerd", "cpuminer", "ccminer", "ethminer", "t-rex", "nbminer", "lolminer"] },
    { list: "hcb_escape_binaries", items: ["nsenter", "unshare", "chroot", "capsh"] },
    { list: "hcb_sensitive_files", items: ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/pam.conf", "/etc/security/pwquality.conf", "/root/.ssh/authorized_keys", "/root/.ssh/id_rsa"] },
    { macro: "hcb_container", condition: "(container.id != host)" },
    { macro: "hcb_spawned_process", condition: "(evt.type in (execve, execveat))" },
    {
        rule: "Shell in a container",
        desc: "A shell was started inside a container: containers run one process, and an interactive shell is how an intruder looks around.",
        condition: "hcb_spawned_process and hcb_container and proc.name in (hcb_shell_binaries)",
        output: `Shell started in a container (${CONTEXT})`,
        priority: "WARNING",
        tags: ["container", "shell", "mitre_execution"],
    },
    {
        rule: "Sensitive file read in a container",
        desc: "A process in a container opened a credential file (shadow, sudoers, PAM, SSH keys) for reading.",
        condition: "hcb_container and evt.type in (open, openat, openat2) and evt.is_open_read = true and (fd.name in (hcb_sensitive_files) or fd.name startswith /etc/sudoers.d/ or fd.name startswith /root/.ssh/)",
        output: `Sensitive file opened for reading in a container (file=%fd.name ${CONTEXT})`,
        priority: "WARNING",
        tags: ["container", "filesystem", "mitre_credential_access"],
    },
    {
        rule: "Network tool in a container",
        desc: "A network scanning or sniffing tool ran in a container: reconnaissance or lateral movement.",
        condition: "hcb_spawned_process and hcb_container and proc.name in (hcb_network_tools)",
        output: `Network tool started in a container (${CONTEXT})`,
        priority: "NOTICE",
        tags: ["container", "network", "mitre_discovery"],
    },
    {
        rule: "Crypto miner in a container",
        desc: "A known crypto-mining binary ran, or a process named a mining pool protocol on its command line.",
        condition: "hcb_spawned_process and hcb_container and (proc.name in (hcb_miner_binaries) or proc.cmdline contains \"stratum+tcp\" or proc.cmdline contains \"stratum+ssl\")",
        output: `Crypto miner started in a container (${CONTEXT})`,
        priority: "CRITICAL",
        tags: ["container", "process", "mitre_impact"],
    },
    {
        rule: "Container escape attempt",
        desc: "A container entered another namespace, mounted a filesystem, or wrote a cgroup release_agent or the kernel core_pattern: known container-escape techniques.",
        condition:
            "hcb_container and ((hcb_spawned_process and proc.name in (hcb_escape_binaries)) or evt.type in (setns, mount) or " +
            "(evt.type in (open, openat, openat2) and evt.is_open_write = true and (fd.name endswith /release_agent or fd.name = /proc/sys/kernel/core_pattern)))",
        output: `Container escape attempt (syscall=%evt.type file=%fd.name ${CONTEXT})`,
        priority: "CRITICAL",
        tags: ["container", "mitre_privilege_escalation"],
    },
];

/** The rules file's YAML, as Falco reads it. */
export function guideRulesYaml(): string {
    return YAML.stringify(GUIDE_RULES);
}

/** Why Falco's namespace enforces privileged; the same words go into the pack exemption. */
export const FALCO_PRIVILEGED_REASON =
    "Falco's DaemonSet reads kernel events on every node (eBPF, host PID, /proc and /sys mounts), which only the privileged Pod Security level admits.";

export interface RuntimeDetectionArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    /** @default "falco" */
    readonly namespace?: string;
    /** @default CHARTS.falco.version */
    readonly chartVersion?: string;
    /** Mirrors for the chart and images. @default undefined (the upstream chart repository and docker.io) */
    readonly sources?: AddonSources;
}

export const RUNTIME_DETECTION_DEFAULTS = {
    namespace: "falco",
    chartVersion: CHARTS.falco.version,
    /** The modern eBPF probe is built into Falco: no kernel module or driver download (no egress). */
    driver: "modern_ebpf",
    rulesFile: "hardened-guide-rules.yaml",
} as const;

export interface ResolvedRuntimeDetectionArgs {
    readonly provider: k8s.Provider;
    readonly namespace: string;
    readonly chartVersion: string;
    readonly sources?: AddonSources;
}

export function resolveRuntimeDetectionArgs(args: RuntimeDetectionArgs, prefix = ""): ResolvedRuntimeDetectionArgs {
    const problems = new Problems();
    const p = (s: string) => pathOf(prefix, s);
    const d = RUNTIME_DETECTION_DEFAULTS;
    checkProvider(problems, args?.provider, p("provider"));
    const namespace = args?.namespace ?? d.namespace;
    checkNamespaceName(problems, namespace, p("namespace"));
    const chartVersion = args?.chartVersion ?? d.chartVersion;
    if (!isPinnedVersion(chartVersion)) {
        problems.add(`\`${p("chartVersion")}\` must be an exact chart version like "${d.chartVersion}", not ${JSON.stringify(chartVersion)}.`);
    }
    checkSources(problems, args?.sources, undefined, true, prefix);
    problems.throwIfAny("RuntimeDetection");
    return { provider: args.provider, namespace, chartVersion, sources: args.sources };
}

/** Falco with the guide's detections (see the module comment). */
export class RuntimeDetection extends pulumi.ComponentResource {
    public readonly namespace: HardenedNamespace;
    public readonly release: k8s.helm.v3.Release;
    /** The pack exemptions this add-on needs, with their justification, for the stack's pack config. */
    public readonly exemptions: readonly PackExemption[];

    constructor(name: string, args: RuntimeDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveRuntimeDetectionArgs(args);
        super(TOKENS.runtimeDetection, name, {}, opts);
        const provider = r.provider;
        const d = RUNTIME_DETECTION_DEFAULTS;
        const nsName = `${name}-ns`;
        const registry = r.sources?.registry;
        // Falco needs no network: events go to stdout (the node's log pipeline); DNS stays allowed.
        this.namespace = new HardenedNamespace(
            nsName,
            { provider, namespaceName: r.namespace, podSecurity: { level: "privileged", reason: FALCO_PRIVILEGED_REASON } },
            { parent: this },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-falco`,
            {
                name: "falco",
                ...chartSourceOf(CHARTS.falco, r.sources),
                version: r.chartVersion,
                namespace: this.namespace.namespace.metadata.name,
                createNamespace: false,
                atomic: true,
                values: {
                    driver: { kind: d.driver, ...(registry ? { loader: { initContainer: { image: { registry } } } } : {}) },
                    // falcoctl would pull rules and plugins from a public registry at start: off, the
                    // rules ship here, pinned with the component.
                    falcoctl: {
                        artifact: { install: { enabled: false }, follow: { enabled: false } },
                        ...(registry ? { image: { registry } } : {}),
                    },
                    // The chart's images name their registry apart (falco chart values.yaml: `image.registry`,
                    // `falcoctl.image.registry`, `driver.loader.initContainer.image.registry`, all docker.io).
                    ...(registry ? { image: { registry } } : {}),
                    customRules: { [d.rulesFile]: guideRulesYaml() },
                    falco: { rules_files: ["/etc/falco/rules.d"], json_output: true },
                },
            },
            { parent: this, provider, dependsOn: [this.namespace] },
        );
        this.exemptions = this.namespace.exemptions;
        this.registerOutputs({ namespace: this.namespace, release: this.release, exemptions: this.exemptions });
    }
}
