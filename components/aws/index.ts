export { EksCluster, ServiceAccountBinding, VPC_CNI_NETWORK_POLICY_CONFIG } from "./cluster";
export { EKS_DEFAULTS, EksAccessEntryArgs, EksClusterArgs, EksNodeGroupArgs, EksOidcArgs, EksVpcArgs, ResolvedEksArgs } from "./args";
export { parseCidr, resolveEksArgs } from "./resolve";
export { irsaTrustPolicy, podIdentityTrustPolicy } from "./identity";
export { secretsKeyPolicy } from "./encryption";
export { privateSubnetCidrs } from "./network";
