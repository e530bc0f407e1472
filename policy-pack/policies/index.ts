/**
 * The explicit registry of the pack's policies, in the order the pack runs them. A registry test
 * pins the sorted names and the control each serves.
 */
import { HardenedPolicy } from "../lib/define";
import { podSecurityPolicies } from "./pod-security";
import { namespaceLabelsPolicy } from "./namespace-pod-security-labels";
import { defaultDenyPolicy } from "./namespace-default-deny";
import { namespaceVerifiedControlsPolicy } from "./namespace-verified-controls";
import { allowAllPolicy } from "./network-policy-allow-all";
import { readOnlyRootFilesystemPolicy } from "./workload-read-only-root-filesystem";
import { imageDigestPolicy } from "./workload-image-digest";
import { imageRegistriesPolicy } from "./workload-image-registries";
import { tokenAutomountPolicy } from "./workload-token-automount";
import { resourceLimitsPolicy } from "./workload-resource-limits";
import { roleRulePolicies } from "./rbac-role-rules";
import { rbacAggregatedRolesPolicy } from "./rbac-aggregated-roles";
import { anonymousBindingsPolicy, clusterAdminBindingsPolicy } from "./rbac-bindings";
import { literalSecretPolicy } from "./secret-literal-data";
import { serviceExposurePolicy } from "./service-external-exposure";
import { helmChartPinnedPolicy } from "./helm-chart-pinned";
import { eksPolicies } from "./eks";
import { gkePolicies } from "./gke";
import { aksPolicies } from "./aks";

export const POLICIES: readonly HardenedPolicy[] = [
    ...podSecurityPolicies,
    namespaceLabelsPolicy,
    defaultDenyPolicy,
    namespaceVerifiedControlsPolicy,
    allowAllPolicy,
    readOnlyRootFilesystemPolicy,
    imageDigestPolicy,
    imageRegistriesPolicy,
    tokenAutomountPolicy,
    resourceLimitsPolicy,
    ...roleRulePolicies,
    rbacAggregatedRolesPolicy,
    clusterAdminBindingsPolicy,
    anonymousBindingsPolicy,
    literalSecretPolicy,
    serviceExposurePolicy,
    helmChartPinnedPolicy,
    ...eksPolicies,
    ...gkePolicies,
    ...aksPolicies,
];
