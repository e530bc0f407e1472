/**
 * Who reaches the cluster and as what: the control plane's IAM role, EKS access entries (the
 * break-glass admin and the user's grants; authentication mode API, no implicit creator admin),
 * OIDC sign-in for people, and workload identity (IRSA and EKS Pod Identity) with the helpers
 * that bind a Kubernetes service account to an IAM role.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EKS_ACCESS_POLICIES, EKS_ADDONS } from "../controls/eks";
import { ResolvedAccessEntry, ResolvedEksArgs } from "./args";

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

/** The control plane's role: AmazonEKSClusterPolicy, plus use of the Secrets key (and nothing else on it). */
export function createClusterRole(name: string, keyArn: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource) {
    const role = new aws.iam.Role(`${name}-cluster-role`, { assumeRolePolicy: assumeRolePolicy(EKS_SERVICE), tags }, { parent });
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-cluster-policy`, {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
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

function grant(name: string, role: string, clusterName: pulumi.Input<string>, entry: ResolvedAccessEntry, parent: pulumi.Resource) {
    const accessEntry = new aws.eks.AccessEntry(`${name}-${role}`, { clusterName, principalArn: entry.principalArn, type: "STANDARD" }, { parent });
    new aws.eks.AccessPolicyAssociation(`${name}-${role}`, {
        clusterName,
        principalArn: accessEntry.principalArn,
        policyArn: entry.policyArn,
        accessScope: entry.namespaces ? { type: "namespace", namespaces: [...entry.namespaces] } : { type: "cluster" },
    }, { parent });
    return accessEntry;
}

/** The break-glass admin's cluster-admin entry, and one entry per user grant. */
export function createAccessEntries(name: string, args: ResolvedEksArgs, clusterName: pulumi.Input<string>, parent: pulumi.Resource): aws.eks.AccessEntry[] {
    return [
        grant(name, "admin-access", clusterName, { principalArn: args.adminRoleArn, policyArn: EKS_ACCESS_POLICIES["cluster-admin"] }, parent),
        ...args.accessEntries.map((e, i) => grant(name, `access-${i}`, clusterName, e, parent)),
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

export function createPodIdentityAgent(name: string, clusterName: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource, dependsOn: pulumi.Resource[]) {
    return new aws.eks.Addon(`${name}-pod-identity-agent`, {
        clusterName,
        addonName: EKS_ADDONS.podIdentityAgent,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags,
    }, { parent, dependsOn });
}
