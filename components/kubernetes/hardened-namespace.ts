/**
 * A namespace as the hardening checklist wants every namespace: Pod Security enforced, audited and
 * warned at restricted with a pinned version; default deny for ingress and egress with DNS to
 * kube-dns as the only way out; declared allow rules; optional quota and limits; the default
 * service account without a token; and, optionally, the developer role for its team.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { DEFAULT_POD_SECURITY_LEVEL, PINNED_POD_SECURITY_VERSION, POD_SECURITY_LABELS } from "../controls";
import { TOKENS } from "../tokens";
import { Problems, checkDnsLabel, checkLabels, checkNamespaceName, checkProvider, checkReason, pathOf } from "./args";
import { NamespaceAccess, checkGroups } from "./access";
import { ClusterIdentity, checkClusterIdentity } from "./identities";
import { OPT_OUT_REASON_ANNOTATION } from "./annotations";
import { PackExemption } from "./exemptions";
import {
    AllowRule, DnsTarget, NetworkPolicyManifest, WorkloadIdentityArgs, checkAllowRules, checkWorkloadIdentity, ciliumEntraPolicy, defaultDenyPolicy, dnsEgressPolicy,
    policiesOfRule, workloadIdentityPolicies,
} from "./network-rules";

/** The Pod Security Standards levels (kubernetes/pod-security-admission api.Level). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";
const LEVELS: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];

export interface PodSecurityArgs {
    /**
     * The level enforced. Anything weaker than restricted is a named opt-out: it needs `reason`,
     * and the pack's k8s-namespace-require-pod-security-labels reports it until an exemption (or
     * `allowedLevels`) records it. Audit and warn stay at restricted so the gap stays visible.
     * @default "restricted" (DEFAULT_POD_SECURITY_LEVEL)
     */
    readonly level?: PodSecurityLevel;
    /**
     * The Pod Security version pinned for enforce, audit and warn ("v1.N"); "latest" is refused
     * because a cluster upgrade would then change what is admitted.
     * @default PINNED_POD_SECURITY_VERSION
     */
    readonly version?: string;
    /** Why this namespace enforces less than restricted (required with a weaker `level`). */
    readonly reason?: string;
}

export interface LimitsArgs {
    /** Requests given to containers that declare none, e.g. { cpu: "100m", memory: "128Mi" }. */
    readonly defaultRequest: Readonly<Record<string, pulumi.Input<string>>>;
    /** Limits given to containers that declare none, e.g. { cpu: "500m", memory: "512Mi" }. */
    readonly default: Readonly<Record<string, pulumi.Input<string>>>;
    /** Largest limits a container may declare. */
    readonly max?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Arguments of HardenedNamespace. */
export interface HardenedNamespaceArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    /**
     * The namespace's Kubernetes name (a DNS-1123 label; not a system namespace).
     * @default the component's name
     */
    readonly namespaceName?: string;
    /** Extra labels; pod-security.kubernetes.io/* are set from `podSecurity` and refused here. */
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    /** @default { level: "restricted", version: PINNED_POD_SECURITY_VERSION } */
    readonly podSecurity?: PodSecurityArgs;
    /**
     * Where cluster DNS runs; every pod may reach it on UDP/TCP 53 and nothing else by default.
     * `false` leaves DNS closed too (pods that resolve nothing).
     * @default { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } } (CoreDNS on EKS and AKS, kube-dns on GKE)
     */
    readonly dns?: DnsTarget | false;
    /**
     * The flows allowed beside the default deny, e.g. frontend → backend on TCP 8080.
     * @default [] (nothing but DNS)
     */
    readonly allow?: readonly AllowRule[];
    /** A ResourceQuota's `hard` limits, e.g. { "requests.cpu": "4", pods: "50" }. @default undefined (no quota) */
    readonly quota?: Readonly<Record<string, pulumi.Input<string>>>;
    /** A LimitRange for containers. @default undefined (no LimitRange) */
    readonly limits?: LimitsArgs;
    /**
     * Identity-provider groups given the read-only developer role here (NamespaceAccess).
     * @default [] (no developer role)
     */
    readonly developerGroups?: readonly string[];
    /**
     * How the cluster names people and which cloud it runs on: `developerGroups` are checked to be
     * written the way that cloud names groups (a misnamed subject binds nobody), and
     * `workloadIdentity` opens that cloud's credential endpoint.
     * @default undefined (group names are only checked not to be system: or public groups)
     */
    readonly identity?: ClusterIdentity;
    /**
     * The pods of this namespace that use the cloud's workload identity (EKS Pod Identity, GKE
     * Workload Identity Federation, AKS Workload Identity): they get egress to exactly the cloud's
     * credential endpoint (WORKLOAD_IDENTITY_ENDPOINTS), in a policy the pack recognises as the
     * identity path. Needs `identity`. Behind the default deny, such pods cannot get credentials otherwise.
     * @default undefined (no credential endpoint is reachable)
     */
    readonly workloadIdentity?: WorkloadIdentityArgs;
}

/** The documented defaults of HardenedNamespace, applied field by field in resolveHardenedNamespaceArgs. */
export const HARDENED_NAMESPACE_DEFAULTS = {
    podSecurity: { level: DEFAULT_POD_SECURITY_LEVEL as PodSecurityLevel, version: PINNED_POD_SECURITY_VERSION },
    dns: { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } } as DnsTarget,
    allow: [] as readonly AllowRule[],
    developerGroups: [] as readonly string[],
    /** The default service account never mounts a token (CIS 5.1.6, Checkov CKV_K8S_38). */
    automountDefaultServiceAccountToken: false,
} as const;

export interface ResolvedHardenedNamespaceArgs {
    readonly provider: k8s.Provider;
    readonly namespaceName: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly podSecurity: { readonly level: PodSecurityLevel; readonly version: string; readonly reason?: string };
    readonly dns: DnsTarget | undefined;
    readonly allow: readonly AllowRule[];
    readonly quota?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly limits?: LimitsArgs;
    readonly developerGroups: readonly string[];
    readonly identity?: ClusterIdentity;
    readonly workloadIdentity?: WorkloadIdentityArgs;
}

const VERSION = /^v1\.(0|[1-9]\d*)$/;

/**
 * Applies HARDENED_NAMESPACE_DEFAULTS and validates, reporting every problem at once.
 * `name` is the component name (the default namespace name); `prefix` nests paths in a caller's args.
 */
export function resolveHardenedNamespaceArgs(name: string, args: HardenedNamespaceArgs, prefix = ""): ResolvedHardenedNamespaceArgs {
    const problems = new Problems();
    const p = (s: string) => pathOf(prefix, s);
    const d = HARDENED_NAMESPACE_DEFAULTS;
    checkProvider(problems, args?.provider, p("provider"));

    const namespaceName = args?.namespaceName ?? name;
    checkNamespaceName(problems, namespaceName, p("namespaceName"));

    const labels = args?.labels ?? {};
    if (checkLabels(problems, labels, p("labels"))) {
        for (const key of Object.keys(labels).filter(k => k.startsWith("pod-security.kubernetes.io/"))) {
            problems.add(`\`${p("labels")}\` must not set ${key}: Pod Security labels come from \`${p("podSecurity")}\`.`);
        }
    }
    const annotations = args?.annotations ?? {};

    const ps = args?.podSecurity ?? {};
    const level = ps.level ?? d.podSecurity.level;
    const version = ps.version ?? d.podSecurity.version;
    if (!LEVELS.includes(level)) {
        problems.add(`\`${p("podSecurity.level")}\` must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(level)}.`);
    } else if (level !== DEFAULT_POD_SECURITY_LEVEL) {
        checkReason(problems, ps.reason, p("podSecurity.reason"));
    }
    if (typeof version !== "string" || !VERSION.test(version)) {
        problems.add(`\`${p("podSecurity.version")}\` must be a pinned Pod Security version like ${JSON.stringify(PINNED_POD_SECURITY_VERSION)}, not ${JSON.stringify(version)}: "latest" changes what is admitted on upgrade.`);
    }

    let dns: DnsTarget | undefined = d.dns;
    if (args?.dns === false) {
        dns = undefined;
    } else if (args?.dns !== undefined) {
        checkDnsLabel(problems, args.dns?.namespace, p("dns.namespace"));
        checkLabels(problems, args.dns?.pods, p("dns.pods"));
        dns = args.dns;
    }

    const allow = args?.allow ?? d.allow;
    checkAllowRules(problems, allow, p("allow"), namespaceName);

    const quota = args?.quota;
    if (quota !== undefined && (quota === null || typeof quota !== "object" || Object.keys(quota).length === 0)) {
        problems.add(`\`${p("quota")}\` must be an object of ResourceQuota hard limits, e.g. { "requests.cpu": "4", pods: "50" }; omit it for no quota.`);
    }
    const limits = args?.limits;
    if (limits !== undefined) {
        for (const key of ["defaultRequest", "default"] as const) {
            const v = limits?.[key];
            if (v === null || typeof v !== "object" || Object.keys(v).length === 0) {
                problems.add(`\`${p(`limits.${key}`)}\` must be an object of resources, e.g. { cpu: "100m", memory: "128Mi" }.`);
            }
        }
    }

    const identity = args?.identity === undefined ? undefined : checkClusterIdentity(problems, args.identity, p("identity"));
    const developerGroups = args?.developerGroups === undefined ? d.developerGroups : checkGroups(problems, args.developerGroups, p("developerGroups"), false, identity);
    const workloadIdentity = args?.workloadIdentity;
    if (workloadIdentity !== undefined) {
        const cloud = args?.identity === undefined ? undefined : identity?.cloud;
        // An invalid `identity` is reported above; do not also report the missing cloud.
        if (cloud !== undefined || args?.identity === undefined) {
            checkWorkloadIdentity(problems, workloadIdentity, p("workloadIdentity"), cloud);
        }
    }

    problems.throwIfAny(`HardenedNamespace '${name}'`);
    return {
        provider: args.provider,
        namespaceName,
        labels,
        annotations,
        podSecurity: { level, version, ...(level !== DEFAULT_POD_SECURITY_LEVEL ? { reason: ps.reason!.trim() } : {}) },
        dns,
        allow,
        ...(quota !== undefined ? { quota } : {}),
        ...(limits !== undefined ? { limits } : {}),
        developerGroups,
        ...(identity !== undefined ? { identity } : {}),
        ...(workloadIdentity !== undefined ? { workloadIdentity } : {}),
    };
}

/** The namespace's labels: the user's, then the Pod Security labels (enforce at level; audit and warn at restricted). */
export function namespaceLabelsOf(resolved: ResolvedHardenedNamespaceArgs): Record<string, string> {
    const { level, version } = resolved.podSecurity;
    return {
        ...resolved.labels,
        [POD_SECURITY_LABELS.enforce]: level,
        [POD_SECURITY_LABELS.enforceVersion]: version,
        [POD_SECURITY_LABELS.audit]: DEFAULT_POD_SECURITY_LEVEL,
        [POD_SECURITY_LABELS.auditVersion]: version,
        [POD_SECURITY_LABELS.warn]: DEFAULT_POD_SECURITY_LEVEL,
        [POD_SECURITY_LABELS.warnVersion]: version,
    };
}

/**
 * Every NetworkPolicy of the namespace: default deny, DNS, the workload-identity path, then the
 * allow rules in order.
 */
export function networkPoliciesOf(resolved: ResolvedHardenedNamespaceArgs): NetworkPolicyManifest[] {
    const identityPath = resolved.workloadIdentity && resolved.identity ? workloadIdentityPolicies(resolved.identity.cloud, resolved.workloadIdentity) : [];
    return [defaultDenyPolicy(), ...(resolved.dns ? [dnsEgressPolicy(resolved.dns)] : []), ...identityPath, ...resolved.allow.flatMap(policiesOfRule)];
}

function annotationsOf(annotations: Readonly<Record<string, string>>): { annotations?: Record<string, string> } {
    return Object.keys(annotations).length ? { annotations: { ...annotations } } : {};
}

/**
 * The pack exemptions the named opt-outs of these args need, by Pulumi resource name (`name` is
 * the component's): a weaker Pod Security level, and each allow rule to `anywhere`.
 */
export function exemptionsOf(name: string, resolved: ResolvedHardenedNamespaceArgs): PackExemption[] {
    const out: PackExemption[] = [];
    if (resolved.podSecurity.reason) {
        out.push({ policy: "k8s-namespace-require-pod-security-labels", name: `${name}-namespace`, justification: resolved.podSecurity.reason });
    }
    for (const policy of networkPoliciesOf(resolved)) {
        const reason = policy.annotations?.[OPT_OUT_REASON_ANNOTATION];
        if (reason) {
            out.push({ policy: "k8s-networkpolicy-disallow-allow-all", name: `${name}-${policy.name}`, justification: reason });
        }
    }
    return out;
}

/** A namespace hardened as the checklist asks (see the module comment). */
export class HardenedNamespace extends pulumi.ComponentResource {
    public readonly namespace: k8s.core.v1.Namespace;
    /** The namespace's Kubernetes name, known at construction. */
    public readonly namespaceName: string;
    public readonly networkPolicies: readonly k8s.networking.v1.NetworkPolicy[];
    /** The CiliumNetworkPolicy of AKS workload identity through `entraTokenEgress: "cilium-fqdn"`. */
    public readonly ciliumPolicy?: k8s.apiextensions.CustomResource;
    public readonly defaultServiceAccount: k8s.core.v1.ServiceAccountPatch;
    public readonly quota?: k8s.core.v1.ResourceQuota;
    public readonly limitRange?: k8s.core.v1.LimitRange;
    public readonly access?: NamespaceAccess;
    /** Pack exemptions for this namespace's named opt-outs, to record in the stack's pack config. */
    public readonly exemptions: readonly PackExemption[];

    constructor(name: string, args: HardenedNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Resolved before super(): invalid arguments register nothing at all.
        const resolved = resolveHardenedNamespaceArgs(name, args);
        super(TOKENS.hardenedNamespace, name, {}, opts);
        const provider = resolved.provider;
        const childOpts = { parent: this, provider };
        this.namespaceName = resolved.namespaceName;
        const reason = resolved.podSecurity.reason;
        this.namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: resolved.namespaceName,
                    labels: namespaceLabelsOf(resolved),
                    ...annotationsOf({ ...resolved.annotations, ...(reason ? { [OPT_OUT_REASON_ANNOTATION]: reason } : {}) }),
                },
            },
            childOpts,
        );
        // Namespaced objects take the name from the Namespace output, so they depend on it.
        const ns = this.namespace.metadata.name;
        this.networkPolicies = networkPoliciesOf(resolved).map(
            policy =>
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${policy.name}`,
                    { metadata: { name: policy.name, namespace: ns, ...(policy.annotations ? { annotations: { ...policy.annotations } } : {}) }, spec: policy.spec as k8s.types.input.networking.v1.NetworkPolicySpec },
                    childOpts,
                ),
        );
        if (resolved.identity?.cloud === "azure" && resolved.workloadIdentity?.entraTokenEgress === "cilium-fqdn") {
            const cnp = ciliumEntraPolicy(resolved.workloadIdentity, resolved.dns);
            this.ciliumPolicy = new k8s.apiextensions.CustomResource(
                `${name}-${cnp.name}`,
                { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: cnp.name, namespace: ns, annotations: { ...cnp.annotations } }, spec: cnp.spec },
                childOpts,
            );
        }
        // The controller creates `default` with the namespace; a Patch (server-side apply) takes over
        // the one field, since creating it would fail with AlreadyExists (pulumi-kubernetes >= 4.29).
        this.defaultServiceAccount = new k8s.core.v1.ServiceAccountPatch(
            `${name}-default-service-account`,
            { metadata: { name: "default", namespace: ns }, automountServiceAccountToken: HARDENED_NAMESPACE_DEFAULTS.automountDefaultServiceAccountToken },
            childOpts,
        );
        if (resolved.quota) {
            this.quota = new k8s.core.v1.ResourceQuota(`${name}-quota`, { metadata: { name: "quota", namespace: ns }, spec: { hard: { ...resolved.quota } } }, childOpts);
        }
        if (resolved.limits) {
            const l = resolved.limits;
            this.limitRange = new k8s.core.v1.LimitRange(
                `${name}-limits`,
                { metadata: { name: "limits", namespace: ns }, spec: { limits: [{ type: "Container", defaultRequest: { ...l.defaultRequest }, default: { ...l.default }, ...(l.max ? { max: { ...l.max } } : {}) }] } },
                childOpts,
            );
        }
        if (resolved.developerGroups.length > 0) {
            this.access = new NamespaceAccess(`${name}-access`, { provider, namespace: ns, developerGroups: resolved.developerGroups }, { parent: this });
        }
        this.exemptions = exemptionsOf(name, resolved);
        this.registerOutputs({ namespace: this.namespace, namespaceName: this.namespaceName, exemptions: this.exemptions });
    }
}
