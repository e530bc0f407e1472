import { app, container, init, tweak } from "./fixtures";
import { Case, runCases } from "./cases";

// Expected reasons and details are written from upstream policy/check_*.go format strings and
// policy/*_test.go expectations (kubernetes/pod-security-admission 8f84a87c).
const cases: Case[] = [
  {
    name: "allows the hardened pod at baseline",
    level: "baseline",
    version: "latest",
    pod: tweak(() => undefined),
    expect: [],
  },
  {
    name: "reports a privileged container",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (app(p).securityContext.privileged = true)),
    expect: [["privileged", "privileged", 'container "app" must not set securityContext.privileged=true']],
  },
  {
    name: "names init containers before containers, pluralised",
    level: "restricted",
    version: "v1.30",
    pod: tweak((p) => {
      app(p).securityContext.privileged = true;
      init(p).securityContext.privileged = true;
    }),
    expect: [["privileged", "privileged", 'containers "init", "app" must not set securityContext.privileged=true']],
  },
  {
    name: "walks ephemeral containers",
    level: "baseline",
    version: "v1.0",
    pod: tweak((p) => {
      const debug = container("debug");
      debug.securityContext.privileged = true;
      p.spec.ephemeralContainers = [debug];
    }),
    expect: [["privileged", "privileged", 'container "debug" must not set securityContext.privileged=true']],
  },
  {
    name: "reports host namespaces in upstream's order",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => {
      p.spec.hostIPC = true;
      p.spec.hostPID = true;
    }),
    expect: [["hostNamespaces", "host namespaces", "hostPID=true, hostIPC=true"]],
  },
  {
    name: "defaults hostPort to containerPort under hostNetwork, as the API server does",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (p.spec.hostNetwork = true)),
    expect: [
      ["hostNamespaces", "host namespaces", "hostNetwork=true"],
      ["hostPorts", "hostPort", 'containers "init", "app" use hostPort 8080'],
    ],
  },
  {
    name: "reports hostPath volumes at baseline",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => p.spec.volumes.push({ name: "host", hostPath: { path: "/" } })),
    expect: [["hostPathVolumes", "hostPath volumes", 'volume "host"']],
  },
  {
    name: "reports host ports sorted as text",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => {
      app(p).ports[0].hostPort = 9;
      init(p).ports[0].hostPort = 10000;
    }),
    expect: [["hostPorts", "hostPort", 'containers "init", "app" use hostPorts 10000, 9']],
  },
  {
    name: "reports one host port in the singular",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (app(p).ports[0].hostPort = 9090)),
    expect: [["hostPorts", "hostPort", 'container "app" uses hostPort 9090']],
  },
  {
    name: "ignores probe hosts before v1.34",
    level: "baseline",
    version: "v1.33",
    pod: tweak((p) => (app(p).livenessProbe = { httpGet: { host: "10.0.0.1", port: 80 } })),
    expect: [],
  },
  {
    name: "reports a probe host from v1.34",
    level: "baseline",
    version: "v1.34",
    pod: tweak((p) => (app(p).livenessProbe = { httpGet: { host: "10.0.0.1", port: 80 } })),
    expect: [["hostProbesAndHostLifecycle", "probe or lifecycle host", 'container "app" uses probe or lifecycle host "10.0.0.1"']],
  },
  {
    name: "sorts probe and lifecycle hosts and container names",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      init(p).readinessProbe = { tcpSocket: { host: "b.example", port: 80 } };
      app(p).lifecycle = { preStop: { httpGet: { host: "a.example", port: 80 } } };
    }),
    expect: [
      ["hostProbesAndHostLifecycle", "probe or lifecycle host", 'containers "app", "init" use probe or lifecycle hosts "a.example", "b.example"'],
    ],
  },
  {
    name: "allows an empty probe host",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (app(p).startupProbe = { httpGet: { host: "", port: 80 } })),
    expect: [],
  },
  {
    name: "reports an unconfined AppArmor annotation",
    level: "baseline",
    version: "v1.0",
    pod: tweak((p) => (p.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"] = "unconfined")),
    expect: [
      [
        "appArmorProfile",
        "forbidden AppArmor profile",
        'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined""',
      ],
    ],
  },
  {
    name: "allows localhost and runtime/default AppArmor annotations",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      p.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"] = "localhost/custom";
      p.metadata.annotations["container.apparmor.security.beta.kubernetes.io/init"] = "runtime/default";
    }),
    expect: [],
  },
  {
    name: "reports unconfined AppArmor fields once per value",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => {
      p.spec.securityContext.appArmorProfile = { type: "Unconfined" };
      app(p).securityContext.appArmorProfile = { type: "Unconfined" };
    }),
    expect: [["appArmorProfile", "forbidden AppArmor profile", 'pod and container "app" must not set AppArmor profile type to "Unconfined"']],
  },
  {
    name: "reports non-default capabilities, sorted",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (app(p).securityContext.capabilities.add = ["chown", "NET_ADMIN", "CHOWN"])),
    expect: [
      ["capabilities_baseline", "non-default capabilities", 'container "app" must not include "NET_ADMIN", "chown" in securityContext.capabilities.add'],
    ],
  },
  {
    name: "reports an unmasked procMount",
    level: "baseline",
    version: "v1.34",
    pod: tweak((p) => {
      app(p).securityContext.procMount = "Unmasked";
      p.spec.hostUsers = false;
    }),
    expect: [["procMount", "procMount", 'container "app" must not set securityContext.procMount to "Unmasked"']],
  },
  {
    name: "allows an unmasked procMount in a user namespace from v1.35",
    level: "baseline",
    version: "v1.35",
    pod: tweak((p) => {
      app(p).securityContext.procMount = "Unmasked";
      p.spec.hostUsers = false;
    }),
    expect: [],
  },
  {
    name: "reports an unmasked procMount with host users at v1.35",
    level: "baseline",
    version: "v1.35",
    pod: tweak((p) => {
      init(p).securityContext.procMount = "Unmasked";
      p.spec.hostUsers = true;
    }),
    expect: [["procMount", "procMount", 'container "init" must not set securityContext.procMount to "Unmasked"']],
  },
  {
    name: "rejects container_engine_t before v1.31",
    level: "baseline",
    version: "v1.30",
    pod: tweak((p) => {
      p.spec.securityContext.seLinuxOptions = { type: "spc_t", user: "system_u", role: "system_r" };
      app(p).securityContext.seLinuxOptions = { type: "container_engine_t" };
    }),
    expect: [
      [
        "seLinuxOptions",
        "seLinuxOptions",
        'pod and container "app" set forbidden securityContext.seLinuxOptions: types "container_engine_t", "spc_t"; user may not be set; role may not be set',
      ],
    ],
  },
  {
    name: "allows container_engine_t from v1.31",
    level: "baseline",
    version: "v1.31",
    pod: tweak((p) => {
      p.spec.securityContext.seLinuxOptions = { type: "spc_t", user: "system_u", role: "system_r" };
      app(p).securityContext.seLinuxOptions = { type: "container_engine_t" };
    }),
    expect: [["seLinuxOptions", "seLinuxOptions", 'pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set']],
  },
  {
    name: "does not check the SELinux level",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => (app(p).securityContext.seLinuxOptions = { level: "s0:c123,c456", type: "container_t" })),
    expect: [],
  },
  {
    name: "reports seccomp annotations up to v1.18, sorted",
    level: "baseline",
    version: "v1.18",
    pod: tweak((p) => {
      p.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined";
      p.metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"] = "unconfined";
      p.metadata.annotations["container.seccomp.security.alpha.kubernetes.io/init"] = "docker/default";
    }),
    expect: [
      [
        "seccompProfile_baseline",
        "seccompProfile",
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/app="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
      ],
    ],
  },
  {
    name: "ignores seccomp annotations from v1.19",
    level: "baseline",
    version: "v1.19",
    pod: tweak((p) => (p.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined")),
    expect: [],
  },
  {
    name: "ignores seccomp fields up to v1.18",
    level: "baseline",
    version: "v1.18",
    pod: tweak((p) => (app(p).securityContext.seccompProfile = { type: "Unconfined" })),
    expect: [],
  },
  {
    name: "reports an unconfined seccomp field from v1.19",
    level: "baseline",
    version: "v1.19",
    pod: tweak((p) => (app(p).securityContext.seccompProfile = { type: "Unconfined" })),
    expect: [["seccompProfile_baseline", "seccompProfile", 'container "app" must not set securityContext.seccompProfile.type to "Unconfined"']],
  },
  {
    name: "reports a pod-level hostProcess and a container's",
    level: "baseline",
    version: "latest",
    pod: tweak((p) => {
      p.spec.securityContext.windowsOptions = { hostProcess: true };
      app(p).securityContext.windowsOptions = { hostProcess: true };
    }),
    expect: [["windowsHostProcess", "hostProcess", 'pod and container "app" must not set securityContext.windowsOptions.hostProcess=true']],
  },
];

const sysctlBoundaries: Array<[string, number]> = [
  ["net.ipv4.ip_local_reserved_ports", 27],
  ["net.ipv4.tcp_keepalive_time", 29],
  ["net.ipv4.tcp_fin_timeout", 29],
  ["net.ipv4.tcp_keepalive_intvl", 29],
  ["net.ipv4.tcp_keepalive_probes", 29],
  ["net.ipv4.tcp_rmem", 32],
  ["net.ipv4.tcp_wmem", 32],
  ["net.ipv4.tcp_slow_start_after_idle", 37],
  ["net.ipv4.tcp_notsent_lowat", 37],
];
for (const [name, since] of sysctlBoundaries) {
  const pod = tweak((p) => (p.spec.securityContext.sysctls = [{ name, value: "1" }]));
  cases.push({ name: `forbids ${name} before v1.${since}`, level: "baseline", version: `v1.${since - 1}`, pod, expect: [["sysctls", "forbidden sysctls", name]] });
  cases.push({ name: `allows ${name} from v1.${since}`, level: "baseline", version: `v1.${since}`, pod, expect: [] });
}
cases.push(
  {
    name: "allows the v1.0 safe sysctls",
    level: "baseline",
    version: "v1.0",
    pod: tweak(
      (p) =>
        (p.spec.securityContext.sysctls = [
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_unprivileged_port_start",
        ].map((name) => ({ name, value: "1" }))),
    ),
    expect: [],
  },
  {
    name: "lists forbidden sysctls in pod order, with duplicates",
    level: "baseline",
    version: "latest",
    pod: tweak(
      (p) =>
        (p.spec.securityContext.sysctls = [
          { name: "net.core.somaxconn", value: "1" },
          { name: "kernel.msgmax", value: "1" },
          { name: "net.core.somaxconn", value: "2" },
        ]),
    ),
    expect: [["sysctls", "forbidden sysctls", "net.core.somaxconn, kernel.msgmax, net.core.somaxconn"]],
  },
  {
    name: "evaluates a future version as the newest",
    level: "baseline",
    version: "v1.99",
    pod: tweak((p) => (p.spec.securityContext.sysctls = [{ name: "net.ipv4.tcp_notsent_lowat", value: "1" }])),
    expect: [],
  },
);

describe("Pod Security Standards baseline checks", () => runCases(cases));
