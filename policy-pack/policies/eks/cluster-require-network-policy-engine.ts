/**
 * CIS EKS 5.4.4. NetworkPolicies are enforced: the cluster's vpc-cni add-on runs with
 * `enableNetworkPolicy` (VPC CNI >= 1.14). Without an engine, default-deny policies are inert.
 */
import type { PolicyResource } from "@pulumi/policy";
import { EKS_ADDONS } from "../../../components/controls/eks";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { MalformedValueError, Obj, optString } from "../../lib/read";
import { AWS_TYPES, addonNameOf, clusterResources, subject } from "./common";

/** True when a vpc-cni add-on's configurationValues turn the network policy agent on. */
export function enablesNetworkPolicy(addon: PolicyResource): boolean {
    const raw = optString((addon.props as Obj)["configurationValues"], "configurationValues");
    if (raw === undefined) {
        return false;
    }
    let values: unknown;
    try {
        values = JSON.parse(raw);
    } catch {
        throw new MalformedValueError("configurationValues", "JSON", raw);
    }
    const flag = (values as { enableNetworkPolicy?: unknown } | null)?.enableNetworkPolicy;
    return flag === "true" || flag === true;
}

export function checkNetworkPolicyEngine(resource: CheckedResource, addons: readonly PolicyResource[]): string[] {
    const cni = addons.filter(a => addonNameOf(a) === EKS_ADDONS.vpcCni);
    if (cni.length === 0) {
        return [`${subject(resource)} must enforce NetworkPolicies: no ${EKS_ADDONS.vpcCni} add-on for it is in the stack; add one with configurationValues {"enableNetworkPolicy":"true"}.`];
    }
    return cni.some(enablesNetworkPolicy)
        ? []
        : [`${subject(resource)} must enforce NetworkPolicies: its ${EKS_ADDONS.vpcCni} add-on lacks configurationValues {"enableNetworkPolicy":"true"}.`];
}

export const networkPolicyEnginePolicy = stackPolicy<Record<string, never>, readonly PolicyResource[]>({
    name: "eks-cluster-require-network-policy-engine",
    control: "eks-network-policy-engine",
    enforcementLevel: "mandatory",
    description: "EKS clusters must run the VPC CNI with NetworkPolicy enforcement on.",
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, _config, raw) => checkNetworkPolicyEngine(resource, clusterResources(resources, raw, AWS_TYPES.addon)),
});
