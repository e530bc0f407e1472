export * from "./args";
export { AksCluster, MANAGED_CLUSTER_API_VERSION, dnsPrefixOf } from "./cluster";
export { resolveAksClusterArgs, ResolvedAksClusterArgs, ResolvedNodePool, cidrContains } from "./resolve";
export { federateServiceAccount, FederateServiceAccountArgs, FederatedServiceAccount, WORKLOAD_IDENTITY_AUDIENCE, CLIENT_ID_ANNOTATION } from "./identity";
export { withKubeloginMode } from "./kubeconfig";
export { BUILT_IN_ROLES } from "./roles";
