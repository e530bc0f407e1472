/**
 * EksCluster's arguments and their secure defaults (EKS_DEFAULTS), applied and validated once by
 * `resolveEksArgs()` in resolve.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { EKS_IMDS_HOP_LIMIT } from "../controls/eks";

/** A managed node group. Every node group gets a launch template built by the component. */
export interface EksNodeGroupArgs {
    /** @default ["m7i.large"]: general purpose, Nitro (EBS encryption and IMDSv2 in hardware). */
    readonly instanceTypes?: readonly string[];
    /**
     * An `AL2023_*` or `BOTTLEROCKET_*` AMI type: minimal, supported node OSes (AL2 is out of support).
     * @default "AL2023_x86_64_STANDARD"
     */
    readonly amiType?: string;
    /** @default 2: two nodes survive one node's loss. */
    readonly minSize?: number;
    /** @default 4 */
    readonly maxSize?: number;
    /** @default minSize */
    readonly desiredSize?: number;
    /** Root (AL2023) or data (Bottlerocket) volume size. @default 50 */
    readonly diskSizeGiB?: number;
    /** @default "ON_DEMAND" */
    readonly capacityType?: "ON_DEMAND" | "SPOT";
    /** A KMS key for the node volumes. @default the account's `aws/ebs` key (volumes are always encrypted). */
    readonly volumeKmsKeyArn?: pulumi.Input<string>;
    /**
     * IMDS hop limit. 2 lets pods reach the node's instance role (needed only by node agents that
     * are not on the host network); the pack flags it (`eks-launchtemplate-limit-metadata-hops`).
     * @default 1
     */
    readonly metadataHopLimit?: number;
    /**
     * An EKS AMI release (e.g. "1.34.2-20251112") to pin the nodes to; changing it rolls the nodes.
     * @default unset: new nodes get the latest AMI release of the cluster's Kubernetes version when
     * the group is created and each time `kubernetesVersion` changes (the group's `version` follows
     * the control plane: AWS does not upgrade managed node groups with it, kubernetes-versions.adoc "Are
     * Amazon EKS managed node groups automatically updated").
     */
    readonly releaseVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE" }[];
}

/**
 * An extra EKS access entry, granted one EKS access policy (never cluster-admin: that is
 * `adminRoleArn`'s and `deployerRoleArn`'s).
 */
export interface EksAccessEntryArgs {
    /**
     * An IAM role ARN. IAM users are refused: their long-lived access keys are the credential EKS
     * access entries exist to avoid (EKS best practices iam.adoc: "use IAM roles").
     */
    readonly principalArn: pulumi.Input<string>;
    /** The EKS access policy granted: `view`, `edit` or `admin`. */
    readonly policy: "view" | "edit" | "admin";
    /**
     * Limits the grant to these namespaces. Required for `edit` and `admin`: cluster-wide they
     * write every namespace, kube-system included (the pack flags them like cluster admin).
     * @default cluster-wide (only for `view`)
     */
    readonly namespaces?: readonly string[];
}

/**
 * Who may reach the private API endpoint on 443: ingress rules on the cluster security group
 * (`vpcConfig.clusterSecurityGroupId`), which by default admits only itself (AWS docs
 * cluster-endpoint.adoc "Accessing a private only API server"; sec-group-reqs.adoc). Managed nodes
 * carry the same group, so these sources also reach port 443 on nodes.
 */
export interface EksApiAccessArgs {
    /** Security groups of the runner, bastion or CI in the cluster's VPC (or a peered one), e.g. ["sg-0123456789abcdef0"]. */
    readonly securityGroupIds?: readonly string[];
    /** Private networks connected to the VPC (VPN, transit gateway, peering): RFC 1918, 100.64.0.0/10 or fc00::/7 only. */
    readonly cidrs?: readonly string[];
}

/** GuardDuty EKS protection on the account's detector (one per account and region, so it is brought, not created). */
export interface EksGuardDutyArgs {
    /** The GuardDuty detector id of this account and region (`aws guardduty list-detectors`). */
    readonly detectorId: pulumi.Input<string>;
    /**
     * Runtime Monitoring with the GuardDuty-managed EKS agent add-on, as well as audit-log
     * analysis. In a private VPC the agent needs the `guardduty-data` endpoint, which GuardDuty
     * creates when it manages the agent (GuardDuty user guide, "Runtime Monitoring: VPC endpoint").
     * false is a named opt-out the pack flags (`eks-guardduty-require-eks-protection`: a stack that
     * manages GuardDuty features must enable both EKS features): record a justified exemption.
     * @default true
     */
    readonly runtimeMonitoring?: boolean;
}

/** The OIDC identity provider people sign in with (aws.eks.IdentityProviderConfig). */
export interface EksOidcArgs {
    /** The issuer, `https://...`, as in the IdP's discovery document. */
    readonly issuerUrl: string;
    readonly clientId: string;
    /** @default "email" */
    readonly usernameClaim?: string;
    /** @default "groups" */
    readonly groupsClaim?: string;
    /** Prefix of Kubernetes user names; keeps IdP users out of `system:` names. @default "oidc:" */
    readonly usernamePrefix?: string;
    /** @default "oidc:" */
    readonly groupsPrefix?: string;
    readonly requiredClaims?: Readonly<Record<string, string>>;
    /** @default "oidc" */
    readonly name?: string;
}

/** The network the component creates when no `subnetIds` are given: private subnets only. */
export interface EksVpcArgs {
    /** @default "10.0.0.0/16" */
    readonly cidrBlock?: string;
    /**
     * One private subnet per zone, 2 to 3 zones, chosen by zone id among the region's available
     * zones, skipping the ids EKS refuses (use1-az3, usw1-az2, cac1-az3: network-reqs.adoc
     * "Disallowed Availability Zone IDs"). @default 3
     */
    readonly availabilityZoneCount?: number;
    /**
     * VPC flow logs (all traffic) to a CloudWatch log group encrypted with the cluster's key, kept
     * `logRetentionInDays`. The named opt-out is false; the pack flags a cluster VPC without flow
     * logs (`eks-vpc-require-flow-logs`). @default true (CIS AWS Foundations 3.9; EKS best practices
     * network.adoc)
     */
    readonly flowLogs?: boolean;
}

export interface EksClusterArgs {
    /**
     * The EKS cluster name; fixed so that the log group `/aws/eks/<name>/cluster` can be created
     * before the cluster. @default the component's resource name
     */
    readonly clusterName?: string;
    /**
     * A minor version in EKS standard support. Node groups follow it (`version`), and EKS add-ons
     * get the default version EKS publishes for it (or `addonVersions`), so an upgrade moves them
     * all: EKS updates neither on its own (kubernetes-versions.adoc; eks-add-ons.adoc "Amazon EKS
     * doesn't automatically update an add-on"). @default "1.34"
     */
    readonly kubernetesVersion?: string;
    /**
     * What EKS does at the end of standard support. STANDARD: AWS upgrades the control plane only,
     * leaving node groups on the old version, and the stack's `kubernetesVersion` then disagrees with
     * the cluster (set it to the new version: the next run rolls the nodes). EXTENDED: the cluster
     * stays, at extra cost per hour, for 12 more months (view-upgrade-policy.adoc). Upgrade before
     * either happens. EXTENDED is flagged by `eks-cluster-require-supported-version`.
     * @default "STANDARD"
     */
    readonly upgradePolicy?: "STANDARD" | "EXTENDED";
    /**
     * Pinned EKS add-on versions by add-on name (vpc-cni, kube-proxy, coredns, eks-pod-identity-agent),
     * e.g. { "vpc-cni": "v1.20.4-eksbuild.1" }. @default the version EKS marks default for
     * `kubernetesVersion` (`aws eks describe-addon-versions`), resolved at each run
     */
    readonly addonVersions?: Readonly<Record<string, string>>;
    /**
     * Bring your own private subnets (at least two, in different zones). Conflicts with `vpc`.
     * They must reach ECR, STS, S3, CloudWatch Logs, EC2 and KMS privately (endpoints or NAT).
     * @default a new VPC with private subnets and endpoints (see `vpc`)
     */
    readonly subnetIds?: pulumi.Input<readonly pulumi.Input<string>[]>;
    /** Settings of the VPC created when `subnetIds` is absent. Conflicts with `subnetIds`. */
    readonly vpc?: EksVpcArgs;
    /**
     * The named opt-out for a public API endpoint; requires `publicAccessCidrs`. The pack still
     * flags it (`eks-cluster-disallow-public-endpoint`): record a justified exemption.
     * @default false: the API server is reachable only inside the VPC (CIS EKS 5.4.2)
     */
    readonly allowPublicEndpoint?: boolean;
    /** The only networks that reach a public endpoint; never 0.0.0.0/0 or ::/0. Only with `allowPublicEndpoint`. */
    readonly publicAccessCidrs?: readonly string[];
    /**
     * Bring your own KMS key for Secrets and logs (it must allow this account's IAM policies and
     * the CloudWatch Logs service). @default a new key with rotation, protected
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Waiting period before a created key is deleted. Conflicts with `kmsKeyArn`. @default 30 (the maximum) */
    readonly kmsKeyDeletionWindowInDays?: number;
    /** Control-plane log retention; a CloudWatch value. @default 365 (PCI DSS 10.5.1, CKV_AWS_338) */
    readonly logRetentionInDays?: number;
    /**
     * The break-glass admin role: the only principal with cluster-admin (an access entry with
     * AmazonEKSClusterAdminPolicy). The cluster creator gets nothing implicitly. Required.
     */
    readonly adminRoleArn: pulumi.Input<string>;
    /**
     * The role that `pulumi up` uses inside the cluster: it gets its own access entry with
     * AmazonEKSClusterAdminPolicy (the in-cluster baseline creates cluster-scoped RBAC, which
     * AmazonEKSAdminPolicy cannot: access-policy-reference.adoc), and the kubeconfig assumes it
     * (`aws eks get-token --role-arn`, create-kubeconfig.adoc). Must differ from `adminRoleArn`.
     * @default unset: the kubeconfig assumes `adminRoleArn`, and the stack declares no reach path
     */
    readonly deployerRoleArn?: pulumi.Input<string>;
    /**
     * The way into the private API endpoint: sources admitted to 443 on the cluster security group.
     * With `deployerRoleArn` it makes the reach path `network` (baseline in the same run, from a
     * runner among these sources). @default none: only the cluster's own members reach the API
     */
    readonly apiAccess?: EksApiAccessArgs;
    /** More access entries, each with one namespaced or cluster-wide EKS access policy. @default [] */
    readonly accessEntries?: readonly EksAccessEntryArgs[];
    /** Turns on GuardDuty EKS protection (audit logs, runtime monitoring) on this account's detector. @default off */
    readonly guardDuty?: EksGuardDutyArgs;
    /** The OIDC identity provider for people. Required unless `allowIamOnlyUsers`. */
    readonly oidc?: EksOidcArgs;
    /**
     * The named opt-out from OIDC user sign-in: people use IAM principals only. The pack flags it
     * (`eks-cluster-require-identity-provider`). Conflicts with `oidc`. @default false
     */
    readonly allowIamOnlyUsers?: boolean;
    /** Create the IRSA OIDC provider. @default true */
    readonly irsa?: boolean;
    /** Install the EKS Pod Identity agent add-on. @default true (preferred for new workloads) */
    readonly podIdentity?: boolean;
    /** Managed node groups by name. @default { system: {} } */
    readonly nodeGroups?: Readonly<Record<string, EksNodeGroupArgs>>;
    /** EKS deletion protection. false is flagged by the pack (advisory). @default true */
    readonly deletionProtection?: boolean;
    /** Pulumi `protect` on the cluster, its KMS key and log group. @default true */
    readonly protect?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
}

/** The documented defaults, applied once in `resolveEksArgs()`. */
export const EKS_DEFAULTS = {
    kubernetesVersion: "1.34",
    upgradePolicy: "STANDARD" as const,
    vpc: { cidrBlock: "10.0.0.0/16", availabilityZoneCount: 3, flowLogs: true },
    allowPublicEndpoint: false,
    kmsKeyDeletionWindowInDays: 30,
    logRetentionInDays: 365,
    allowIamOnlyUsers: false,
    irsa: true,
    podIdentity: true,
    nodeGroups: { system: {} } as Readonly<Record<string, EksNodeGroupArgs>>,
    nodeGroup: {
        instanceTypes: ["m7i.large"] as readonly string[],
        amiType: "AL2023_x86_64_STANDARD",
        minSize: 2,
        maxSize: 4,
        diskSizeGiB: 50,
        capacityType: "ON_DEMAND" as const,
        metadataHopLimit: EKS_IMDS_HOP_LIMIT,
    },
    oidc: { usernameClaim: "email", groupsClaim: "groups", usernamePrefix: "oidc:", groupsPrefix: "oidc:", name: "oidc" },
    deletionProtection: true,
    protect: true,
} as const;

export interface ResolvedNodeGroup {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly amiType: string;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
    readonly diskSizeGiB: number;
    readonly capacityType: "ON_DEMAND" | "SPOT";
    readonly volumeKmsKeyArn?: pulumi.Input<string>;
    readonly metadataHopLimit: number;
    readonly releaseVersion?: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: NonNullable<EksNodeGroupArgs["taints"]>;
}

export interface ResolvedAccessEntry {
    readonly principalArn: pulumi.Input<string>;
    /** The access policy's name (AmazonEKSViewPolicy...); its ARN is built with the account's partition. */
    readonly policyName: string;
    readonly namespaces?: readonly string[];
}

export interface ResolvedEksArgs {
    readonly clusterName: string;
    readonly kubernetesVersion: string;
    readonly upgradePolicy: "STANDARD" | "EXTENDED";
    readonly addonVersions: Readonly<Record<string, string>>;
    /** Present when the user brings subnets; otherwise `vpc` is created. */
    readonly subnetIds?: pulumi.Input<readonly pulumi.Input<string>[]>;
    readonly vpc?: { readonly cidrBlock: string; readonly availabilityZoneCount: number; readonly flowLogs: boolean };
    readonly allowPublicEndpoint: boolean;
    readonly publicAccessCidrs: readonly string[];
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly kmsKeyDeletionWindowInDays: number;
    readonly logRetentionInDays: number;
    readonly adminRoleArn: pulumi.Input<string>;
    readonly deployerRoleArn?: pulumi.Input<string>;
    readonly apiAccess: { readonly securityGroupIds: readonly string[]; readonly cidrs: readonly string[] };
    readonly accessEntries: readonly ResolvedAccessEntry[];
    readonly guardDuty?: { readonly detectorId: pulumi.Input<string>; readonly runtimeMonitoring: boolean };
    readonly oidc?: Required<Omit<EksOidcArgs, "requiredClaims">> & { readonly requiredClaims?: Readonly<Record<string, string>> };
    readonly allowIamOnlyUsers: boolean;
    readonly irsa: boolean;
    readonly podIdentity: boolean;
    readonly nodeGroups: readonly ResolvedNodeGroup[];
    readonly deletionProtection: boolean;
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

