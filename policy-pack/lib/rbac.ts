/**
 * Reading RBAC rules the way the authorizer matches them (k8s.io/apiserver rbac/v1 helpers): a rule
 * grants a request when its API group, resource and verb each match exactly or by a wildcard; the
 * resource "*" matches every resource and subresource, and "*" + "/scale" the scale subresource of any.
 */
import { Obj, optArray, optObject, optStringArray } from "./read";

export interface Rule {
    readonly index: number;
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
    readonly resourceNames: readonly string[];
    readonly nonResourceURLs: readonly string[];
}

/** The rules of a Role or ClusterRole; every rule, not just the first. */
export function rulesOf(props: Obj, path = "rules"): Rule[] {
    return optArray(props["rules"], path).map((entry, index) => {
        const p = `${path}[${index}]`;
        const rule = optObject(entry, p) ?? {};
        return {
            index,
            apiGroups: optStringArray(rule["apiGroups"], `${p}.apiGroups`),
            resources: optStringArray(rule["resources"], `${p}.resources`),
            verbs: optStringArray(rule["verbs"], `${p}.verbs`),
            resourceNames: optStringArray(rule["resourceNames"], `${p}.resourceNames`),
            nonResourceURLs: optStringArray(rule["nonResourceURLs"], `${p}.nonResourceURLs`),
        };
    });
}

function matchesResource(granted: string, resource: string): boolean {
    if (granted === "*" || granted === resource) {
        return true;
    }
    // `*/scale` grants the scale subresource of every resource.
    if (granted.startsWith("*/")) {
        const slash = resource.indexOf("/");
        return slash >= 0 && resource.slice(slash) === granted.slice(1);
    }
    return false;
}

/** True when the rule grants `verb` on `group`/`resource` (resource may be `pods/exec`). */
export function grants(rule: Rule, group: string, resource: string, verb: string): boolean {
    return (
        rule.verbs.some(v => v === "*" || v === verb) &&
        rule.apiGroups.some(g => g === "*" || g === group) &&
        rule.resources.some(r => matchesResource(r, resource))
    );
}

/** A permission that a least-privilege role must not hold. */
export interface Permission {
    readonly group: string;
    readonly resource: string;
    readonly verbs: readonly string[];
    /** When true, a rule limited by resourceNames does not count (reads of named secrets). */
    readonly allowedWithResourceNames?: boolean;
}

/**
 * Whether a rule with resourceNames can grant `verb` on `resource` at all. The authorizer matches a
 * rule's resourceNames against the request's name (ResourceNameMatches, k8s.io/kubernetes
 * pkg/apis/rbac/v1/evaluation_helpers.go). A create of a resource and a deletecollection carry
 * no name, so such a rule never grants them ("You cannot restrict create or deletecollection
 * requests by their resource name", Kubernetes docs, "Using RBAC Authorization", Referring to
 * resources). Every other request names its object, list and watch through the `metadata.name`
 * field selector the same page requires, so the rule grants them on the named objects only.
 * A create on a subresource (pods/exec) names its parent object, and is narrowed too.
 */
function isNamedRequest(resource: string, verb: string): boolean {
    return !(verb === "deletecollection" || (verb === "create" && !resource.includes("/")));
}

/**
 * True when every verb, resource and API group is `*` and no resourceNames narrow it: the rule
 * grants everything, as cluster-admin does. With resourceNames it grants every verb on the named
 * objects only (and no create or deletecollection, see isNamedRequest), which the policies judge
 * permission by permission.
 */
export function isFullWildcard(rule: Rule): boolean {
    return rule.verbs.includes("*") && rule.apiGroups.includes("*") && rule.resources.includes("*") && rule.resourceNames.length === 0;
}

/**
 * `rules[2] grants create, patch on pods, apps/deployments; bind on rbac.authorization.k8s.io/roles`
 * for each rule holding dangerous permissions, the resources grouped by the verbs granted on them,
 * with the names a resourceNames rule narrows them to. A rule that grants everything (`*` verbs,
 * resources and API groups) is left to the wildcard policy, whose one finding says so: the same
 * rule is not reported again by every policy whose permissions it includes.
 */
export function findGrants(rules: readonly Rule[], permissions: readonly Permission[]): string[] {
    const out: string[] = [];
    for (const rule of rules) {
        if (isFullWildcard(rule)) {
            continue;
        }
        const named = rule.resourceNames.length > 0;
        const byVerbs = new Map<string, string[]>();
        for (const p of permissions) {
            if (p.allowedWithResourceNames && named) {
                continue;
            }
            const verbs = p.verbs.filter(v => grants(rule, p.group, p.resource, v) && (!named || isNamedRequest(p.resource, v)));
            if (verbs.length > 0) {
                const key = verbs.join(", ");
                const where = p.group === "" ? p.resource : `${p.group}/${p.resource}`;
                byVerbs.set(key, [...(byVerbs.get(key) ?? []), where]);
            }
        }
        if (byVerbs.size === 0) {
            continue;
        }
        const only = named ? ` (only ${rule.resourceNames.map(n => JSON.stringify(n)).join(", ")})` : "";
        const grantsList = [...byVerbs].map(([verbs, resources]) => `${verbs} on ${resources.join(", ")}`);
        out.push(`rules[${rule.index}] grants ${grantsList.join("; ")}${only}`);
    }
    return out;
}

const WRITE = ["create", "update", "patch"];

function on(group: string, resources: readonly string[], verbs: readonly string[], extra?: Partial<Permission>): Permission[] {
    return resources.map(resource => ({ group, resource, verbs, ...extra }));
}

/** Writes to pods and workload controllers (CIS 5.1.4: minimise access to create pods). */
export const WORKLOAD_WRITES: readonly Permission[] = [
    ...on("", ["pods", "replicationcontrollers", "podtemplates"], WRITE),
    ...on("apps", ["deployments", "statefulsets", "daemonsets", "replicasets"], WRITE),
    ...on("batch", ["jobs", "cronjobs"], WRITE),
];

/**
 * Paths to more privilege than the role holds (CIS 5.1.8; Checkov CKV_K8S_155–158, CKV2_K8S_1/3):
 * writing RBAC objects, escalate, bind, impersonate, minting service account tokens, writing
 * admission webhooks, approving certificate signing requests.
 */
export const ESCALATION: readonly Permission[] = [
    ...on("rbac.authorization.k8s.io", ["roles", "rolebindings", "clusterroles", "clusterrolebindings"], WRITE),
    ...on("rbac.authorization.k8s.io", ["roles", "clusterroles"], ["escalate"]),
    ...on("rbac.authorization.k8s.io", ["roles", "clusterroles"], ["bind"]),
    ...on("", ["users", "groups", "serviceaccounts"], ["impersonate"]),
    ...on("authentication.k8s.io", ["userextras/scopes", "uids"], ["impersonate"]),
    ...on("", ["serviceaccounts/token"], ["create"]),
    ...on("admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], WRITE),
    ...on("certificates.k8s.io", ["certificatesigningrequests/approval"], ["update", "patch"]),
    ...on("certificates.k8s.io", ["signers"], ["approve"]),
];

/** Interactive access into running pods and nodes (Checkov CKV2_K8S_2). */
export const POD_EXEC: readonly Permission[] = [
    ...on("", ["pods/exec", "pods/attach", "pods/portforward"], ["create", "get"]),
    ...on("", ["pods/ephemeralcontainers"], ["update", "patch"]),
    ...on("", ["nodes/proxy"], ["create", "get", "update", "patch", "delete"]),
];

/**
 * Reading secrets (CIS 5.1.2). Reads of named secrets are allowed: resourceNames narrows get, and
 * list and watch too, which the authorizer then grants only with a `metadata.name` field selector
 * naming one of them (see isNamedRequest).
 */
export const SECRET_READS: readonly Permission[] = [{ group: "", resource: "secrets", verbs: ["get", "list", "watch"], allowedWithResourceNames: true }];

/**
 * True when a value of the field is a wildcard as the authorizer reads it: `*` anywhere, `*` then a
 * subresource in resources, and in non-resource URLs any trailing `*`, a prefix match (so `/` then
 * `*` grants every URL).
 */
function isWildcard(field: "verbs" | "resources" | "apiGroups" | "nonResourceURLs", value: string): boolean {
    return value === "*" || (field === "resources" && value.startsWith("*/")) || (field === "nonResourceURLs" && value.endsWith("*"));
}

/** Wildcards in verbs, resources, API groups or non-resource URLs (CIS 5.1.3, Checkov CKV_K8S_49). */
export function findWildcards(rules: readonly Rule[]): string[] {
    const out: string[] = [];
    for (const rule of rules) {
        if (isFullWildcard(rule)) {
            out.push(
                `rules[${rule.index}] grants every verb on every resource of every API group, as cluster-admin does ` +
                    "(workload writes, privilege escalation, exec and secret reads included)",
            );
            continue;
        }
        const fields = (["verbs", "resources", "apiGroups", "nonResourceURLs"] as const).filter(f => rule[f].some(v => isWildcard(f, v)));
        if (fields.length > 0) {
            out.push(`rules[${rule.index}] has * in ${fields.join(", ")}`);
        }
    }
    return out;
}

// With their server-side apply patches (pulumi-kubernetes RolePatch, ...): judged on what they set,
// the rules and subjects lists a patch sets being whole lists (atomic in the rbac/v1 schema).
export const ROLE_TYPES = [
    "kubernetes:rbac.authorization.k8s.io/v1:Role",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:RolePatch",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch",
] as const;
export const BINDING_TYPES = [
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
] as const;
export const CLUSTER_ROLE_TYPE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";

const READ = ["get", "list", "watch"];
const BOOTSTRAP_WRITE = ["create", "update", "patch", "delete", "deletecollection"];

function builtin(rules: readonly [readonly string[], readonly string[], readonly string[]][]): Rule[] {
    return rules.map(([verbs, apiGroups, resources], index) => ({ index, verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] }));
}

/**
 * The rules of the built-in `edit` ClusterRole that the policies look for: those of
 * `system:aggregate-to-edit` (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/
 * policy.go, ClusterRoles()). `edit` also aggregates `view`, whose reads of non-escalating
 * resources grant nothing these policies look for.
 */
const EDIT_RULES: readonly [readonly string[], readonly string[], readonly string[]][] = [
    [READ, [""], ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"]],
    [["impersonate"], [""], ["serviceaccounts"]],
    [BOOTSTRAP_WRITE, [""], ["pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"]],
    [BOOTSTRAP_WRITE, [""], ["replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "endpoints", "persistentvolumeclaims", "configmaps", "secrets"]],
    [BOOTSTRAP_WRITE, ["apps"], ["statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"]],
    [BOOTSTRAP_WRITE, ["autoscaling"], ["horizontalpodautoscalers"]],
    [BOOTSTRAP_WRITE, ["batch"], ["jobs", "cronjobs"]],
    [BOOTSTRAP_WRITE, ["extensions"], ["daemonsets", "deployments", "deployments/scale", "deployments/rollback", "ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale", "networkpolicies"]],
    [BOOTSTRAP_WRITE, ["policy"], ["poddisruptionbudgets"]],
    [BOOTSTRAP_WRITE, ["networking.k8s.io"], ["networkpolicies", "ingresses"]],
];

/** `admin` is `edit` plus `system:aggregate-to-admin`: writing Roles and RoleBindings (same source). */
const ADMIN_EXTRA: readonly [readonly string[], readonly string[], readonly string[]][] = [
    [["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]],
    [[...READ, ...BOOTSTRAP_WRITE], ["rbac.authorization.k8s.io"], ["roles", "rolebindings"]],
];

/**
 * The built-in user-facing ClusterRoles whose grants the least-privilege policies judge on the
 * bindings that use them. `cluster-admin` has its own policy (break-glass subjects only).
 */
export const BUILTIN_CLUSTER_ROLES: ReadonlyMap<string, readonly Rule[]> = new Map([
    ["edit", builtin(EDIT_RULES)],
    ["admin", builtin([...EDIT_RULES, ...ADMIN_EXTRA])],
]);
