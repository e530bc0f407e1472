/**
 * Aggregated ClusterRoles: the controller fills an aggregating role with the rules of every
 * ClusterRole whose labels match its selectors, so a role that looks empty can hold anything.
 * This stack policy judges the union against every least-privilege rule check.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, isUnknownValueError, stackPolicy, subjectOf } from "../lib/define";
import { CLUSTER_ROLE_TYPE, Rule, rulesOf } from "../lib/rbac";
import { MalformedValueError, Obj, optArray, optObject, optStringArray, optStringMap } from "../lib/read";
import { RULE_CHECKS } from "./rbac-role-rules";

interface ClusterRoleFacts {
    readonly resource: PolicyResource;
    readonly labels: ReadonlyMap<string, string>;
    readonly rules: readonly Rule[];
}

interface Selector {
    readonly matchLabels: ReadonlyMap<string, string>;
    readonly matchExpressions: readonly { key: string; operator: string; values: readonly string[] }[];
}

/** Label selector semantics (apimachinery LabelSelectorAsSelector). */
export function selectorMatches(selector: Selector, labels: ReadonlyMap<string, string>): boolean {
    for (const [k, v] of selector.matchLabels) {
        if (labels.get(k) !== v) {
            return false;
        }
    }
    return selector.matchExpressions.every(e => {
        switch (e.operator) {
            case "In":
                return labels.has(e.key) && e.values.includes(labels.get(e.key)!);
            case "NotIn":
                return !labels.has(e.key) || !e.values.includes(labels.get(e.key)!);
            case "Exists":
                return labels.has(e.key);
            case "DoesNotExist":
                return !labels.has(e.key);
            default:
                // An invalid operator makes the API server reject the selector: it matches nothing.
                return false;
        }
    });
}

function selectorsOf(props: Obj): Selector[] | undefined {
    const rule = optObject(props["aggregationRule"], "aggregationRule");
    if (!rule) {
        return undefined;
    }
    return optArray(rule["clusterRoleSelectors"], "aggregationRule.clusterRoleSelectors").map((s, i) => {
        const path = `aggregationRule.clusterRoleSelectors[${i}]`;
        const sel = optObject(s, path) ?? {};
        return {
            matchLabels: optStringMap(sel["matchLabels"], `${path}.matchLabels`),
            matchExpressions: optArray(sel["matchExpressions"], `${path}.matchExpressions`).map((e, j) => {
                const ep = `${path}.matchExpressions[${j}]`;
                const expr = optObject(e, ep) ?? {};
                return {
                    key: String(expr["key"] ?? ""),
                    operator: String(expr["operator"] ?? ""),
                    values: optStringArray(expr["values"], `${ep}.values`),
                };
            }),
        };
    });
}

/** A ClusterRole, or a ClusterRolePatch judged on the labels, rules and aggregationRule it sets. */
function isClusterRoleType(type: string): boolean {
    return type === CLUSTER_ROLE_TYPE || type === `${CLUSTER_ROLE_TYPE}Patch`;
}

function factsOf(resources: readonly PolicyResource[]): ClusterRoleFacts[] {
    const out: ClusterRoleFacts[] = [];
    for (const r of resources) {
        if (!isClusterRoleType(r.type)) {
            continue;
        }
        try {
            const props = r.props as Obj;
            const metadata = optObject(props["metadata"], "metadata");
            out.push({ resource: r, labels: optStringMap(metadata?.["labels"], "metadata.labels"), rules: rulesOf(props) });
        } catch (e) {
            // A role whose labels or rules cannot be read contributes nothing it could be blamed for;
            // the per-role policies report it themselves.
            if (!isUnknownValueError(e) && !(e instanceof MalformedValueError)) {
                throw e;
            }
        }
    }
    return out;
}

function sourceOf(facts: ClusterRoleFacts): CheckedResource {
    const r = facts.resource;
    return { type: r.type, name: r.name, urn: r.urn, props: r.props as Obj };
}

/** The messages for one aggregating ClusterRole given the stack's ClusterRoles. */
export function checkAggregatedRole(resource: CheckedResource, roles: readonly ClusterRoleFacts[]): string[] {
    const selectors = selectorsOf(resource.props);
    if (!selectors) {
        return [];
    }
    const sources = roles.filter(
        r => r.resource.urn !== resource.urn && selectors.some(s => selectorMatches(s, r.labels)),
    );
    const out: string[] = [];
    for (const source of sources) {
        for (const check of RULE_CHECKS) {
            const found = check.find(source.rules);
            if (found.length) {
                out.push(
                    `${subjectOf(resource)} must not aggregate ${subjectOf(sourceOf(source))}, ` +
                        `which must not ${check.mustNot}: ${found.join("; ")} (${check.name}).`,
                );
            }
        }
    }
    return out;
}

export const rbacAggregatedRolesPolicy = stackPolicy<object, ClusterRoleFacts[]>({
    name: "k8s-rbac-restrict-aggregated-roles",
    control: "k8s-rbac-aggregation",
    enforcementLevel: "mandatory",
    selects: isClusterRoleType,
    context: resources => factsOf(resources),
    check: (resource, roles) => checkAggregatedRole(resource, roles),
});
