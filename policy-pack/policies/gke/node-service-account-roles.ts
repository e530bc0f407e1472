/**
 * Checklist "workload identity, no static cloud credentials"; CIS GKE 5.2.1; Checkov CKV_GCP_117
 * (no basic roles at project level). A cross-resource rule: a project role granted in this stack
 * to a service account that GKE nodes run as (found by the node pool's dependency on the account,
 * or by its known email) is one of `allowedRoles`, through whichever project IAM resource grants
 * it: IAMMember, IAMBinding, or an authoritative IAMPolicy's bindings (Owner and Editor included).
 * Anything more is reachable by every pod that escapes to the node.
 */
import type { PolicyResource } from "@pulumi/policy";
import { GKE_NODE_SERVICE_ACCOUNT_ROLES } from "../../../components/controls/gke";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { MalformedValueError, Obj, optString, optStringArray } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, PROJECT_GRANT_TYPES, PROJECT_POLICY_TYPE, SERVICE_ACCOUNT_TYPE, knownString, nodeSettingsOf } from "./resources";

export interface NodeRolesConfig {
    readonly allowedRoles: readonly string[];
}

export interface NodeAccounts {
    readonly urns: ReadonlySet<string>;
    readonly members: ReadonlySet<string>;
}

/** The service accounts of the stack's node pools: resources by URN, and known emails as members. */
export function nodeAccountsOf(resources: readonly PolicyResource[]): NodeAccounts {
    const urns = new Set<string>();
    const members = new Set<string>();
    for (const r of resources) {
        if (r.type !== CLUSTER_TYPE && r.type !== NODE_POOL_TYPE) {
            continue;
        }
        for (const key of ["nodeConfig", "nodePools"]) {
            for (const dep of r.propertyDependencies?.[key] ?? []) {
                if (dep.type === SERVICE_ACCOUNT_TYPE) {
                    urns.add(dep.urn);
                }
            }
        }
        try {
            for (const pool of nodeSettingsOf(r.type, r.props as Obj)) {
                const email = knownString(pool.nodeConfig, "serviceAccount", `${pool.nodeConfigPath}.serviceAccount`);
                if (email) {
                    members.add(`serviceAccount:${email}`);
                }
            }
        } catch (e) {
            // A malformed pool is reported by the node policies; it names no account here.
            if (!(e instanceof MalformedValueError)) {
                throw e;
            }
        }
    }
    return { urns, members };
}

function grantMembers(props: Obj): readonly string[] {
    if ("members" in props) {
        return optStringArray(props["members"], "members");
    }
    const member = optString(props["member"], "member");
    return member === undefined ? [] : [member];
}

/** The bindings of a project IAMPolicy's `policyData` (a JSON string): the roles each member holds. */
export function policyBindings(props: Obj): { readonly role: string; readonly members: readonly string[] }[] {
    const data = knownString(props, "policyData", "policyData");
    if (data === undefined) {
        return [];
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(data);
    } catch {
        throw new MalformedValueError("policyData", "a JSON IAM policy", data);
    }
    const bindings = (parsed as { bindings?: unknown }).bindings;
    if (!Array.isArray(bindings)) {
        return [];
    }
    return bindings.flatMap((b, i) => {
        const o = b as { role?: unknown; members?: unknown };
        return typeof o.role === "string" ? [{ role: o.role, members: optStringArray(o.members ?? [], `policyData.bindings[${i}].members`) }] : [];
    });
}

export function checkNodeRoles(resource: CheckedResource, accounts: NodeAccounts, config: NodeRolesConfig, raw: PolicyResource): string[] {
    const allowed = config.allowedRoles ?? GKE_NODE_SERVICE_ACCOUNT_ROLES;
    const deniedRole = (role: string) =>
        `${subjectOf(resource)} must grant a GKE node service account only node roles: \`role\` is "${role}", which is not in allowedRoles (${allowed.join(", ")}).`;
    if (resource.type === PROJECT_POLICY_TYPE) {
        // An authoritative policy names every member by string (unknown, so unread, until the
        // account's email is known).
        return policyBindings(resource.props).flatMap(b => (!allowed.includes(b.role) && b.members.some(m => accounts.members.has(m)) ? [deniedRole(b.role)] : []));
    }
    const deps = [...(raw.propertyDependencies?.["member"] ?? []), ...(raw.propertyDependencies?.["members"] ?? [])];
    const toNode = deps.some(d => accounts.urns.has(d.urn)) || (accounts.members.size > 0 && grantMembers(resource.props).some(m => accounts.members.has(m)));
    if (!toNode) {
        return [];
    }
    const role = optString(resource.props["role"], "role");
    return role !== undefined && !allowed.includes(role) ? [deniedRole(role)] : [];
}

export const nodeRolesPolicy = stackPolicy<NodeRolesConfig, NodeAccounts>({
    name: "gke-node-service-account-restrict-roles",
    control: "gke-node-service-account",
    enforcementLevel: "mandatory",
    description: "Service accounts that GKE nodes run as hold only the node roles in allowedRoles.",
    config: {
        allowedRoles: {
            type: "array",
            items: { type: "string" },
            default: [...GKE_NODE_SERVICE_ACCOUNT_ROLES],
            description: "The project roles a node service account may hold.",
        },
    },
    selects: type => PROJECT_GRANT_TYPES.includes(type),
    context: resources => nodeAccountsOf(resources),
    check: checkNodeRoles,
});
