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
    /** When true, a rule limited by resourceNames does not count (get on named secrets). */
    readonly allowedWithResourceNames?: boolean;
}

/**
 * `rules[2] grants create, patch on pods, apps/deployments` for each rule holding dangerous
 * permissions, the resources grouped by the verbs granted on them.
 */
export function findGrants(rules: readonly Rule[], permissions: readonly Permission[]): string[] {
    const out: string[] = [];
    for (const rule of rules) {
        const byVerbs = new Map<string, string[]>();
        for (const p of permissions) {
            if (p.allowedWithResourceNames && rule.resourceNames.length > 0) {
                continue;
            }
            const verbs = p.verbs.filter(v => grants(rule, p.group, p.resource, v));
            if (verbs.length > 0) {
                const key = verbs.join(", ");
                const where = p.group === "" ? p.resource : `${p.group}/${p.resource}`;
                byVerbs.set(key, [...(byVerbs.get(key) ?? []), where]);
            }
        }
        for (const [verbs, resources] of byVerbs) {
            out.push(`rules[${rule.index}] grants ${verbs} on ${resources.join(", ")}`);
        }
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

/** Reading secrets (CIS 5.1.2). `get` on named secrets is allowed; list and watch never are. */
export const SECRET_READS: readonly Permission[] = [
    { group: "", resource: "secrets", verbs: ["get"], allowedWithResourceNames: true },
    { group: "", resource: "secrets", verbs: ["list", "watch"] },
];

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
        const fields = (["verbs", "resources", "apiGroups", "nonResourceURLs"] as const).filter(f => rule[f].some(v => isWildcard(f, v)));
        if (fields.length > 0) {
            out.push(`rules[${rule.index}] has * in ${fields.join(", ")}`);
        }
    }
    return out;
}

export const ROLE_TYPES = ["kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"] as const;
export const BINDING_TYPES = [
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
] as const;
export const CLUSTER_ROLE_TYPE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
