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
    readonly labels?: Readonly<Record<string, string>>;
    readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE" }[];
}

/** An extra EKS access entry, granted one EKS access policy (never cluster-admin: that is `adminRoleArn`'s). */
export interface EksAccessEntryArgs {
    /** An IAM role or user ARN. */
    readonly principalArn: pulumi.Input<string>;
    /** The EKS access policy granted: `view`, `edit` or `admin`. */
    readonly policy: "view" | "edit" | "admin";
    /** Limits the grant to these namespaces. @default cluster-wide */
    readonly namespaces?: readonly string[];
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
    /** One private subnet per zone, 2 to 3 zones. @default 3 */
    readonly availabilityZoneCount?: number;
}

export interface EksClusterArgs {
    /**
     * The EKS cluster name; fixed so that the log group `/aws/eks/<name>/cluster` can be created
     * before the cluster. @default the component's resource name
     */
    readonly clusterName?: string;
    /** A minor version in EKS standard support. @default "1.34" */
    readonly kubernetesVersion?: string;
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
    /** More access entries, each with one namespaced or cluster-wide EKS access policy. @default [] */
    readonly accessEntries?: readonly EksAccessEntryArgs[];
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
    vpc: { cidrBlock: "10.0.0.0/16", availabilityZoneCount: 3 },
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
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: NonNullable<EksNodeGroupArgs["taints"]>;
}

export interface ResolvedAccessEntry {
    readonly principalArn: pulumi.Input<string>;
    readonly policyArn: string;
    readonly namespaces?: readonly string[];
}

export interface ResolvedEksArgs {
    readonly clusterName: string;
    readonly kubernetesVersion: string;
    /** Present when the user brings subnets; otherwise `vpc` is created. */
    readonly subnetIds?: pulumi.Input<readonly pulumi.Input<string>[]>;
    readonly vpc?: { readonly cidrBlock: string; readonly availabilityZoneCount: number };
    readonly allowPublicEndpoint: boolean;
    readonly publicAccessCidrs: readonly string[];
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly kmsKeyDeletionWindowInDays: number;
    readonly logRetentionInDays: number;
    readonly adminRoleArn: pulumi.Input<string>;
    readonly accessEntries: readonly ResolvedAccessEntry[];
    readonly oidc?: Required<Omit<EksOidcArgs, "requiredClaims">> & { readonly requiredClaims?: Readonly<Record<string, string>> };
    readonly allowIamOnlyUsers: boolean;
    readonly irsa: boolean;
    readonly podIdentity: boolean;
    readonly nodeGroups: readonly ResolvedNodeGroup[];
    readonly deletionProtection: boolean;
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

