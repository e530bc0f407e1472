/**
 * Readable kinds for the cloud resources the pack judges, so a finding says `GKE cluster 'prod'`
 * rather than `gcp:container/cluster:Cluster 'prod'`. Keyed by canonical token (type-tokens.ts
 * maps every alias and versioned token to it first); a type not listed keeps its token.
 */
const READABLE_KINDS: Readonly<Record<string, string>> = {
    "aws:eks/cluster:Cluster": "EKS cluster",
    "aws:eks/nodeGroup:NodeGroup": "EKS node group",
    "aws:eks/addon:Addon": "EKS add-on",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "EKS access policy association",
    "aws:eks/accessEntry:AccessEntry": "EKS access entry",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "EKS pod identity association",
    "aws:eks/identityProviderConfig:IdentityProviderConfig": "EKS identity provider config",
    "aws:iam/role:Role": "IAM role",
    "aws:iam/user:User": "IAM user",
    "aws:ec2/vpc:Vpc": "VPC",
    "aws:ec2/securityGroup:SecurityGroup": "Security group",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "Security group rule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "Security group ingress rule",
    "aws:ec2/launchTemplate:LaunchTemplate": "Launch template",
    "aws:ec2/subnet:Subnet": "Subnet",
    "aws:cloudwatch/logGroup:LogGroup": "Log group",
    "aws:kms/key:Key": "KMS key",
    "gcp:container/cluster:Cluster": "GKE cluster",
    "gcp:container/nodePool:NodePool": "GKE node pool",
    "gcp:binaryauthorization/policy:Policy": "Binary Authorization policy",
    "gcp:kms/cryptoKey:CryptoKey": "Cloud KMS key",
    "gcp:kms/keyRing:KeyRing": "Cloud KMS key ring",
    "gcp:serviceaccount/account:Account": "Service account",
    "gcp:serviceaccount/key:Key": "Service account key",
    "azure-native:containerservice:ManagedCluster": "AKS cluster",
    "azure-native:containerservice:AgentPool": "AKS node pool",
    "azure-native:keyvault:Vault": "Key Vault",
    "azure-native:keyvault:Key": "Key Vault key",
};

/** `GKE cluster` for `gcp:container/cluster:Cluster`; the token itself for a type not listed. */
export function readableKind(canonicalType: string): string {
    return READABLE_KINDS[canonicalType] ?? canonicalType;
}
