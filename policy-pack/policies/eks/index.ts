import { HardenedPolicy } from "../../lib/define";
import { iamUserPolicy } from "./accessentry-disallow-iam-users";
import { clusterAdminPolicy } from "./accesspolicy-limit-cluster-admin";
import { guardDutyPolicy } from "./guardduty-require-eks-protection";
import { irsaTrustPolicy } from "./iamrole-restrict-irsa-trust";
import { podIdentitySubjectsPolicy } from "./podidentity-disallow-wildcard-subjects";
import { internetIngressPolicy } from "./securitygroup-disallow-internet-ingress";
import { flowLogsPolicy } from "./vpc-require-flow-logs";
import { creatorAdminPolicy } from "./cluster-disallow-creator-admin";
import { publicEndpointPolicy } from "./cluster-disallow-public-endpoint";
import { apiAuthenticationPolicy } from "./cluster-require-api-authentication";
import { controlPlaneLogsPolicy } from "./cluster-require-control-plane-logs";
import { clusterDeletionPolicy } from "./cluster-require-deletion-protection";
import { identityProviderPolicy } from "./cluster-require-identity-provider";
import { logGroupPolicy } from "./cluster-require-log-group";
import { networkPolicyEnginePolicy } from "./cluster-require-network-policy-engine";
import { privateEndpointPolicy } from "./cluster-require-private-endpoint";
import { secretsEncryptionPolicy } from "./cluster-require-secrets-encryption";
import { supportedVersionPolicy } from "./cluster-require-supported-version";
import { workloadIdentityPolicy } from "./cluster-require-workload-identity";
import { publicAccessCidrsPolicy } from "./cluster-restrict-public-access-cidrs";
import { keyRotationPolicy } from "./kmskey-require-rotation";
import { keyDeletionPolicy } from "./kmskey-restrict-deletion";
import { publicIpPolicy } from "./launchtemplate-disallow-public-ip";
import { hopLimitPolicy } from "./launchtemplate-limit-metadata-hops";
import { encryptedVolumesPolicy } from "./launchtemplate-require-encrypted-volumes";
import { imdsV2Policy } from "./launchtemplate-require-imdsv2";
import { logGroupEncryptionPolicy } from "./loggroup-require-encryption";
import { retentionPolicy } from "./loggroup-require-retention";
import { sshPolicy } from "./nodegroup-disallow-ssh";
import { launchTemplatePolicy } from "./nodegroup-require-launch-template";
import { privateSubnetsPolicy } from "./nodegroup-require-private-subnets";
import { amiTypePolicy } from "./nodegroup-restrict-ami-type";

/** The EKS policies, in the order the pack runs them: control plane, access, logs and keys, nodes. */
export const eksPolicies: readonly HardenedPolicy[] = [
    publicEndpointPolicy,
    publicAccessCidrsPolicy,
    privateEndpointPolicy,
    secretsEncryptionPolicy,
    controlPlaneLogsPolicy,
    apiAuthenticationPolicy,
    creatorAdminPolicy,
    supportedVersionPolicy,
    logGroupPolicy,
    identityProviderPolicy,
    workloadIdentityPolicy,
    networkPolicyEnginePolicy,
    clusterAdminPolicy,
    iamUserPolicy,
    irsaTrustPolicy,
    podIdentitySubjectsPolicy,
    guardDutyPolicy,
    clusterDeletionPolicy,
    retentionPolicy,
    logGroupEncryptionPolicy,
    keyRotationPolicy,
    keyDeletionPolicy,
    launchTemplatePolicy,
    imdsV2Policy,
    hopLimitPolicy,
    encryptedVolumesPolicy,
    publicIpPolicy,
    sshPolicy,
    privateSubnetsPolicy,
    internetIngressPolicy,
    flowLogsPolicy,
    amiTypePolicy,
];
