/**
 * The in-cluster baseline in one component: hardened namespaces for the teams, the cluster-wide
 * access roles, and the add-ons, each off unless configured. All arguments, the add-ons'
 * included, are resolved before anything is registered, so one mistake anywhere registers nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { TOKENS } from "../tokens";
import { Problems, checkNamespaceName, checkProvider, collect } from "./args";
import { ClusterAccess, ClusterAccessArgs, resolveClusterAccessArgs } from "./access";
import { ClusterIdentity, checkClusterIdentity } from "./identities";
import { PackExemption } from "./exemptions";
import { HardenedNamespace, HardenedNamespaceArgs, resolveHardenedNamespaceArgs } from "./hardened-namespace";
import { ExternalSecrets, ExternalSecretsArgs, resolveExternalSecretsArgs } from "./addons/external-secrets";
import { ImageVerification, ImageVerificationArgs, resolveImageVerificationArgs } from "./addons/image-verification";
import { MeshMtls, MeshMtlsArgs, ResolvedMeshMtlsArgs, meshNamespaceSettings, resolveMeshMtlsArgs } from "./addons/mesh-mtls";
import { RuntimeDetection, RuntimeDetectionArgs, resolveRuntimeDetectionArgs } from "./addons/runtime-detection";
import { AddonSources, checkSources } from "./addons/sources";

/** The clouds a baseline knows the native services and identity formats of. */
export const BASELINE_CLOUDS = ["aws", "gcp", "azure"] as const;
export type BaselineCloud = (typeof BASELINE_CLOUDS)[number];

/** A team namespace of the baseline: HardenedNamespace's arguments with its name. */
export interface BaselineNamespaceArgs extends Omit<HardenedNamespaceArgs, "provider" | "namespaceName"> {
    /** The namespace's Kubernetes name. */
    readonly name: string;
}

type WithoutProvider<T> = Omit<T, "provider">;

/** Arguments of ClusterBaseline. Every add-on is off unless its arguments are given. */
export interface ClusterBaselineArgs {
    /** The cluster's provider (required, never the ambient kubeconfig); handed to every child. */
    readonly provider: k8s.Provider;
    /**
     * The cloud the cluster runs on: decides the cloud-native alternatives the baseline accepts and
     * the identity formats it checks; an add-on configured for another cloud (e.g. an
     * `externalSecrets.backend` on Azure Key Vault for an EKS cluster) is refused.
     * @default undefined (no cloud-specific check)
     */
    readonly cloud?: BaselineCloud;
    /**
     * Mirrors for every chart and image the add-ons install (see ./addons/sources.ts for the path
     * convention). Required when `privateNetwork` is true and any add-on is on.
     * @default undefined (each chart's upstream repository and each image's upstream registry)
     */
    readonly sources?: AddonSources;
    /**
     * True when the cluster's nodes have no path to the internet (a private cluster without NAT):
     * then the add-ons' public sources are refused, with the fix, before anything is registered,
     * rather than failing at image pull after a half-made deploy.
     * @default false
     */
    readonly privateNetwork?: boolean;
    /** The team namespaces, each hardened. @default [] */
    readonly namespaces?: readonly BaselineNamespaceArgs[];
    /** Cluster-wide access; the read-only role always exists. @default {} (no bindings) */
    readonly access?: WithoutProvider<ClusterAccessArgs>;
    /** External Secrets Operator. @default undefined (off) */
    readonly externalSecrets?: WithoutProvider<ExternalSecretsArgs>;
    /** Kyverno image signature and registry verification. @default undefined (off) */
    readonly imageVerification?: WithoutProvider<ImageVerificationArgs>;
    /** Falco runtime detection. @default undefined (off) */
    readonly runtimeDetection?: WithoutProvider<RuntimeDetectionArgs>;
    /** STRICT mesh mTLS for the namespaces it names (which must be baseline namespaces). @default undefined (off) */
    readonly meshMtls?: WithoutProvider<MeshMtlsArgs>;
    /**
     * How the cluster names people and which cloud it runs on (the program passes it from the cloud
     * layer): handed to every namespace and to `access`, whose subjects are checked against it, and
     * it decides the credential endpoint of namespaces' `workloadIdentity`.
     * @default undefined (subjects are only checked not to be system: or public groups)
     */
    readonly identity?: ClusterIdentity;
}

export const CLUSTER_BASELINE_DEFAULTS = {
    namespaces: [] as readonly BaselineNamespaceArgs[],
    access: {} as WithoutProvider<ClusterAccessArgs>,
} as const;

export interface ResolvedClusterBaselineArgs {
    readonly provider: k8s.Provider;
    readonly cloud?: BaselineCloud;
    readonly sources?: AddonSources;
    readonly privateNetwork: boolean;
    /** The namespaces' HardenedNamespace args, mesh settings merged in. */
    readonly namespaces: readonly { readonly name: string; readonly args: HardenedNamespaceArgs }[];
    readonly access: ClusterAccessArgs;
    readonly externalSecrets?: ExternalSecretsArgs;
    readonly imageVerification?: ImageVerificationArgs;
    readonly runtimeDetection?: RuntimeDetectionArgs;
    readonly meshMtls?: MeshMtlsArgs;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value as a message shows it; never throws (JSON.stringify does on a bigint). */
function show(value: unknown): string {
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/**
 * A team namespace with what a mesh needs merged in, when it is meshed. `mesh` is resolved already;
 * a namespace whose own labels, annotations or allow rules are malformed is left as given, for its
 * resolver to report.
 */
function withMesh(ns: BaselineNamespaceArgs, mesh: ResolvedMeshMtlsArgs | undefined): BaselineNamespaceArgs {
    if (!mesh || !mesh.meshedNamespaces.includes(ns.name)) {
        return ns;
    }
    const mergeable = (v: unknown) => v === undefined || isObject(v);
    if (!mergeable(ns.labels) || !mergeable(ns.annotations) || !(ns.allow === undefined || Array.isArray(ns.allow))) {
        return ns;
    }
    const settings = meshNamespaceSettings(mesh.mesh, mesh.controlPlaneNamespace);
    return {
        ...ns,
        labels: { ...(ns.labels ?? {}), ...settings.labels },
        annotations: { ...(ns.annotations ?? {}), ...settings.annotations },
        allow: [...(ns.allow ?? []), ...settings.allow],
    };
}

/** Validates everything, the add-ons included, and reports every problem at once. */
export function resolveClusterBaselineArgs(args: ClusterBaselineArgs): ResolvedClusterBaselineArgs {
    const problems = new Problems();
    const raw: Readonly<Record<string, unknown>> = isObject(args) ? args : {};
    checkProvider(problems, raw["provider"]);
    const provider = raw["provider"] as k8s.Provider;
    const cloud = raw["cloud"];
    if (cloud !== undefined && !BASELINE_CLOUDS.includes(cloud as BaselineCloud)) {
        problems.add(`\`cloud\` must be one of ${BASELINE_CLOUDS.map(c => `"${c}"`).join(", ")}, not ${show(cloud)}: the cloud the cluster runs on.`);
    }
    const privateNetwork = raw["privateNetwork"] ?? false;
    const anyAddon = ["externalSecrets", "imageVerification", "runtimeDetection"].some(k => raw[k] !== undefined) || (isObject(raw["meshMtls"]) && raw["meshMtls"]["mesh"] === "istio");
    const sources = checkSources(problems, raw["sources"], privateNetwork, anyAddon) ? (raw["sources"] as AddonSources | undefined) : undefined;
    const identity = raw["identity"] === undefined ? undefined : checkClusterIdentity(problems, raw["identity"], "identity");
    // Every child checks its subjects against the cluster's identity; one given per child is refused.
    const withIdentity = (value: unknown, at: string): unknown => {
        if (identity === undefined || !isObject(value)) {
            return value;
        }
        if (value["identity"] !== undefined) {
            problems.add(`\`${at}.identity\` must not be set: the baseline's \`identity\` applies to every namespace and to \`access\`.`);
        }
        return { ...value, identity };
    };
    if (identity !== undefined && typeof cloud === "string" && identity.cloud !== cloud) {
        problems.add(`\`identity.cloud\` (${identity.cloud}) is not \`cloud\` (${cloud}): both describe the cluster the baseline runs on.`);
    }

    // Each add-on's own resolver, its problems nested under the add-on's key; `valid` only when it had none.
    const addon = <A, R>(key: string, value: unknown, resolve: (a: A & { provider: k8s.Provider }, prefix: string) => R) => {
        if (value === undefined) {
            return undefined;
        }
        if (!isObject(value)) {
            problems.add(`\`${key}\` must be an object of the add-on's arguments, not ${show(value)}: omit it to leave the add-on off.`);
            return undefined;
        }
        // The baseline's mirrors reach every add-on; an add-on's own `sources` wins.
        const full = { ...(sources !== undefined && key !== "access" ? { sources } : {}), ...value, provider } as A & { provider: k8s.Provider };
        const nested = new Problems();
        const resolved = collect(nested, () => resolve(full, key));
        problems.addAll(nested.messages.filter(m => !m.startsWith(`\`${key}.provider\``)));
        return { full, resolved };
    };
    const access = addon<ClusterAccessArgs, unknown>("access", withIdentity(raw["access"] ?? CLUSTER_BASELINE_DEFAULTS.access, "access"), resolveClusterAccessArgs);
    const externalSecrets = addon<ExternalSecretsArgs, unknown>("externalSecrets", raw["externalSecrets"], resolveExternalSecretsArgs)?.full;
    const imageVerification = addon<ImageVerificationArgs, unknown>("imageVerification", raw["imageVerification"], resolveImageVerificationArgs)?.full;
    const runtimeDetection = addon<RuntimeDetectionArgs, unknown>("runtimeDetection", raw["runtimeDetection"], resolveRuntimeDetectionArgs)?.full;
    const mesh = addon<MeshMtlsArgs, ResolvedMeshMtlsArgs>("meshMtls", raw["meshMtls"], resolveMeshMtlsArgs);
    const meshMtls = mesh?.full;

    const list = raw["namespaces"] ?? CLUSTER_BASELINE_DEFAULTS.namespaces;
    const namespaces: { name: string; args: HardenedNamespaceArgs }[] = [];
    const names = new Set<string>();
    if (!Array.isArray(list)) {
        problems.add("`namespaces` must be a list of { name, ...HardenedNamespace arguments }.");
    } else {
        list.forEach((entry: unknown, i) => {
            const at = `namespaces[${i}]`;
            if (!isObject(entry) || typeof entry["name"] !== "string") {
                const what = !isObject(entry) ? `the entry ${show(entry)}` : entry["name"] === undefined ? "nothing" : show(entry["name"]);
                problems.add(`\`${at}.name\` must be the namespace's name as a string, not ${what}: each entry of \`namespaces\` is { name, ...HardenedNamespace arguments }, e.g. { name: "payments" }.`);
                return;
            }
            const { name, ...rest } = withIdentity(withMesh(entry as unknown as BaselineNamespaceArgs, mesh?.resolved), at) as BaselineNamespaceArgs;
            if (names.has(name)) {
                problems.add(`\`${at}.name\` repeats ${JSON.stringify(name)}: each namespace is declared once.`);
            }
            names.add(name);
            checkNamespaceName(problems, name, `${at}.name`);
            const nsArgs: HardenedNamespaceArgs = { ...rest, provider, namespaceName: name };
            // The provider is checked once above, and the name just now under the user's key:
            // drop the nested resolve's messages for them.
            const nested = new Problems();
            collect(nested, () => resolveHardenedNamespaceArgs(name, nsArgs, at));
            problems.addAll(nested.messages.filter(m => !m.startsWith(`\`${at}.provider\``) && !m.startsWith(`\`${at}.namespaceName\``)));
            namespaces.push({ name, args: nsArgs });
        });
    }

    // Cross-checks: add-on namespaces are the add-ons' own; what lands in team namespaces needs them declared.
    const addonNamespaces: [string, unknown][] = [
        ["externalSecrets.namespace", externalSecrets ? externalSecrets.namespace ?? "external-secrets" : undefined],
        ["imageVerification.namespace", imageVerification ? imageVerification.namespace ?? "kyverno" : undefined],
        ["runtimeDetection.namespace", runtimeDetection ? runtimeDetection.namespace ?? "falco" : undefined],
        ["meshMtls.controlPlaneNamespace", meshMtls?.mesh === "istio" ? meshMtls.controlPlaneNamespace ?? "istio-system" : undefined],
    ];
    const claimed = new Map<string, string>();
    for (const [path, ns] of addonNamespaces) {
        // Anything but a string is reported by the add-on's resolver.
        if (typeof ns !== "string") {
            continue;
        }
        if (names.has(ns)) {
            problems.add(`\`${path}\` (${ns}) is also in \`namespaces\`: an add-on's namespace is created and hardened by the add-on. Remove it from \`namespaces\` or pick another.`);
        }
        if (claimed.has(ns)) {
            problems.add(`\`${path}\` (${ns}) is also \`${claimed.get(ns)}\`: each add-on needs its own namespace.`);
        }
        claimed.set(ns, path);
    }
    // A list that is not one is reported by the add-on's resolver; only real lists are cross-checked.
    const meshed: unknown = meshMtls?.meshedNamespaces;
    (Array.isArray(meshed) ? meshed : []).forEach((ns: unknown, i) => {
        if (typeof ns === "string" && !names.has(ns)) {
            problems.add(`\`meshMtls.meshedNamespaces[${i}]\` (${ns}) is not in \`namespaces\`: declare it there so it gets its labels and control-plane egress.`);
        }
    });
    const secrets: unknown = externalSecrets?.secrets;
    (Array.isArray(secrets) ? secrets : []).forEach((s: unknown, i) => {
        const namespace = isObject(s) ? s["namespace"] : undefined;
        if (typeof namespace === "string" && !names.has(namespace)) {
            problems.add(`\`externalSecrets.secrets[${i}].namespace\` (${namespace}) is not in \`namespaces\`: declare it so it is hardened before secrets land in it.`);
        }
    });
    const backendCloud = isObject(externalSecrets) && isObject(externalSecrets.backend) ? externalSecrets.backend["cloud"] : undefined;
    if (typeof cloud === "string" && typeof backendCloud === "string" && backendCloud !== cloud) {
        problems.add(`\`externalSecrets.backend.cloud\` (${backendCloud}) is not the cluster's cloud (${cloud}): the store must use the cluster's own secret manager through its workload identity.`);
    }
    if (privateNetwork === true) {
        // An add-on's own `sources` must be a mirror too.
        for (const key of ["externalSecrets", "imageVerification", "runtimeDetection", "meshMtls"]) {
            const own = isObject(raw[key]) ? (raw[key] as Record<string, unknown>)["sources"] : undefined;
            if (own !== undefined) {
                checkSources(problems, own, true, true, key);
            }
        }
    }
    problems.throwIfAny("ClusterBaseline");
    return { provider, cloud: cloud as BaselineCloud | undefined, sources, privateNetwork: privateNetwork === true, namespaces, access: access!.full, externalSecrets, imageVerification, runtimeDetection, meshMtls };
}

/** The in-cluster baseline (see the module comment). */
export class ClusterBaseline extends pulumi.ComponentResource {
    public readonly namespaces: Readonly<Record<string, HardenedNamespace>>;
    public readonly access: ClusterAccess;
    public readonly externalSecrets?: ExternalSecrets;
    public readonly imageVerification?: ImageVerification;
    public readonly runtimeDetection?: RuntimeDetection;
    public readonly meshMtls?: MeshMtls;
    /** Every pack exemption the configured opt-outs and add-ons need, for the stack's pack config. */
    public readonly exemptions: readonly PackExemption[];

    constructor(name: string, args: ClusterBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveClusterBaselineArgs(args);
        super(TOKENS.clusterBaseline, name, {}, opts);
        const namespaces: Record<string, HardenedNamespace> = {};
        for (const ns of r.namespaces) {
            namespaces[ns.name] = new HardenedNamespace(`${name}-${ns.name}`, ns.args, { parent: this });
        }
        this.namespaces = namespaces;
        const teamNamespaces = Object.values(namespaces);
        this.access = new ClusterAccess(`${name}-access`, r.access, { parent: this });
        if (r.meshMtls) {
            this.meshMtls = new MeshMtls(`${name}-mesh`, r.meshMtls, { parent: this });
        }
        if (r.externalSecrets) {
            this.externalSecrets = new ExternalSecrets(`${name}-external-secrets`, r.externalSecrets, { parent: this, dependsOn: teamNamespaces });
        }
        if (r.imageVerification) {
            this.imageVerification = new ImageVerification(`${name}-image-verification`, r.imageVerification, { parent: this });
        }
        if (r.runtimeDetection) {
            this.runtimeDetection = new RuntimeDetection(`${name}-runtime-detection`, r.runtimeDetection, { parent: this });
        }
        this.exemptions = [
            ...teamNamespaces.flatMap(n => n.exemptions),
            ...(this.externalSecrets?.exemptions ?? []),
            ...(this.imageVerification?.exemptions ?? []),
            ...(this.runtimeDetection?.exemptions ?? []),
        ];
        this.registerOutputs({ namespaces: this.namespaces, access: this.access, exemptions: this.exemptions });
    }
}
