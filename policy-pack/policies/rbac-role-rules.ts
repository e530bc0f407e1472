/**
 * The least-privilege policies over a Role's or ClusterRole's own rules: one policy per kind of
 * dangerous permission, each reading every rule of the role.
 */
import { CheckedResource, HardenedPolicy, resourcePolicy, subjectOf } from "../lib/define";
import { BINDING_TYPES, BUILTIN_CLUSTER_ROLES, ESCALATION, Permission, POD_EXEC, ROLE_TYPES, Rule, SECRET_READS, WORKLOAD_WRITES, findGrants, findWildcards, rulesOf } from "../lib/rbac";

export interface RuleCheck {
    readonly name: string;
    readonly control: string;
    /** What the role must not do, completing "<Kind> 'x' must not ...". */
    readonly mustNot: string;
    readonly find: (rules: readonly Rule[]) => string[];
}

const byPermissions = (permissions: readonly Permission[]) => (rules: readonly Rule[]) => findGrants(rules, permissions);

export const RULE_CHECKS: readonly RuleCheck[] = [
    { name: "k8s-rbac-disallow-wildcards", control: "k8s-rbac-wildcards", mustNot: "use wildcards", find: findWildcards },
    { name: "k8s-rbac-restrict-workload-writes", control: "k8s-rbac-workload-writes", mustNot: "create, update or patch pods or workload controllers", find: byPermissions(WORKLOAD_WRITES) },
    { name: "k8s-rbac-disallow-privilege-escalation", control: "k8s-rbac-escalation", mustNot: "grant a path to more privilege", find: byPermissions(ESCALATION) },
    { name: "k8s-rbac-disallow-pod-exec", control: "k8s-rbac-pod-exec", mustNot: "grant exec, attach, port-forward or the node proxy", find: byPermissions(POD_EXEC) },
    { name: "k8s-rbac-restrict-secret-reads", control: "k8s-rbac-secret-reads", mustNot: "read secrets", find: byPermissions(SECRET_READS) },
];

/** The messages of one rule check over a role resource. */
export function checkRoleRules(check: RuleCheck, resource: CheckedResource, rules: readonly Rule[] = rulesOf(resource.props)): string[] {
    const found = check.find(rules);
    return found.length ? [`${subjectOf(resource)} must not ${check.mustNot}: ${found.join("; ")}.`] : [];
}

/**
 * A binding to the built-in `admin` or `edit` ClusterRole holds what those roles grant (workload
 * writes, exec, secret reads, impersonating service accounts; admin also writes Roles and
 * RoleBindings): it is judged as a role with those rules would be, naming the role it binds.
 */
export function checkBuiltinRoleBinding(check: RuleCheck, resource: CheckedResource): string[] {
    // A roleRef that cannot be read is reported once, by the cluster-admin binding policy.
    const raw = resource.props["roleRef"];
    const ref = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    const kind = typeof ref?.["kind"] === "string" ? ref["kind"] : undefined;
    const name = typeof ref?.["name"] === "string" ? ref["name"] : undefined;
    const rules = kind === "ClusterRole" && name !== undefined ? BUILTIN_CLUSTER_ROLES.get(name) : undefined;
    if (!rules) {
        return [];
    }
    const found = check.find(rules).map(f => f.replace(/^rules\[\d+\] grants /, ""));
    return found.length
        ? [`${subjectOf(resource)} must not ${check.mustNot}: it binds the built-in ClusterRole '${name}', which grants ${found.join("; ")}.`]
        : [];
}

const BINDINGS: ReadonlySet<string> = new Set(BINDING_TYPES);

export const roleRulePolicies: readonly HardenedPolicy[] = RULE_CHECKS.map(check =>
    resourcePolicy({
        name: check.name,
        control: check.control,
        enforcementLevel: "mandatory",
        types: [...ROLE_TYPES, ...BINDING_TYPES],
        check: resource => (BINDINGS.has(resource.type) ? checkBuiltinRoleBinding(check, resource) : checkRoleRules(check, resource)),
    }),
);
