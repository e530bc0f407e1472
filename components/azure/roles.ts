/**
 * Built-in Azure role definitions the component grants, and the helper that grants them. Ids are
 * the fixed GUIDs of Azure's built-in roles (learn.microsoft.com, "Azure built-in roles").
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";

export const BUILT_IN_ROLES = {
    /** Read key material and encrypt/decrypt with keys: what the KMS plugin needs on the vault. */
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    /** Manage the vault (not its data): AKS needs it to reach a private vault through its private link. */
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    /** Join and read subnets: the control plane needs it on a VNet it does not own (BYO or created here). */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Manage records and VNet links of a private DNS zone: the control plane on a custom zone (mspnp/aks-baseline cluster-stamp.bicep ~L100-104). */
    privateDnsZoneContributor: "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    /** Read: the control plane on a disk encryption set (MS docs azure-disk-customer-managed-keys.md ~L142). */
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    /** Full Kubernetes access through Azure RBAC, at the cluster scope (mspnp/aks-baseline cluster-stamp.bicep ~L70-74). */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** listClusterUserCredential: fetch the (Entra, kubelogin) kubeconfig (mspnp/aks-baseline cluster-stamp.bicep ~L64-68). */
    aksClusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
} as const;

/** The subscription-scoped id of a built-in role definition. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, role: string): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

/** Grants `role` on `scope` to a principal: a service principal (a managed identity's principal id) unless `principalType` says otherwise. */
export function grantRole(
    name: string,
    args: {
        principalId: pulumi.Input<string>;
        principalType?: "User" | "Group" | "ServicePrincipal";
        subscriptionId: pulumi.Input<string>;
        role: string;
        scope: pulumi.Input<string>;
        description: string;
    },
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Resource>[] = [],
): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
        name,
        {
            principalId: args.principalId,
            // ServicePrincipal skips the Entra lookup that fails for a just-created identity.
            principalType: args.principalType ?? "ServicePrincipal",
            roleDefinitionId: roleDefinitionId(args.subscriptionId, args.role),
            scope: args.scope,
            description: args.description,
        },
        { parent, ...(dependsOn.length ? { dependsOn } : {}) },
    );
}
