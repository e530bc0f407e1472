/**
 * A hardened pod that passes the restricted level at every version, and helpers to tweak it.
 * Every spec starts from this baseline and changes one thing.
 */

/** A plain pod: metadata (ObjectMeta) and spec (PodSpec). */
export interface TestPod {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

function hardenedContainer(name: string): Record<string, any> {
  return {
    name,
    image: "registry.example/app:1.0",
    ports: [{ containerPort: 8080 }],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsUser: 1000,
    },
  };
}

/** A fresh restricted-compliant pod with an init container `init` and a container `app`. */
export function hardenedPod(): TestPod {
  return {
    metadata: { name: "web", annotations: { "example.com/owner": "team-a" }, labels: { app: "web" } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      initContainers: [hardenedContainer("init")],
      containers: [hardenedContainer("app")],
      volumes: [{ name: "tmp", emptyDir: {} }],
    },
  };
}

/** A hardened pod with one tweak applied. */
export function tweak(change: (pod: TestPod) => void): TestPod {
  const pod = hardenedPod();
  change(pod);
  return pod;
}

/** A hardened container for extra entries (e.g. ephemeral containers). */
export function container(name: string): Record<string, any> {
  return hardenedContainer(name);
}

/** The init container and the app container of a pod. */
export function init(pod: TestPod): Record<string, any> {
  return pod.spec.initContainers[0];
}
export function app(pod: TestPod): Record<string, any> {
  return pod.spec.containers[0];
}
