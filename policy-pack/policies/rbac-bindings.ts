/**
 * The least-privilege policies over RoleBindings and ClusterRoleBindings: cluster-admin and
 * system:masters only for named break-glass subjects; nothing for the public groups.
 */
import { PUBLIC_GROUPS } from "../../components/controls";
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { BINDING_TYPES } from "../lib/rbac";
import { Obj, optArray, optObject, optString } from "../lib/read";

export interface Subject {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
}

export function subjectsOf(props: Obj): Subject[] {
    return optArray(props["subjects"], "subjects").map((entry, i) => {
        const path = `subjects[${i}]`;
        const s = optObject(entry, path) ?? {};
        const namespace = optString(s["namespace"], `${path}.namespace`);
        return {
            kind: optString(s["kind"], `${path}.kind`) ?? "",
            name: optString(s["name"], `${path}.name`) ?? "",
            ...(namespace !== undefined ? { namespace } : {}),
        };
    });
}

/** `Group system:masters`, `ServiceAccount ops/admin`. */
export function formatSubject(s: Subject): string {
    return `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`;
}

function roleRefOf(props: Obj): { kind: string; name: string } {
    const ref = optObject(props["roleRef"], "roleRef") ?? {};
    return { kind: optString(ref["kind"], "roleRef.kind") ?? "", name: optString(ref["name"], "roleRef.name") ?? "" };
}

export interface BreakGlassConfig {
    /** Subjects allowed to hold cluster-admin, as `Kind:name` or `Kind:namespace/name`. */
    readonly breakGlassSubjects: readonly string[];
}

const SUPER_GROUP = "system:masters";

export function checkClusterAdminBinding(resource: CheckedResource, config: BreakGlassConfig): string[] {
    const allowed = new Set(config.breakGlassSubjects ?? []);
    const key = (s: Subject) => `${s.kind}:${s.namespace ? `${s.namespace}/` : ""}${s.name}`;
    const ref = roleRefOf(resource.props);
    const subjects = subjectsOf(resource.props);
    const out: string[] = [];
    if (ref.kind === "ClusterRole" && ref.name === "cluster-admin") {
        const offenders = subjects.filter(s => !allowed.has(key(s)));
        if (offenders.length) {
            out.push(`${subjectOf(resource)} must bind cluster-admin only to break-glass subjects: ${offenders.map(formatSubject).join(", ")} ${offenders.length === 1 ? "is" : "are"} not in breakGlassSubjects.`);
        }
    }
    const masters = subjects.filter(s => s.kind === "Group" && s.name === SUPER_GROUP && !allowed.has(key(s)));
    if (masters.length) {
        out.push(`${subjectOf(resource)} must not bind the ${SUPER_GROUP} group, which bypasses RBAC.`);
    }
    return out;
}

export function checkPublicBinding(resource: CheckedResource): string[] {
    const offenders = subjectsOf(resource.props).filter(
        s => (s.kind === "Group" || s.kind === "User") && PUBLIC_GROUPS.includes(s.name),
    );
    return offenders.length
        ? [`${subjectOf(resource)} must not bind anonymous or all-user subjects: ${offenders.map(formatSubject).join(", ")}.`]
        : [];
}

export const clusterAdminBindingsPolicy = resourcePolicy<BreakGlassConfig>({
    name: "k8s-rbac-restrict-cluster-admin-bindings",
    control: "k8s-rbac-cluster-admin",
    enforcementLevel: "mandatory",
    types: BINDING_TYPES,
    config: {
        breakGlassSubjects: {
            type: "array",
            items: { type: "string", pattern: "^(User|Group|ServiceAccount):.+$" },
            default: [],
            description: "Subjects allowed to hold cluster-admin, as Kind:name (ServiceAccount:namespace/name).",
        },
    },
    check: checkClusterAdminBinding,
});

export const anonymousBindingsPolicy = resourcePolicy({
    name: "k8s-rbac-disallow-anonymous-bindings",
    control: "k8s-rbac-anonymous",
    enforcementLevel: "mandatory",
    types: BINDING_TYPES,
    check: checkPublicBinding,
});
