/**
 * Least-privilege access for people, bound to the groups of the identity provider's OIDC `groups`
 * claim: a read-only developer role per namespace, a cluster-wide read-only role, and a
 * cluster-admin binding only for break-glass subjects that are named.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { PUBLIC_GROUPS } from "../controls";
import { TOKENS } from "../tokens";
import { Problems, checkDnsLabel, checkProvider } from "./args";
import { ClusterIdentity, checkClusterIdentity, checkSubjects } from "./identities";

/** An RBAC rule as the API takes it. */
export interface PolicyRule {
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
}

const READ = ["get", "list", "watch"] as const;

/**
 * The namespace developer role of the hardening guide: read pods, their logs, services, config
 * maps and deployments. No secrets (CIS 5.1.2), no exec/attach/port-forward (Checkov CKV2_K8S_2),
 * no writes to workloads (CIS 5.1.4): changes go through the pipeline, not kubectl.
 */
export const DEVELOPER_RULES: readonly PolicyRule[] = [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "configmaps"], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: READ },
];

/**
 * Cluster-wide read-only: the built-in `view` role's reach without secrets, listed resource by
 * resource (no wildcards, CIS 5.1.3) and not aggregated (an aggregated role can grow silently).
 */
export const READ_ONLY_RULES: readonly PolicyRule[] = [
    {
        apiGroups: [""],
        resources: [
            "pods", "pods/log", "services", "endpoints", "configmaps", "events", "namespaces", "nodes",
            "persistentvolumes", "persistentvolumeclaims", "serviceaccounts", "resourcequotas", "limitranges",
        ],
        verbs: READ,
    },
    { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
];

/** The names of the objects these components create: fixed so plans and exemptions stay stable. */
export const ACCESS_OBJECT_NAMES = {
    developerRole: "developer",
    readOnlyRole: "hardened-read-only",
    breakGlassBinding: "hardened-break-glass",
} as const;

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Mutable copies for the SDK's input types. */
export function rulesOf(rules: readonly PolicyRule[]): k8s.types.input.rbac.v1.PolicyRule[] {
    return rules.map(r => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
}

/** A user or group of the identity provider. */
export interface AccessSubject {
    readonly kind: "User" | "Group";
    /** As the API server sees it: include the `--oidc-groups-prefix` / `--oidc-username-prefix` if one is set. */
    readonly name: string;
}

/**
 * Checks a list of identity-provider group names; returns it (or [] when invalid). With the
 * cluster's `identity`, each name must also be written the way that cloud names groups.
 */
export function checkGroups(problems: Problems, groups: unknown, path: string, required: boolean, identity?: ClusterIdentity): readonly string[] {
    if (groups === undefined && !required) {
        return [];
    }
    if (!Array.isArray(groups) || (required && groups.length === 0)) {
        problems.add(`\`${path}\` must be a non-empty list of identity-provider group names (the OIDC groups claim), e.g. ["team-payments"].`);
        return [];
    }
    groups.forEach((g, i) => checkSubjectName(problems, g, `${path}[${i}]`));
    checkSubjects(
        problems,
        identity,
        groups.map(g => ({ kind: "Group" as const, name: g as string })),
        groups.map((_, i) => `${path}[${i}]`),
    );
    return groups as string[];
}

/** Checks the optional `identity` argument (a ClusterIdentity); returns it when valid. */
function checkIdentityArg(problems: Problems, identity: unknown, path: string): ClusterIdentity | undefined {
    return identity === undefined ? undefined : checkClusterIdentity(problems, identity, path);
}

function checkSubjectName(problems: Problems, name: unknown, path: string): void {
    if (typeof name !== "string" || name.trim().length === 0) {
        problems.add(`\`${path}\` must be a non-empty group or user name from the identity provider.`);
    } else if (PUBLIC_GROUPS.includes(name) || name.startsWith("system:")) {
        // CIS 5.1.7: nothing for anonymous or all-authenticated; system: names are the API server's own.
        problems.add(`\`${path}\` must not be ${JSON.stringify(name)}: system: subjects are Kubernetes' own (and the public groups are everyone). Name an identity-provider group.`);
    }
}

/** Arguments of NamespaceAccess. */
export interface NamespaceAccessArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    /** The namespace the role and binding live in. */
    readonly namespace: pulumi.Input<string>;
    /** Identity-provider groups given the developer role in this namespace; at least one. */
    readonly developerGroups: readonly string[];
    /**
     * How the cluster names people (its cloud and identity-provider settings): each group is checked
     * to be written that way, since a misnamed subject binds nobody.
     * @default undefined (names are only checked not to be system: or public groups)
     */
    readonly identity?: ClusterIdentity;
}

export interface ResolvedNamespaceAccessArgs {
    readonly provider: k8s.Provider;
    readonly namespace: pulumi.Input<string>;
    readonly developerGroups: readonly string[];
}

/** Validates NamespaceAccess arguments; `prefix` nests property paths in a caller's args. */
export function resolveNamespaceAccessArgs(args: NamespaceAccessArgs, prefix = ""): ResolvedNamespaceAccessArgs {
    const problems = new Problems();
    const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
    checkProvider(problems, args?.provider, p("provider"));
    if (typeof args?.namespace === "string") {
        checkDnsLabel(problems, args.namespace, p("namespace"));
    } else if (args?.namespace === undefined) {
        problems.add(`\`${p("namespace")}\` is required: name the namespace the developer role applies to.`);
    }
    const identity = checkIdentityArg(problems, args?.identity, p("identity"));
    const developerGroups = checkGroups(problems, args?.developerGroups, p("developerGroups"), true, identity);
    problems.throwIfAny("NamespaceAccess");
    return { provider: args.provider, namespace: args.namespace, developerGroups };
}

/** The developer Role of one namespace, bound to identity-provider groups. */
export class NamespaceAccess extends pulumi.ComponentResource {
    public readonly role: k8s.rbac.v1.Role;
    public readonly binding: k8s.rbac.v1.RoleBinding;

    constructor(name: string, args: NamespaceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        // Resolved before super(): invalid arguments register nothing at all.
        const resolved = resolveNamespaceAccessArgs(args);
        super(TOKENS.namespaceAccess, name, {}, opts);
        const provider = resolved.provider;
        this.role = new k8s.rbac.v1.Role(
            `${name}-developer`,
            { metadata: { name: ACCESS_OBJECT_NAMES.developerRole, namespace: resolved.namespace }, rules: rulesOf(DEVELOPER_RULES) },
            { parent: this, provider },
        );
        this.binding = new k8s.rbac.v1.RoleBinding(
            `${name}-developer`,
            {
                metadata: { name: ACCESS_OBJECT_NAMES.developerRole, namespace: resolved.namespace },
                roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: this.role.metadata.name },
                subjects: resolved.developerGroups.map(g => ({ apiGroup: RBAC_GROUP, kind: "Group", name: g })),
            },
            { parent: this, provider },
        );
        this.registerOutputs({ role: this.role, binding: this.binding });
    }
}

/** Arguments of ClusterAccess. */
export interface ClusterAccessArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    /**
     * Identity-provider groups bound to the cluster-wide read-only role. The role exists either way.
     * @default [] (nobody: read access is granted, never assumed)
     */
    readonly readOnlyGroups?: readonly string[];
    /**
     * Subjects bound to cluster-admin for emergencies. Omitted, no cluster-admin binding exists (CIS 5.1.1).
     * The pack refuses the binding until the same subjects are in
     * `k8s-rbac-restrict-cluster-admin-bindings.breakGlassSubjects` (see `breakGlassSubjects`).
     * @default undefined (no break-glass binding)
     */
    readonly breakGlass?: { readonly subjects: readonly AccessSubject[] };
    /**
     * How the cluster names people (its cloud and identity-provider settings): every read-only group
     * and break-glass subject is checked to be written that way, since a misnamed subject binds nobody.
     * @default undefined (names are only checked not to be system: or public groups)
     */
    readonly identity?: ClusterIdentity;
}

export interface ResolvedClusterAccessArgs {
    readonly provider: k8s.Provider;
    readonly readOnlyGroups: readonly string[];
    readonly breakGlassSubjects: readonly AccessSubject[];
}

/** The documented defaults of ClusterAccess. */
export const CLUSTER_ACCESS_DEFAULTS = {
    readOnlyGroups: [] as readonly string[],
    breakGlassSubjects: [] as readonly AccessSubject[],
} as const;

/** Validates ClusterAccess arguments and applies CLUSTER_ACCESS_DEFAULTS. */
export function resolveClusterAccessArgs(args: ClusterAccessArgs, prefix = ""): ResolvedClusterAccessArgs {
    const problems = new Problems();
    const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
    checkProvider(problems, args?.provider, p("provider"));
    const identity = checkIdentityArg(problems, args?.identity, p("identity"));
    const readOnlyGroups = checkGroups(problems, args?.readOnlyGroups ?? CLUSTER_ACCESS_DEFAULTS.readOnlyGroups, p("readOnlyGroups"), false, identity);
    let breakGlassSubjects = CLUSTER_ACCESS_DEFAULTS.breakGlassSubjects;
    if (args?.breakGlass !== undefined) {
        const subjects = args.breakGlass?.subjects;
        if (!Array.isArray(subjects) || subjects.length === 0) {
            problems.add(`\`${p("breakGlass.subjects")}\` must name at least one subject ({ kind: "Group", name }); omit \`breakGlass\` to have no cluster-admin binding.`);
        } else {
            subjects.forEach((s, i) => {
                if (s?.kind !== "User" && s?.kind !== "Group") {
                    problems.add(`\`${p(`breakGlass.subjects[${i}].kind`)}\` must be "User" or "Group", not ${JSON.stringify(s?.kind)}.`);
                }
                checkSubjectName(problems, s?.name, p(`breakGlass.subjects[${i}].name`));
            });
            checkSubjects(problems, identity, subjects, subjects.map((_, i) => p(`breakGlass.subjects[${i}].name`)));
            breakGlassSubjects = subjects;
        }
    }
    problems.throwIfAny("ClusterAccess");
    return { provider: args.provider, readOnlyGroups, breakGlassSubjects };
}

/** `Group:name`: how the pack's `breakGlassSubjects` config names a subject. */
export function breakGlassSubjectKey(s: AccessSubject): string {
    return `${s.kind}:${s.name}`;
}

/** The cluster-wide read-only role and its binding, and the break-glass binding when named. */
export class ClusterAccess extends pulumi.ComponentResource {
    public readonly readOnlyRole: k8s.rbac.v1.ClusterRole;
    public readonly readOnlyBinding?: k8s.rbac.v1.ClusterRoleBinding;
    public readonly breakGlassBinding?: k8s.rbac.v1.ClusterRoleBinding;
    /** What to put in the pack's `k8s-rbac-restrict-cluster-admin-bindings.breakGlassSubjects`. */
    public readonly breakGlassSubjects: readonly string[];

    constructor(name: string, args: ClusterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveClusterAccessArgs(args);
        super(TOKENS.clusterAccess, name, {}, opts);
        const provider = resolved.provider;
        this.readOnlyRole = new k8s.rbac.v1.ClusterRole(
            `${name}-read-only`,
            { metadata: { name: ACCESS_OBJECT_NAMES.readOnlyRole }, rules: rulesOf(READ_ONLY_RULES) },
            { parent: this, provider },
        );
        if (resolved.readOnlyGroups.length > 0) {
            this.readOnlyBinding = new k8s.rbac.v1.ClusterRoleBinding(
                `${name}-read-only`,
                {
                    metadata: { name: ACCESS_OBJECT_NAMES.readOnlyRole },
                    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: this.readOnlyRole.metadata.name },
                    subjects: resolved.readOnlyGroups.map(g => ({ apiGroup: RBAC_GROUP, kind: "Group", name: g })),
                },
                { parent: this, provider },
            );
        }
        if (resolved.breakGlassSubjects.length > 0) {
            this.breakGlassBinding = new k8s.rbac.v1.ClusterRoleBinding(
                `${name}-break-glass`,
                {
                    metadata: { name: ACCESS_OBJECT_NAMES.breakGlassBinding },
                    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "cluster-admin" },
                    subjects: resolved.breakGlassSubjects.map(s => ({ apiGroup: RBAC_GROUP, kind: s.kind, name: s.name })),
                },
                { parent: this, provider },
            );
        }
        this.breakGlassSubjects = resolved.breakGlassSubjects.map(breakGlassSubjectKey);
        this.registerOutputs({ readOnlyRole: this.readOnlyRole, breakGlassSubjects: this.breakGlassSubjects });
    }
}
