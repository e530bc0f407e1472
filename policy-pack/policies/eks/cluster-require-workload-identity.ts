/**
 * CIS EKS 5.2.1. Workloads get AWS credentials of their own: the cluster has the EKS Pod Identity
 * agent add-on, or an IAM OIDC provider (IRSA) computed from the cluster's issuer. Without either,
 * pods fall back to the node role or to static keys.
 */
import type { PolicyResource } from "@pulumi/policy";
import { EKS_ADDONS } from "../../../components/controls/eks";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { AWS_TYPES, addonNameOf, clusterResources, dependsThrough, subject } from "./common";

export function checkWorkloadIdentity(resource: CheckedResource, addons: readonly PolicyResource[], oidcProviders: readonly PolicyResource[]): string[] {
    const podIdentity = addons.some(a => addonNameOf(a) === EKS_ADDONS.podIdentityAgent);
    return podIdentity || oidcProviders.length > 0
        ? []
        : [`${subject(resource)} must give workloads their own AWS identity: neither the ${EKS_ADDONS.podIdentityAgent} add-on nor an IAM OIDC provider for its issuer (IRSA) is in the stack.`];
}

export const workloadIdentityPolicy = stackPolicy<Record<string, never>, readonly PolicyResource[]>({
    name: "eks-cluster-require-workload-identity",
    control: "eks-workload-identity",
    enforcementLevel: "mandatory",
    description: "EKS clusters must provide workload identity through EKS Pod Identity or IRSA.",
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, _config, raw) =>
        checkWorkloadIdentity(
            resource,
            clusterResources(resources, raw, AWS_TYPES.addon),
            resources.filter(r => r.type === AWS_TYPES.oidcProvider && dependsThrough(r, "url", raw)),
        ),
});
