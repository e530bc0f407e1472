/**
 * Service-mesh mTLS in STRICT mode: traffic between meshed pods is mutually authenticated and
 * encrypted, and plain-text traffic to them is refused.
 *
 * - Istio: the base, istiod and CNI charts (the CNI plugin sets up traffic redirection on the node,
 *   so sidecars need no NET_ADMIN init container and meshed namespaces stay restricted), and a
 *   mesh-wide PeerAuthentication `default` with `mtls.mode: STRICT` in the root namespace.
 * - Linkerd: mTLS is always on between meshed pods; STRICT means refusing unauthenticated traffic,
 *   set per namespace by `config.linkerd.io/default-inbound-policy: all-authenticated`. Linkerd's
 *   control plane (with the user's trust anchor) is installed by its own charts, not here.
 *
 * `meshNamespaceSettings` gives the labels, annotations and allow rules a meshed namespace needs;
 * ClusterBaseline applies them to the namespaces it names.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { TOKENS } from "../../tokens";
import { Problems, checkDnsLabel, checkNamespaceName, checkProvider, pathOf } from "../args";
import { HardenedNamespace } from "../hardened-namespace";
import { AllowRule } from "../network-rules";
import { ApiServerArgs, apiServerEgressRules, checkApiServer, webhookIngressRules } from "./addon-network";
import { CHARTS, PinnedChart, isPinnedVersion } from "./charts";
import { AddonSources, chartSourceOf, checkSources, mergeValues, mirrored } from "./sources";

export type MeshKind = "istio" | "linkerd";

export interface MeshMtlsArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    readonly mesh: MeshKind;
    /** Namespaces whose pods join the mesh (each gets its injection label and control-plane egress). */
    readonly meshedNamespaces: readonly string[];
    /** Where the API server is (Istio: istiod watches it and serves its injection webhook). */
    readonly apiServer?: ApiServerArgs;
    /**
     * The control plane's namespace.
     * @default "istio-system" for Istio, "linkerd" for Linkerd
     */
    readonly controlPlaneNamespace?: string;
    /** Istio chart version. @default CHARTS.istiod.version */
    readonly chartVersion?: string;
    /** Mirrors for the Istio charts and images. @default undefined (the upstream chart repository and docker.io/istio) */
    readonly sources?: AddonSources;
}

export const MESH_MTLS_DEFAULTS = {
    controlPlaneNamespace: { istio: "istio-system", linkerd: "linkerd" } as Readonly<Record<MeshKind, string>>,
    chartVersion: CHARTS.istiod.version,
    /** STRICT: meshed workloads accept only mTLS (Istio PeerAuthentication mode). */
    mode: "STRICT",
    /** Istio's CNI node agent runs with the platform's own pods (a system namespace). */
    istioCniNamespace: "kube-system",
} as const;

export interface ResolvedMeshMtlsArgs {
    readonly provider: k8s.Provider;
    readonly mesh: MeshKind;
    readonly meshedNamespaces: readonly string[];
    readonly apiServer?: ApiServerArgs;
    readonly controlPlaneNamespace: string;
    readonly chartVersion: string;
    readonly sources?: AddonSources;
}

export function resolveMeshMtlsArgs(args: MeshMtlsArgs, prefix = ""): ResolvedMeshMtlsArgs {
    const problems = new Problems();
    const p = (s: string) => pathOf(prefix, s);
    checkProvider(problems, args?.provider, p("provider"));
    const mesh = args?.mesh;
    if (mesh !== "istio" && mesh !== "linkerd") {
        problems.add(`\`${p("mesh")}\` must be "istio" or "linkerd", not ${JSON.stringify(mesh)}.`);
    }
    if (!Array.isArray(args?.meshedNamespaces) || args.meshedNamespaces.length === 0) {
        problems.add(`\`${p("meshedNamespaces")}\` must name at least one namespace whose pods join the mesh.`);
    } else {
        args.meshedNamespaces.forEach((n, i) => {
            checkDnsLabel(problems, n, p(`meshedNamespaces[${i}]`));
            if (args.meshedNamespaces.indexOf(n) !== i) {
                problems.add(`\`${p(`meshedNamespaces[${i}]`)}\` repeats ${JSON.stringify(n)}: name each meshed namespace once.`);
            }
        });
    }
    if (mesh === "istio") {
        checkApiServer(problems, args?.apiServer, p("apiServer"));
    }
    const controlPlaneNamespace = args?.controlPlaneNamespace ?? MESH_MTLS_DEFAULTS.controlPlaneNamespace[mesh === "linkerd" ? "linkerd" : "istio"];
    if (mesh === "istio") {
        // Istio's is created and hardened here; Linkerd's is only the egress target of meshed pods.
        checkNamespaceName(problems, controlPlaneNamespace, p("controlPlaneNamespace"));
    } else {
        checkDnsLabel(problems, controlPlaneNamespace, p("controlPlaneNamespace"));
    }
    const chartVersion = args?.chartVersion ?? MESH_MTLS_DEFAULTS.chartVersion;
    if (!isPinnedVersion(chartVersion)) {
        problems.add(`\`${p("chartVersion")}\` must be an exact chart version like "${MESH_MTLS_DEFAULTS.chartVersion}", not ${JSON.stringify(chartVersion)}.`);
    }
    checkSources(problems, args?.sources, undefined, mesh === "istio", prefix);
    problems.throwIfAny("MeshMtls");
    return { provider: args.provider, mesh, meshedNamespaces: args.meshedNamespaces, apiServer: args.apiServer, controlPlaneNamespace, chartVersion, sources: args.sources };
}

/** What a meshed namespace carries: the injection switch, the STRICT inbound policy, and egress to the control plane. */
export function meshNamespaceSettings(mesh: MeshKind, controlPlaneNamespace: string): {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    allow: AllowRule[];
} {
    if (mesh === "istio") {
        return {
            labels: { "istio-injection": "enabled" },
            annotations: {},
            // Sidecars fetch config and certificates from istiod over xDS (15012).
            allow: [{ name: "mesh-control-plane", from: { pods: {} }, to: { namespace: controlPlaneNamespace, pods: { app: "istiod" } }, ports: [{ port: 15012 }] }],
        };
    }
    return {
        labels: {},
        annotations: { "linkerd.io/inject": "enabled", "config.linkerd.io/default-inbound-policy": "all-authenticated" },
        // Proxies reach identity (8080), destination (8086) and policy (8090) in the control plane.
        allow: [{ name: "mesh-control-plane", from: { pods: {} }, to: { namespace: controlPlaneNamespace }, ports: [{ port: 8080 }, { port: 8086 }, { port: 8090 }] }],
    };
}

/** Mesh mTLS in STRICT mode (see the module comment). */
export class MeshMtls extends pulumi.ComponentResource {
    public readonly namespace?: HardenedNamespace;
    public readonly releases: readonly k8s.helm.v3.Release[];
    public readonly peerAuthentication?: k8s.apiextensions.CustomResource;

    constructor(name: string, args: MeshMtlsArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveMeshMtlsArgs(args);
        super(TOKENS.meshMtls, name, {}, opts);
        const provider = r.provider;
        const releases: k8s.helm.v3.Release[] = [];
        if (r.mesh === "istio") {
            const api = r.apiServer!;
            const istiodPods = { app: "istiod" };
            this.namespace = new HardenedNamespace(
                `${name}-ns`,
                {
                    provider,
                    namespaceName: r.controlPlaneNamespace,
                    allow: [
                        ...apiServerEgressRules(api),
                        ...webhookIngressRules(api, "injection-webhook", istiodPods, 15017),
                        ...r.meshedNamespaces.map((ns, i) => ({ name: `xds-${ns}`.length <= 40 ? `xds-${ns}` : `xds-${i}`, from: { namespace: ns }, to: { pods: istiodPods }, ports: [{ port: 15012 }] })),
                    ],
                },
                { parent: this },
            );
            const ns = this.namespace.namespace.metadata.name;
            // Istio's images come from `global.hub` (docker.io/istio by default; istio manifests/charts values).
            const hub = r.sources ? { global: { hub: mirrored(r.sources.registry, "istio") } } : {};
            const release = (role: string, chart: PinnedChart, namespace: pulumi.Input<string>, values: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
                new k8s.helm.v3.Release(
                    `${name}-${role}`,
                    { name: `istio-${role}`, ...chartSourceOf(chart, r.sources), version: r.chartVersion, namespace, createNamespace: false, atomic: true, values: mergeValues(values, hub) },
                    { parent: this, provider, dependsOn },
                );
            const base = release("base", CHARTS.istioBase, ns, { defaultRevision: "default" }, [this.namespace]);
            const cni = release("cni", CHARTS.istioCni, MESH_MTLS_DEFAULTS.istioCniNamespace, {}, [base]);
            const istiod = release("istiod", CHARTS.istiod, ns, { pilot: { cni: { enabled: true } } }, [base, cni]);
            releases.push(base, cni, istiod);
            this.peerAuthentication = new k8s.apiextensions.CustomResource(
                `${name}-strict`,
                { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: ns }, spec: { mtls: { mode: MESH_MTLS_DEFAULTS.mode } } },
                { parent: this, provider, dependsOn: [istiod] },
            );
        }
        this.releases = releases;
        this.registerOutputs({ releases: this.releases });
    }
}
