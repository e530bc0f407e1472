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
} as const;

/** The subscription-scoped id of a built-in role definition. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, role: string): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

/** Grants `role` on `scope` to a service principal (a managed identity's principal id). */
export function grantRole(
    name: string,
    args: { principalId: pulumi.Input<string>; subscriptionId: pulumi.Input<string>; role: string; scope: pulumi.Input<string>; description: string },
    parent: pulumi.Resource,
): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
        name,
        {
            principalId: args.principalId,
            // ServicePrincipal skips the Entra lookup that fails for a just-created identity.
            principalType: "ServicePrincipal",
            roleDefinitionId: roleDefinitionId(args.subscriptionId, args.role),
            scope: args.scope,
            description: args.description,
        },
        { parent },
    );
}
