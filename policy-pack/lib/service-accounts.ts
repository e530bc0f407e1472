/**
 * Service accounts as the stack declares them: each account's own token setting, and the
 * RoleBindings and ClusterRoleBindings among the inputs that name it, directly or through the
 * service-account user and groups the API server gives its tokens
 * (`system:serviceaccount:<ns>:<name>`, `system:serviceaccounts`, `system:serviceaccounts:<ns>`;
 * Kubernetes docs, "Using RBAC Authorization", Referring to subjects).
 */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknownValueError } from "./define";
import { MalformedValueError, Obj, optArray, optBoolean, optObject, optString } from "./read";
import { DEFAULT_NAMESPACE, fallbackNamespaceOf } from "./stack-index";

export const SERVICE_ACCOUNT_TYPES: readonly string[] = ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceAccountPatch"];

const BINDING_KINDS = new Set(["RoleBinding", "ClusterRoleBinding", "RoleBindingPatch", "ClusterRoleBindingPatch"]);
const RBAC_PREFIX = "kubernetes:rbac.authorization.k8s.io/";

export interface ServiceAccountFacts {
    /** The account's own automountServiceAccountToken, when a ServiceAccount of the inputs sets it. */
    automountOf(namespace: string, name: string): boolean | undefined;
    /** The bindings among the inputs that grant the account something, as `Kind 'name'`. */
    bindingsOf(namespace: string, name: string): readonly string[];
}

function isBindingType(type: string): boolean {
    return type.startsWith(RBAC_PREFIX) && BINDING_KINDS.has(type.slice(type.lastIndexOf(":") + 1));
}

/** Runs `read`; a value unknown during preview or malformed counts as absent (its own policies report it). */
function tolerant<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e) || e instanceof MalformedValueError) {
            return undefined;
        }
        throw e;
    }
}

const cache = new WeakMap<readonly PolicyResource[], ServiceAccountFacts>();

export function serviceAccountFactsOf(resources: readonly PolicyResource[]): ServiceAccountFacts {
    let facts = cache.get(resources);
    if (!facts) {
        facts = buildFacts(resources);
        cache.set(resources, facts);
    }
    return facts;
}

function buildFacts(resources: readonly PolicyResource[]): ServiceAccountFacts {
    const automount = new Map<string, boolean>();
    const byAccount = new Map<string, string[]>();
    const byNamespaceGroup = new Map<string, string[]>();
    const allAccounts: string[] = [];
    const add = (map: Map<string, string[]>, key: string, binding: string) => map.set(key, [...(map.get(key) ?? []), binding]);

    // An object that names no namespace lands in its provider's (see fallbackNamespaceOf); unknown during preview, `default` is assumed.
    const fallback = (r: PolicyResource) => {
        const ns = fallbackNamespaceOf(r);
        return ns.known ? ns.name : DEFAULT_NAMESPACE;
    };
    for (const r of resources) {
        const props = r.props as Obj;
        if (SERVICE_ACCOUNT_TYPES.includes(r.type)) {
            tolerant(() => {
                const metadata = optObject(props["metadata"], "metadata");
                const name = optString(metadata?.["name"], "metadata.name");
                const namespace = optString(metadata?.["namespace"], "metadata.namespace") || fallback(r);
                const value = optBoolean(props["automountServiceAccountToken"], "automountServiceAccountToken");
                if (name !== undefined && value !== undefined) {
                    automount.set(`${namespace}/${name}`, value);
                }
            });
            continue;
        }
        if (!isBindingType(r.type)) {
            continue;
        }
        tolerant(() => {
            const metadata = optObject(props["metadata"], "metadata");
            const kind = r.type.slice(r.type.lastIndexOf(":") + 1).replace(/Patch$/, "");
            const label = `${kind} '${optString(metadata?.["name"], "metadata.name") ?? r.name}'`;
            // A ClusterRoleBinding is cluster-scoped: its provider's namespace does not apply to it.
            const bindingNamespace = optString(metadata?.["namespace"], "metadata.namespace") || (kind === "RoleBinding" ? fallback(r) : DEFAULT_NAMESPACE);
            optArray(props["subjects"], "subjects").forEach((entry, i) => {
                const s = optObject(entry, `subjects[${i}]`) ?? {};
                const subjectKind = optString(s["kind"], `subjects[${i}].kind`);
                const name = optString(s["name"], `subjects[${i}].name`) ?? "";
                if (subjectKind === "ServiceAccount") {
                    const namespace = optString(s["namespace"], `subjects[${i}].namespace`) || bindingNamespace;
                    add(byAccount, `${namespace}/${name}`, label);
                } else if (subjectKind === "User" && name.startsWith("system:serviceaccount:")) {
                    const [namespace, account] = name.slice("system:serviceaccount:".length).split(":");
                    if (namespace && account) {
                        add(byAccount, `${namespace}/${account}`, label);
                    }
                } else if (subjectKind === "Group" && name === "system:serviceaccounts") {
                    allAccounts.push(label);
                } else if (subjectKind === "Group" && name.startsWith("system:serviceaccounts:")) {
                    add(byNamespaceGroup, name.slice("system:serviceaccounts:".length), label);
                }
            });
        });
    }
    return {
        automountOf: (namespace, name) => automount.get(`${namespace}/${name}`),
        bindingsOf: (namespace, name) => [...(byAccount.get(`${namespace}/${name}`) ?? []), ...(byNamespaceGroup.get(namespace) ?? []), ...allAccounts],
    };
}
