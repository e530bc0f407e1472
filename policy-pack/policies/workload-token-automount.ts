import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { isWorkloadType } from "../lib/kubernetes-types";
import { Obj, optBoolean, optObject } from "../lib/read";
import { onPodTemplate } from "../lib/workload-policy";

const SERVICE_ACCOUNT_TYPES = ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceAccountPatch"];

/**
 * CIS 5.1.6: service account tokens only where needed. A pod must opt out of the token
 * (spec.automountServiceAccountToken=false); the `default` service account must not mount it
 * either (Checkov CKV_K8S_38, CKV_K8S_41). A pod that needs the API sets it true and is reported,
 * which is why this starts advisory.
 */
export function checkTokenAutomount(resource: CheckedResource): string[] {
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
        const value = optBoolean(spec["automountServiceAccountToken"], `${template.specPath}.automountServiceAccountToken`);
        return value === false
            ? []
            : [`${subjectOf(resource)} must set ${template.specPath}.automountServiceAccountToken=false unless it calls the Kubernetes API: it is ${value === true ? "true" : "unset"}.`];
    });
}

export const tokenAutomountPolicy = resourcePolicy({
    name: "k8s-workload-disallow-token-automount",
    control: "k8s-service-account-token",
    enforcementLevel: "advisory",
    types: {
        matches: type => SERVICE_ACCOUNT_TYPES.includes(type) || isWorkloadType(type),
        description: "Kubernetes workloads and ServiceAccounts",
    },
    check: checkTokenAutomount,
});
