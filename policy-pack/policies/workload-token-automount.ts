import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../lib/define";
import { isWorkloadType } from "../lib/kubernetes-types";
import { Obj, optBoolean, optObject, optString } from "../lib/read";
import { SERVICE_ACCOUNT_TYPES, ServiceAccountFacts, serviceAccountFactsOf } from "../lib/service-accounts";
import { StackIndex, stackIndexOf } from "../lib/stack-index";
import { onPodTemplate } from "../lib/workload-policy";

interface AutomountContext {
    readonly index: StackIndex;
    readonly accounts: ServiceAccountFacts;
}

/**
 * CIS 5.1.6: service account tokens only where needed. A pod that calls no API should not mount a
 * token (Checkov CKV_K8S_38), and the `default` service account should not hand one to every pod
 * (CKV_K8S_41). A pod mounts the token unless its spec or, when the spec leaves it unset, its
 * service account sets automountServiceAccountToken=false (Kubernetes docs, "Configure Service
 * Accounts for Pods": the pod's setting takes precedence). A pod whose account is bound to a role
 * among the inputs calls the API, and needs the token. Advisory: bindings may live elsewhere.
 */
export function checkTokenAutomount(resource: CheckedResource, raw: PolicyResource | undefined, context: AutomountContext | undefined): string[] {
    // The default service account exists in every namespace: it is managed with a Patch.
    if (SERVICE_ACCOUNT_TYPES.includes(resource.type)) {
        const metadata = optObject(resource.props["metadata"], "metadata");
        if (metadata?.["name"] !== "default") {
            return [];
        }
        const value = optBoolean(resource.props["automountServiceAccountToken"], "automountServiceAccountToken");
        return value === false ? [] : [`${subjectOf(resource)} must set automountServiceAccountToken=false: the default service account is used by every pod that names none.`];
    }
    return onPodTemplate(resource, template => {
        const spec: Obj = template.spec;
        const field = `${template.specPath}.automountServiceAccountToken`;
        const value = optBoolean(spec["automountServiceAccountToken"], field);
        // A patch that leaves it unset leaves it to the live object.
        if (value === false || (value === undefined && template.partial)) {
            return [];
        }
        const account =
            optString(spec["serviceAccountName"], `${template.specPath}.serviceAccountName`) ||
            optString(spec["serviceAccount"], `${template.specPath}.serviceAccount`) ||
            "default";
        const ns = raw && context ? context.index.namespaceNameOf(raw) : undefined;
        if (ns?.known && context) {
            if (value === undefined && context.accounts.automountOf(ns.name, account) === false) {
                return [];
            }
            if (context.accounts.bindingsOf(ns.name, account).length > 0) {
                return [];
            }
        }
        const who = `service account '${ns?.known ? `${ns.name}/` : ""}${account}'`;
        const unbound = `no RoleBinding or ClusterRoleBinding among the inputs grants ${who} anything`;
        return [
            value === true
                ? `${subjectOf(resource)} must mount a service account token only to call the Kubernetes API: it sets ${field}=true, but ${unbound}; bind the account, or set it to false.`
                : `${subjectOf(resource)} must mount a service account token only to call the Kubernetes API: ${field} is unset, so the token is mounted, and ${unbound}; set it to false.`,
        ];
    });
}

export const tokenAutomountPolicy = stackPolicy<object, AutomountContext>({
    name: "k8s-workload-disallow-token-automount",
    control: "k8s-service-account-token",
    enforcementLevel: "advisory",
    selects: type => SERVICE_ACCOUNT_TYPES.includes(type) || isWorkloadType(type),
    context: resources => ({ index: stackIndexOf(resources), accounts: serviceAccountFactsOf(resources) }),
    check: (resource, context, _config, raw) => checkTokenAutomount(resource, raw, context),
});
