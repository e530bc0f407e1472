/**
 * Identities: the cluster's user-assigned control-plane identity (Key Vault KMS requires one), and
 * workload identity federation, which lets a Kubernetes service account act as a user-assigned
 * managed identity with no secret (the OIDC issuer signs its tokens).
 */
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";

/** The audience AKS workload identity tokens carry for Entra's token exchange. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** The ServiceAccount annotation the workload identity webhook reads. */
export const CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";

export function createControlPlaneIdentity(
    name: string,
    args: { resourceGroupName: pulumi.Input<string>; location: pulumi.Input<string>; tags: Readonly<Record<string, string>> },
    parent: pulumi.Resource,
): managedidentity.UserAssignedIdentity {
    return new managedidentity.UserAssignedIdentity(
        `${name}-control-plane`,
        { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags },
        { parent },
    );
}

export interface FederateServiceAccountArgs {
    /** The cluster's OIDC issuer URL (AksCluster.oidcIssuerUrl). */
    readonly issuerUrl: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** The Kubernetes namespace and service account that may act as the identity. */
    readonly namespace: string;
    readonly serviceAccountName: string;
    /** An existing user-assigned identity's name (in `resourceGroupName`); unset creates one. */
    readonly identityName?: pulumi.Input<string>;
}

export interface FederatedServiceAccount {
    /** The identity created, when none was given. */
    readonly identity?: managedidentity.UserAssignedIdentity;
    readonly credential: managedidentity.FederatedIdentityCredential;
    /** The client id to put in the ServiceAccount's `azure.workload.identity/client-id` annotation (created identity only). */
    readonly clientId?: pulumi.Output<string>;
    /** The annotations the ServiceAccount needs (created identity only). */
    readonly serviceAccountAnnotations?: pulumi.Output<Record<string, string>>;
}

/**
 * Federates `system:serviceaccount:<namespace>:<serviceAccountName>` with a user-assigned identity.
 * Grant the identity its Azure roles separately, with the least scope the workload needs.
 */
export function federateServiceAccount(name: string, args: FederateServiceAccountArgs, opts?: pulumi.ComponentResourceOptions): FederatedServiceAccount {
    const problems: string[] = [];
    const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    if (!dnsLabel.test(args.namespace)) {
        problems.push(`\`namespace\` must be a Kubernetes namespace name (DNS-1123 label), not ${JSON.stringify(args.namespace)}.`);
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(args.serviceAccountName)) {
        problems.push(`\`serviceAccountName\` must be a Kubernetes object name, not ${JSON.stringify(args.serviceAccountName)}.`);
    }
    if (problems.length) {
        throw new Error(`federateServiceAccount '${name}' has invalid arguments:\n${problems.map(p => `- ${p}`).join("\n")}`);
    }
    const childOpts = { ...(opts?.parent ? { parent: opts.parent } : {}) };
    const identity = args.identityName === undefined
        ? new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location }, childOpts)
        : undefined;
    const credential = new managedidentity.FederatedIdentityCredential(
        `${name}-federation`,
        {
            resourceGroupName: args.resourceGroupName,
            resourceName: identity ? identity.name : (args.identityName as pulumi.Input<string>),
            issuer: args.issuerUrl,
            subject: `system:serviceaccount:${args.namespace}:${args.serviceAccountName}`,
            audiences: [WORKLOAD_IDENTITY_AUDIENCE],
        },
        childOpts,
    );
    return {
        ...(identity ? { identity, clientId: identity.clientId, serviceAccountAnnotations: identity.clientId.apply((id): Record<string, string> => ({ [CLIENT_ID_ANNOTATION]: id })) } : {}),
        credential,
    };
}
