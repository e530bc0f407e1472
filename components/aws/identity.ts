/**
 * Who reaches the cluster and as what: the control plane's IAM role, EKS access entries (the
 * break-glass admin and the user's grants; authentication mode API, no implicit creator admin),
 * OIDC sign-in for people, and workload identity (IRSA and EKS Pod Identity) with the helpers
 * that bind a Kubernetes service account to an IAM role.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EKS_ACCESS_POLICY_NAMES, EKS_CLUSTER_ADMIN_TAG, eksAccessPolicyArn } from "../controls/eks";
import { ResolvedEksArgs } from "./args";

const EKS_SERVICE = "eks.amazonaws.com";
/** The principal EKS Pod Identity assumes roles as (EKS user guide, "Pod Identity role trust"). */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The trust policy a role needs to be used through EKS Pod Identity. */
export function podIdentityTrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: POD_IDENTITY_PRINCIPAL }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    });
}

/**
 * The trust policy a role needs for IRSA, scoped to one service account of one cluster
 * (EKS best practices iam.adoc: scope IRSA trust to the service account, namespace and cluster).
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
    const issuer = issuerUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        }],
    });
}

function assumeRolePolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    });
}

/** An AWS managed IAM policy's ARN in the account's partition (aws, aws-cn, aws-us-gov). */
export function managedPolicyArn(partition: pulumi.Input<string>, policyName: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:iam::aws:policy/${policyName}`;
}

/** The control plane's role: AmazonEKSClusterPolicy, plus use of the Secrets key (and nothing else on it). */
export function createClusterRole(name: string, keyArn: pulumi.Input<string>, partition: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource) {
    const role = new aws.iam.Role(`${name}-cluster-role`, { assumeRolePolicy: assumeRolePolicy(EKS_SERVICE), tags }, { parent });
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-cluster-policy`, {
        role: role.name,
        policyArn: managedPolicyArn(partition, "AmazonEKSClusterPolicy"),
    }, { parent });
    const keyUse = new aws.iam.RolePolicy(`${name}-cluster-kms`, {
        role: role.id,
        policy: pulumi.output(keyArn).apply(arn => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey", "kms:CreateGrant"], Resource: arn }],
        })),
    }, { parent });
    return { role, dependencies: [attachment, keyUse] };
}

interface Grant {
    readonly principalArn: pulumi.Input<string>;
    readonly policyName: string;
    readonly namespaces?: readonly string[];
    /** The declared cluster-admin role this entry holds (the marker the pack accepts), if any. */
    readonly clusterAdmin?: "break-glass" | "deployer";
}

function grant(name: string, role: string, clusterName: pulumi.Input<string>, entry: Grant, partition: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource) {
    const accessEntry = new aws.eks.AccessEntry(`${name}-${role}`, {
        clusterName,
        principalArn: entry.principalArn,
        type: "STANDARD",
        // The marker `eks-accesspolicy-limit-cluster-admin` reads: a cluster-admin role the stack declares.
        tags: entry.clusterAdmin ? { ...tags, [EKS_CLUSTER_ADMIN_TAG]: entry.clusterAdmin } : tags,
    }, { parent });
    new aws.eks.AccessPolicyAssociation(`${name}-${role}`, {
        clusterName,
        principalArn: accessEntry.principalArn,
        policyArn: pulumi.output(partition).apply(p => eksAccessPolicyArn(p, entry.policyName)),
        accessScope: entry.namespaces ? { type: "namespace", namespaces: [...entry.namespaces] } : { type: "cluster" },
    }, { parent });
    return accessEntry;
}

/**
 * The break-glass admin's cluster-admin entry, the deployer's (cluster admin too: the baseline
 * creates cluster-scoped RBAC, which only AmazonEKSClusterAdminPolicy allows, access-policy-reference.adoc),
 * and one entry per user grant.
 */
export function createAccessEntries(name: string, args: ResolvedEksArgs, clusterName: pulumi.Input<string>, partition: pulumi.Input<string>, parent: pulumi.Resource): aws.eks.AccessEntry[] {
    const admin = EKS_ACCESS_POLICY_NAMES["cluster-admin"];
    return [
        grant(name, "admin-access", clusterName, { principalArn: args.adminRoleArn, policyName: admin, clusterAdmin: "break-glass" }, partition, args.tags, parent),
        ...(args.deployerRoleArn !== undefined
            ? [grant(name, "deployer-access", clusterName, { principalArn: args.deployerRoleArn, policyName: admin, clusterAdmin: "deployer" }, partition, args.tags, parent)]
            : []),
        ...args.accessEntries.map((e, i) => grant(name, `access-${i}`, clusterName, e, partition, args.tags, parent)),
    ];
}

export function createIdentityProvider(name: string, args: ResolvedEksArgs, clusterName: pulumi.Input<string>, parent: pulumi.Resource) {
    const oidc = args.oidc;
    if (!oidc) {
        return undefined;
    }
    return new aws.eks.IdentityProviderConfig(`${name}-oidc`, {
        clusterName,
        oidc: {
            identityProviderConfigName: oidc.name,
            issuerUrl: oidc.issuerUrl,
            clientId: oidc.clientId,
            usernameClaim: oidc.usernameClaim,
            usernamePrefix: oidc.usernamePrefix,
            groupsClaim: oidc.groupsClaim,
            groupsPrefix: oidc.groupsPrefix,
            ...(oidc.requiredClaims ? { requiredClaims: { ...oidc.requiredClaims } } : {}),
        },
        tags: args.tags,
    }, { parent });
}

/** The IRSA provider: trusts the cluster's issuer for the STS audience only. */
export function createIrsaProvider(name: string, cluster: aws.eks.Cluster, tags: Readonly<Record<string, string>>, parent: pulumi.Resource) {
    return new aws.iam.OpenIdConnectProvider(`${name}-irsa`, {
        url: cluster.identities.apply(ids => ids?.[0]?.oidcs?.[0]?.issuer ?? ""),
        clientIdLists: ["sts.amazonaws.com"],
        tags,
    }, { parent });
}

/**
 * GuardDuty EKS protection on the account's detector: Kubernetes audit-log analysis
 * (EKS_AUDIT_LOGS) and, when asked, Runtime Monitoring with the GuardDuty-managed EKS agent
 * (RUNTIME_MONITORING + EKS_ADDON_MANAGEMENT; EKS user guide integration-guardduty.adoc, provider
 * typings of aws.guardduty.DetectorFeature: only one of EKS_RUNTIME_MONITORING and RUNTIME_MONITORING).
 */
export function createGuardDutyFeatures(name: string, guardDuty: NonNullable<ResolvedEksArgs["guardDuty"]>, parent: pulumi.Resource): aws.guardduty.DetectorFeature[] {
    const features = [new aws.guardduty.DetectorFeature(`${name}-guardduty-audit-logs`, { detectorId: guardDuty.detectorId, name: "EKS_AUDIT_LOGS", status: "ENABLED" }, { parent })];
    if (guardDuty.runtimeMonitoring) {
        features.push(new aws.guardduty.DetectorFeature(`${name}-guardduty-runtime`, {
            detectorId: guardDuty.detectorId,
            name: "RUNTIME_MONITORING",
            status: "ENABLED",
            additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }],
        }, { parent }));
    }
    return features;
}
