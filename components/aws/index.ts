export { EksCluster, ServiceAccountBinding, VPC_CNI_NETWORK_POLICY_CONFIG } from "./cluster";
export { EKS_DEFAULTS, EksAccessEntryArgs, EksApiAccessArgs, EksClusterArgs, EksGuardDutyArgs, EksNodeGroupArgs, EksOidcArgs, EksVpcArgs, ResolvedEksArgs } from "./args";
export { parseCidr, resolveEksArgs } from "./resolve";
export { irsaTrustPolicy, podIdentityTrustPolicy } from "./identity";
export { secretsKeyPolicy } from "./encryption";
export { EKS_DISALLOWED_ZONE_IDS, privateSubnetCidrs } from "./network";
export { nodeGroupNamePrefix } from "./nodes";
export { EksApiReach, EksSubjectNames, eksApiReach, eksSubjectNames } from "./reach";
export { coveredAddresses, isPrivateCidr, parseCidrRange } from "./cidr";
