import { HardenedPolicy } from "../../lib/define";
import { publicEndpointPolicy } from "./cluster-public-endpoint";
import { authorizedNetworksPolicy } from "./cluster-authorized-networks";
import { publicNodeIpsPolicy } from "./nodes-public-ips";
import { secretsEncryptionPolicy } from "./cluster-secrets-encryption";
import { keyRotationPolicy } from "./encryption-key-rotation";
import { keyAgentGrantPolicy } from "./encryption-key-agent-grant";
import { workloadIdentityPolicy } from "./cluster-workload-identity";
import { metadataServerPolicy } from "./nodes-metadata-server";
import { defaultServiceAccountPolicy } from "./nodes-default-service-account";
import { nodeRolesPolicy } from "./node-service-account-roles";
import { clientCertificatePolicy } from "./cluster-client-certificate";
import { legacyAbacPolicy } from "./cluster-legacy-abac";
import { insecureRbacBindingsPolicy } from "./cluster-insecure-rbac-bindings";
import { anonymousAuthenticationPolicy } from "./cluster-anonymous-authentication";
import { googleGroupsPolicy } from "./cluster-google-groups";
import { networkPolicyPolicy } from "./cluster-network-policy";
import { vpcNativePolicy } from "./cluster-vpc-native";
import { shieldedBootPolicy } from "./nodes-shielded-boot";
import { cosContainerdPolicy } from "./nodes-cos-containerd";
import { autoUpgradePolicy } from "./nodes-auto-upgrade";
import { releaseChannelPolicy } from "./cluster-release-channel";
import { kubeletReadonlyPortPolicy } from "./nodes-kubelet-readonly-port";
import { binaryAuthorizationPolicy } from "./cluster-binary-authorization";
import { projectBinaryAuthorizationPolicy } from "./project-binary-authorization-policy";
import { controlPlaneLoggingPolicy } from "./cluster-control-plane-logging";
import { alphaFeaturesPolicy } from "./cluster-alpha-features";
import { deletionProtectionPolicy } from "./cluster-deletion-protection";
import { defaultNodePoolPolicy } from "./cluster-default-node-pool";
import { dnsEndpointCredentialsPolicy } from "./cluster-dns-endpoint-credentials";
import { legacyMetadataPolicy } from "./nodes-legacy-metadata";
import { serviceAccountKeyPolicy } from "./service-account-keys";
import { intranodeVisibilityPolicy } from "./cluster-intranode-visibility";
import { securityPosturePolicy } from "./cluster-security-posture";
import { bootDiskCmekPolicy } from "./nodes-boot-disk-cmek";

/** The GKE policies, in the order the pack runs them. */
export const gkePolicies: readonly HardenedPolicy[] = [
    publicEndpointPolicy,
    authorizedNetworksPolicy,
    dnsEndpointCredentialsPolicy,
    publicNodeIpsPolicy,
    secretsEncryptionPolicy,
    keyRotationPolicy,
    keyAgentGrantPolicy,
    workloadIdentityPolicy,
    metadataServerPolicy,
    legacyMetadataPolicy,
    defaultServiceAccountPolicy,
    nodeRolesPolicy,
    serviceAccountKeyPolicy,
    clientCertificatePolicy,
    legacyAbacPolicy,
    insecureRbacBindingsPolicy,
    anonymousAuthenticationPolicy,
    googleGroupsPolicy,
    networkPolicyPolicy,
    intranodeVisibilityPolicy,
    vpcNativePolicy,
    shieldedBootPolicy,
    securityPosturePolicy,
    bootDiskCmekPolicy,
    cosContainerdPolicy,
    autoUpgradePolicy,
    releaseChannelPolicy,
    kubeletReadonlyPortPolicy,
    binaryAuthorizationPolicy,
    projectBinaryAuthorizationPolicy,
    controlPlaneLoggingPolicy,
    alphaFeaturesPolicy,
    deletionProtectionPolicy,
    defaultNodePoolPolicy,
];
