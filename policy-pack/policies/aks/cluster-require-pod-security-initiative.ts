/**
 * The Azure Policy add-on admits nothing by itself: it enforces the policies assigned to the
 * cluster. aks-baseline assigns the built-in "Kubernetes cluster pod security restricted standards
 * for Linux-based workloads" initiative (mspnp/aks-baseline workload-team/modules/policies.bicep
 * ~L12-16, ~L122-160); the "baseline standards" initiative is its weaker sibling. A cluster running
 * the add-on with neither assigned at its scope, resource group or subscription is reported
 * (advisory: the in-cluster baseline's Pod Security Admission labels enforce the same standard).
 */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optBoolean, optString } from "../../lib/read";
import { MANAGED_CLUSTER_TYPE, addonOf, knownValue, scopeHolds } from "./resources";

export const POLICY_ASSIGNMENT_TYPE = "azure-native:authorization:PolicyAssignment";
/** Built-in initiatives (policySetDefinitions) for pod security on Linux: restricted and baseline. */
export const POD_SECURITY_INITIATIVES: Readonly<Record<string, string>> = {
    "42b8ef37-b724-4e24-bbc8-7a7708edfe00": "restricted",
    "a8640138-9b0a-4a28-b8cb-1666c838647d": "baseline",
};

function isPodSecurityInitiative(definitionId: unknown): boolean {
    if (typeof definitionId !== "string") {
        return false;
    }
    const m = /\/providers\/Microsoft\.Authorization\/policySetDefinitions\/([0-9a-f-]{36})$/i.exec(definitionId);
    return m !== null && POD_SECURITY_INITIATIVES[m[1].toLowerCase()] !== undefined;
}


export function checkPodSecurityInitiative(cluster: PolicyResource, assignments: readonly PolicyResource[]): string[] {
    const addon = addonOf(cluster.props as Obj, "azurepolicy");
    if (optBoolean(addon?.["enabled"], "addonProfiles.azurepolicy.enabled") !== true) {
        // Without the add-on nothing is enforced; aks-cluster-require-azure-policy reports that.
        return [];
    }
    const assigned = assignments.some(a => {
        if (!isPodSecurityInitiative(knownValue(a.props as Obj, "policyDefinitionId")) || !scopeHolds(a, cluster)) {
            return false;
        }
        // "Default" enforces, "DoNotEnforce" only evaluates (authorization EnforcementMode enum);
        // unset is Default. Read strictly: an unknown or other value is no enforcement.
        const mode = optString((a.props as Obj)["enforcementMode"], "enforcementMode");
        return mode === undefined || mode === "Default";
    });
    return assigned
        ? []
        : [
              "the Azure Policy add-on runs but no pod security initiative is assigned at the cluster, its resource group or subscription: assign " +
                  '"Kubernetes cluster pod security restricted standards for Linux-based workloads" (/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00)',
          ];
}

export const podSecurityInitiativePolicy = stackPolicy<object, readonly PolicyResource[]>({
    name: "aks-cluster-require-pod-security-initiative",
    control: "aks-azure-policy",
    enforcementLevel: "advisory",
    description: "An AKS cluster running the Azure Policy add-on has a pod security initiative assigned.",
    selects: type => type === MANAGED_CLUSTER_TYPE,
    context: resources => resources.filter(r => r.type === POLICY_ASSIGNMENT_TYPE),
    check: (resource, assignments, _config, raw) =>
        checkPodSecurityInitiative(raw, assignments).map(detail => `${subjectOf(resource)} must have its pod security policies assigned: ${detail}.`),
});
