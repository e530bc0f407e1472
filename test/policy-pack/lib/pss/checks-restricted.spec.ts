import { app, container, init, tweak, TestPod } from "./fixtures";
import { Case, runCases } from "./cases";

// Expected reasons and details are written from upstream policy/check_*.go format strings and
// policy/*_test.go expectations (kubernetes/pod-security-admission 8f84a87c).

/** Upstream's minimal restricted Windows pod (test/fixtures.go): runAsNonRoot only. */
function windowsPod(): TestPod {
  return tweak((p) => {
    p.spec.os = { name: "windows" };
    p.spec.securityContext = { runAsNonRoot: true };
    for (const c of [init(p), app(p)]) c.securityContext = {};
  });
}

const cases: Case[] = [
  { name: "allows the hardened pod", level: "restricted", version: "latest", pod: tweak(() => undefined), expect: [] },
  { name: "allows the hardened pod at v1.0", level: "restricted", version: "v1.0", pod: tweak(() => undefined), expect: [] },
  {
    name: "reports allowPrivilegeEscalation=true",
    level: "restricted",
    version: "v1.8",
    pod: tweak((p) => (app(p).securityContext.allowPrivilegeEscalation = true)),
    expect: [["allowPrivilegeEscalation", "allowPrivilegeEscalation != false", 'container "app" must set securityContext.allowPrivilegeEscalation=false']],
  },
  {
    name: "does not check allowPrivilegeEscalation before v1.8",
    level: "restricted",
    version: "v1.7",
    pod: tweak((p) => delete init(p).securityContext.allowPrivilegeEscalation),
    expect: [],
  },
  {
    name: "reports an unset allowPrivilegeEscalation on an ephemeral container",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      const debug = container("debug");
      delete debug.securityContext.allowPrivilegeEscalation;
      p.spec.ephemeralContainers = [debug];
    }),
    expect: [["allowPrivilegeEscalation", "allowPrivilegeEscalation != false", 'container "debug" must set securityContext.allowPrivilegeEscalation=false']],
  },
  {
    name: "reports missing drop ALL and forbidden adds together",
    level: "restricted",
    version: "v1.22",
    pod: tweak((p) => {
      init(p).securityContext.capabilities.drop = ["NET_RAW"];
      app(p).securityContext.capabilities.add = ["SYS_ADMIN", "NET_BIND_SERVICE"];
    }),
    expect: [
      [
        "capabilities_restricted",
        "unrestricted capabilities",
        'container "init" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add',
      ],
    ],
  },
  {
    name: "replaces capabilities_baseline from v1.22",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => (app(p).securityContext.capabilities.add = ["CHOWN"])),
    expect: [["capabilities_restricted", "unrestricted capabilities", 'container "app" must not include "CHOWN" in securityContext.capabilities.add']],
  },
  {
    name: "runs capabilities_baseline before v1.22",
    level: "restricted",
    version: "v1.21",
    pod: tweak((p) => {
      app(p).securityContext.capabilities = { add: ["CHOWN", "SYS_ADMIN"] };
    }),
    expect: [["capabilities_baseline", "non-default capabilities", 'container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add']],
  },
  {
    name: "judges a Windows pod like any other before v1.25",
    level: "restricted",
    version: "v1.24",
    pod: windowsPod(),
    expect: [
      ["allowPrivilegeEscalation", "allowPrivilegeEscalation != false", 'containers "init", "app" must set securityContext.allowPrivilegeEscalation=false'],
      ["capabilities_restricted", "unrestricted capabilities", 'containers "init", "app" must set securityContext.capabilities.drop=["ALL"]'],
      [
        "seccompProfile_restricted",
        "seccompProfile",
        'pod or containers "init", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      ],
    ],
  },
  { name: "exempts a Windows pod from three checks from v1.25", level: "restricted", version: "v1.25", pod: windowsPod(), expect: [] },
  {
    name: "does not exempt a Windows pod from runAsNonRoot",
    level: "restricted",
    version: "latest",
    pod: (() => {
      const p = windowsPod();
      p.spec.securityContext = {};
      return p;
    })(),
    expect: [["runAsNonRoot", "runAsNonRoot != true", 'pod or containers "init", "app" must set securityContext.runAsNonRoot=true']],
  },
  {
    name: "reports hostPath only as a restricted volume type",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => p.spec.volumes.push({ name: "host", hostPath: { path: "/" } })),
    expect: [["restrictedVolumes", "restricted volume types", 'volume "host" uses restricted volume type "hostPath"']],
  },
  {
    name: "reports restricted volume types, sorted",
    level: "restricted",
    version: "v1.0",
    pod: tweak((p) =>
      p.spec.volumes.push({ name: "nfs", nfs: { server: "nfs.example", path: "/" } }, { name: "git", gitRepo: { repository: "x" } }),
    ),
    expect: [["restrictedVolumes", "restricted volume types", 'volumes "nfs", "git" use restricted volume types "gitRepo", "nfs"']],
  },
  {
    name: "allows every allowed volume type and a sourceless volume (defaulted to emptyDir)",
    level: "restricted",
    version: "latest",
    pod: tweak((p) =>
      p.spec.volumes.push(
        { name: "scratch" },
        { name: "cm", configMap: { name: "c" } },
        { name: "csi", csi: { driver: "d" } },
        { name: "down", downwardAPI: { items: [] } },
        { name: "eph", ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: "img", image: { reference: "registry.example/data:1" } },
        { name: "pvc", persistentVolumeClaim: { claimName: "c" } },
        { name: "proj", projected: { sources: [] } },
        { name: "sec", secret: { secretName: "s" } },
      ),
    ),
    expect: [],
  },
  {
    name: "requires runAsNonRoot at pod level or on every container",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      delete p.spec.securityContext.runAsNonRoot;
      app(p).securityContext.runAsNonRoot = true;
    }),
    expect: [["runAsNonRoot", "runAsNonRoot != true", 'pod or container "init" must set securityContext.runAsNonRoot=true']],
  },
  {
    name: "reports explicit runAsNonRoot=false before implicit gaps",
    level: "restricted",
    version: "v1.34",
    pod: tweak((p) => {
      p.spec.securityContext.runAsNonRoot = false;
      app(p).securityContext.runAsNonRoot = false;
      p.spec.hostUsers = false;
    }),
    expect: [["runAsNonRoot", "runAsNonRoot != true", 'pod and container "app" must not set securityContext.runAsNonRoot=false']],
  },
  {
    name: "relaxes runAsNonRoot and runAsUser in a user namespace from v1.35",
    level: "restricted",
    version: "v1.35",
    pod: tweak((p) => {
      p.spec.securityContext.runAsNonRoot = false;
      p.spec.securityContext.runAsUser = 0;
      p.spec.hostUsers = false;
    }),
    expect: [],
  },
  {
    name: "reports runAsUser=0 at pod and container level",
    level: "restricted",
    version: "v1.23",
    pod: tweak((p) => {
      p.spec.securityContext.runAsUser = 0;
      app(p).securityContext.runAsUser = 0;
    }),
    expect: [["runAsUser", "runAsUser=0", 'pod and container "app" must not set runAsUser=0']],
  },
  {
    name: "does not check runAsUser before v1.23",
    level: "restricted",
    version: "v1.22",
    pod: tweak((p) => (app(p).securityContext.runAsUser = 0)),
    expect: [],
  },
  {
    name: "reports runAsUser=0 with host users at v1.35",
    level: "restricted",
    version: "v1.35",
    pod: tweak((p) => {
      init(p).securityContext.runAsUser = 0;
      p.spec.hostUsers = true;
    }),
    expect: [["runAsUser", "runAsUser=0", 'container "init" must not set runAsUser=0']],
  },
  {
    name: "keeps procMount unconditional in restricted from v1.35",
    level: "restricted",
    version: "v1.35",
    pod: tweak((p) => {
      app(p).securityContext.procMount = "Unmasked";
      p.spec.hostUsers = false;
    }),
    expect: [["procMount_restricted", "procMount", 'container "app" must not set securityContext.procMount to "Unmasked"']],
  },
  {
    name: "runs the baseline procMount check in restricted before v1.35",
    level: "restricted",
    version: "v1.34",
    pod: tweak((p) => (app(p).securityContext.procMount = "Unmasked")),
    expect: [["procMount", "procMount", 'container "app" must not set securityContext.procMount to "Unmasked"']],
  },
  {
    name: "requires a seccomp profile from v1.19",
    level: "restricted",
    version: "v1.19",
    pod: tweak((p) => delete p.spec.securityContext.seccompProfile),
    expect: [
      [
        "seccompProfile_restricted",
        "seccompProfile",
        'pod or containers "init", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      ],
    ],
  },
  {
    name: "reports only the explicit setter when the pod profile is unconfined",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      p.spec.securityContext.seccompProfile = { type: "Unconfined" };
      app(p).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "p.json" };
    }),
    expect: [["seccompProfile_restricted", "seccompProfile", 'pod must not set securityContext.seccompProfile.type to "Unconfined"']],
  },
  {
    name: "reports an unconfined container under a valid pod profile",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => (app(p).securityContext.seccompProfile = { type: "Unconfined" })),
    expect: [["seccompProfile_restricted", "seccompProfile", 'container "app" must not set securityContext.seccompProfile.type to "Unconfined"']],
  },
  {
    name: "does not require a seccomp profile before v1.19 but checks annotations",
    level: "restricted",
    version: "v1.18",
    pod: tweak((p) => {
      delete p.spec.securityContext.seccompProfile;
      p.metadata.annotations["container.seccomp.security.alpha.kubernetes.io/init"] = "unconfined";
    }),
    expect: [["seccompProfile_baseline", "seccompProfile", 'forbidden annotation container.seccomp.security.alpha.kubernetes.io/init="unconfined"']],
  },
  {
    name: "lists baseline failures before restricted ones",
    level: "restricted",
    version: "latest",
    pod: tweak((p) => {
      app(p).securityContext.allowPrivilegeEscalation = true;
      app(p).securityContext.privileged = true;
      p.spec.hostPID = true;
    }),
    expect: [
      ["hostNamespaces", "host namespaces", "hostPID=true"],
      ["privileged", "privileged", 'container "app" must not set securityContext.privileged=true'],
      ["allowPrivilegeEscalation", "allowPrivilegeEscalation != false", 'container "app" must set securityContext.allowPrivilegeEscalation=false'],
    ],
  },
  {
    name: "runs no checks at privileged",
    level: "privileged",
    version: "latest",
    pod: tweak((p) => {
      p.spec.hostNetwork = true;
      app(p).securityContext.privileged = true;
    }),
    expect: [],
  },
];

describe("Pod Security Standards restricted checks", () => runCases(cases));
