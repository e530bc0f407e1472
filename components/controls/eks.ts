import { Control } from "./types";

/**
 * The EKS control-plane log types (EKS API `LogSetup.types`). All five are exported because the
 * audit log alone misses authenticator decisions (who assumed which role) and scheduler/controller
 * events an investigation needs (CIS EKS 2.1.1; Checkov CKV_AWS_37 requires all five).
 */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The CloudWatch log group EKS writes control-plane logs to (EKS user guide, "Control plane logs"). */
export function eksLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/**
 * The log group of the cluster VPC's flow logs, next to the control-plane log group: the secrets
 * key's policy lets CloudWatch Logs use the key for exactly these two groups.
 */
export function eksFlowLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/vpc-flow-logs`;
}

/** The prefix of every EKS control-plane log group. */
export const EKS_LOG_GROUP_PREFIX = "/aws/eks/";

/**
 * Minimum days of control-plane log retention: one year, as PCI DSS 10.5.1 and Checkov
 * CKV_AWS_338 ask. CloudWatch's default is never-expire, which users report as unbounded cost
 * (terraform-aws-eks#2277, mitodl/ol-infrastructure#5929), so retention is always set.
 */
export const EKS_MIN_LOG_RETENTION_DAYS = 365;

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy), 0 (never expire) excluded. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The widest public network a public endpoint may admit, as a prefix length: the networks listed
 * together may cover no more addresses than one /8 (so 0.0.0.0/1 + 128.0.0.0/1 is refused).
 */
export const EKS_MIN_PUBLIC_PREFIX = 8;

/** The authentication mode that leaves the aws-auth ConfigMap behind (access entries only). */
export const EKS_AUTHENTICATION_MODE = "API";

/** Node AMI families with a minimal, supported OS (AL2 reached end of support in 2025-11). */
export const EKS_AMI_TYPE_PREFIXES: readonly string[] = ["AL2023_", "BOTTLEROCKET_"];

/** IMDS hop limit 1: a pod (one extra network hop) cannot reach the node's instance credentials. */
export const EKS_IMDS_HOP_LIMIT = 1;

/** The EKS add-ons the component and the policies know by name. */
export const EKS_ADDONS = {
    vpcCni: "vpc-cni",
    podIdentityAgent: "eks-pod-identity-agent",
    kubeProxy: "kube-proxy",
    coreDns: "coredns",
} as const;

/**
 * The tag EksCluster puts on the access entries of the cluster-admin roles it declares
 * (`break-glass` for `adminRoleArn`, `deployer` for `deployerRoleArn`): the pack accepts exactly
 * these principals as cluster admins (`eks-accesspolicy-limit-cluster-admin`), or the list in its config.
 */
export const EKS_CLUSTER_ADMIN_TAG = "hcb:cluster-admin";

/** The values of EKS_CLUSTER_ADMIN_TAG. */
export const EKS_CLUSTER_ADMIN_ROLES: readonly string[] = ["break-glass", "deployer"];

/** EKS access policy names (`aws eks list-access-policies`), by the role they grant. */
export const EKS_ACCESS_POLICY_NAMES = {
    "cluster-admin": "AmazonEKSClusterAdminPolicy",
    admin: "AmazonEKSAdminPolicy",
    edit: "AmazonEKSEditPolicy",
    view: "AmazonEKSViewPolicy",
} as const;

/**
 * An EKS access policy's ARN in the account's partition (aws, aws-cn, aws-us-gov): the user guide
 * writes them `{arn-aws}eks::aws:cluster-access-policy/<name>` (access-policy-reference.adoc).
 */
export function eksAccessPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
}

/** The access policy name of an EKS access policy ARN in any partition, else undefined. */
export function eksAccessPolicyName(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/([A-Za-z0-9]+)$/.exec(arn)?.[1];
}

/**
 * Access policies that write cluster-wide when scoped to the cluster: cluster admin, and admin or
 * edit without a namespace scope (they then write every namespace, kube-system included).
 */
export const EKS_WRITE_ACCESS_POLICY_NAMES: readonly string[] = [
    EKS_ACCESS_POLICY_NAMES["cluster-admin"],
    EKS_ACCESS_POLICY_NAMES.admin,
    EKS_ACCESS_POLICY_NAMES.edit,
];

/** EKS access policies in the commercial partition, by the role they grant. */
export const EKS_ACCESS_POLICIES = {
    "cluster-admin": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    admin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
    edit: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
    view: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
} as const;

/** Kubernetes minor versions in EKS standard support (EKS version calendar), newest last. */
export const EKS_SUPPORTED_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35"];

/** The EKS control-plane and node controls; each names the policies in policy-pack/policies/eks/. */
export const EKS_CONTROLS: readonly Control[] = [
    {
        id: "eks-private-endpoint",
        title: "The EKS API server endpoint is private; a public endpoint exists only by a named opt-out limited to named CIDRs",
        checklist: "API server not exposed publicly",
        severity: "critical",
        references: { cisEks: ["5.4.1", "5.4.2"], nsaCisa: "Network separation and hardening: control plane", checkov: ["CKV_AWS_39", "CKV_AWS_38"] },
        policies: ["eks-cluster-disallow-public-endpoint", "eks-cluster-restrict-public-access-cidrs", "eks-cluster-require-private-endpoint"],
    },
    {
        id: "eks-secrets-encryption",
        title: "Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key that rotates",
        checklist: "secrets encrypted at rest",
        severity: "high",
        references: { cisEks: ["5.3.1"], nsaCisa: "Authentication and authorization: encrypt etcd", checkov: ["CKV_AWS_58", "CKV_AWS_7"] },
        policies: ["eks-cluster-require-secrets-encryption", "eks-kmskey-require-rotation"],
    },
    {
        id: "eks-control-plane-logging",
        title: "All five EKS control-plane log types go to a pre-created log group",
        checklist: "audit logging",
        severity: "high",
        references: { cisEks: ["2.1.1"], nsaCisa: "Audit logging and threat detection", checkov: ["CKV_AWS_37"] },
        policies: ["eks-cluster-require-control-plane-logs", "eks-cluster-require-log-group"],
    },
    {
        id: "eks-log-group-protection",
        title: "EKS control-plane log groups keep logs for a year and are encrypted with a KMS key",
        checklist: "audit logging",
        severity: "medium",
        references: { nsaCisa: "Audit logging and threat detection", checkov: ["CKV_AWS_338", "CKV_AWS_158"] },
        policies: ["eks-loggroup-require-retention", "eks-loggroup-require-encryption"],
    },
    {
        id: "eks-access-entries",
        title: "Cluster access is granted by EKS access entries only: API authentication mode, no implicit creator admin, one named cluster admin",
        checklist: "RBAC with least privilege",
        severity: "high",
        references: { cisEks: ["4.1.1", "5.5.1"], nsaCisa: "Authentication and authorization" },
        policies: ["eks-cluster-require-api-authentication", "eks-cluster-disallow-creator-admin", "eks-accesspolicy-limit-cluster-admin", "eks-accessentry-disallow-iam-users"],
    },
    {
        id: "eks-oidc-users",
        title: "People sign in through an OIDC identity provider configured on the cluster",
        checklist: "OIDC for users, no static tokens",
        severity: "medium",
        references: { cisEks: ["5.5.1"], nsaCisa: "Authentication and authorization: strong authentication" },
        policies: ["eks-cluster-require-identity-provider"],
    },
    {
        id: "eks-workload-identity",
        title: "Workloads get AWS credentials through IRSA or EKS Pod Identity, not node or static credentials",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisEks: ["5.2.1"], nsaCisa: "Authentication and authorization: service accounts" },
        policies: ["eks-cluster-require-workload-identity"],
    },
    {
        id: "eks-node-metadata",
        title: "Nodes require IMDSv2 with a hop limit of 1, through a launch template on every managed node group",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { nsaCisa: "Network separation and hardening: restrict cloud metadata", checkov: ["CKV_AWS_79", "CKV_AWS_341"] },
        policies: ["eks-launchtemplate-require-imdsv2", "eks-launchtemplate-limit-metadata-hops", "eks-nodegroup-require-launch-template"],
    },
    {
        id: "eks-node-private-network",
        title: "Nodes run in private subnets (no route to an internet gateway) without public IP addresses, and no cluster or node security group admits the internet",
        checklist: "API server not exposed publicly",
        severity: "high",
        references: { cisEks: ["5.4.3"], nsaCisa: "Network separation and hardening", checkov: ["CKV_AWS_88", "CKV_AWS_130", "CKV_AWS_24", "CKV_AWS_260"] },
        policies: ["eks-launchtemplate-disallow-public-ip", "eks-nodegroup-require-private-subnets", "eks-securitygroup-disallow-internet-ingress"],
    },
    {
        id: "eks-node-volume-encryption",
        title: "Node volumes are encrypted",
        checklist: "secrets encrypted at rest",
        severity: "medium",
        references: { nsaCisa: "Protecting data at rest" },
        policies: ["eks-launchtemplate-require-encrypted-volumes"],
    },
    {
        id: "eks-node-remote-access",
        title: "Nodes accept no SSH key: node access goes through the Kubernetes API (kubectl debug), under RBAC and audit",
        checklist: "runtime protection",
        severity: "medium",
        references: { nsaCisa: "Network separation and hardening", checkov: ["CKV_AWS_100"] },
        policies: ["eks-nodegroup-disallow-ssh"],
    },
    {
        id: "eks-network-policy-engine",
        title: "The VPC CNI add-on enforces Kubernetes NetworkPolicies",
        checklist: "network policies with default deny",
        severity: "high",
        references: { cisEks: ["5.4.4"], nsaCisa: "Network separation and hardening: network policies" },
        policies: ["eks-cluster-require-network-policy-engine"],
    },
    {
        id: "eks-deletion-protection",
        title: "The cluster and its secrets key are protected from accidental deletion",
        checklist: "secrets encrypted at rest",
        severity: "low",
        references: {},
        policies: ["eks-cluster-require-deletion-protection", "eks-kmskey-restrict-deletion"],
    },
    {
        id: "eks-supported-versions",
        title: "The cluster pins a Kubernetes version in standard support, and node groups run AL2023 or Bottlerocket",
        checklist: "runtime protection",
        severity: "low",
        references: { checkov: ["CKV_AWS_339"] },
        policies: ["eks-cluster-require-supported-version", "eks-nodegroup-restrict-ami-type"],
    },
    {
        id: "eks-workload-identity-scope",
        title: "Each workload identity names one service account: IRSA trust policies pin `:sub` exactly, Pod Identity associations carry no wildcard",
        checklist: "workload identity, no static cloud credentials",
        severity: "high",
        references: { cisEks: ["5.2.1"], nsaCisa: "Authentication and authorization: service accounts" },
        policies: ["eks-iamrole-restrict-irsa-trust", "eks-podidentity-disallow-wildcard-subjects"],
    },
    {
        id: "eks-network-flow-logs",
        title: "The cluster's VPC records flow logs of all traffic",
        checklist: "audit logging",
        severity: "medium",
        references: { nsaCisa: "Audit logging and threat detection", checkov: ["CKV2_AWS_11"] },
        policies: ["eks-vpc-require-flow-logs"],
    },
    {
        id: "eks-threat-detection",
        title: "GuardDuty EKS protection (audit-log analysis and Runtime Monitoring) is on where the stack manages it",
        checklist: "runtime protection",
        severity: "medium",
        references: { nsaCisa: "Audit logging and threat detection" },
        policies: ["eks-guardduty-require-eks-protection"],
    },
];
