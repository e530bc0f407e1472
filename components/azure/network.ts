/**
 * The cluster's network: the subnets you bring, or a VNet the component creates with a node subnet
 * and an API server subnet delegated to AKS (API server VNet integration). The control-plane
 * identity gets Network Contributor where the subnets live.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAksClusterArgs, needsVnetRole, vnetIdOf } from "./resolve";
import { BUILT_IN_ROLES, grantRole } from "./roles";

export interface ClusterNetwork {
    readonly nodeSubnetId: pulumi.Input<string>;
    /** Undefined when API server VNet integration is off. */
    readonly apiServerSubnetId?: pulumi.Input<string>;
    /** Set when the component created the VNet. */
    readonly vnet?: network.VirtualNetwork;
    readonly roleAssignments: readonly authorization.RoleAssignment[];
}

export function createNetwork(
    name: string,
    args: ResolvedAksClusterArgs,
    identity: { principalId: pulumi.Input<string>; subscriptionId: pulumi.Input<string> },
    parent: pulumi.Resource,
): ClusterNetwork {
    const existing = args.network.existing;
    if (existing) {
        const scopes = [existing.nodeSubnetId, ...(args.apiServerVnetIntegration && existing.apiServerSubnetId ? [existing.apiServerSubnetId] : [])];
        const roleAssignments = scopes.map((scope, i) =>
            grantRole(`${name}-${i === 0 ? "node-subnet" : "apiserver-subnet"}-network`, {
                ...identity,
                role: BUILT_IN_ROLES.networkContributor,
                scope,
                description: "AKS control plane joins and reads its subnet",
            }, parent),
        );
        if (needsVnetRole(existing.customDns === true, args.privateDnsZone)) {
            // Validated: either given, or derivable from a plain subnet id.
            const vnetId = existing.vnetId ?? vnetIdOf(existing.nodeSubnetId as string)!;
            roleAssignments.push(
                grantRole(`${name}-vnet-network`, {
                    ...identity,
                    role: BUILT_IN_ROLES.networkContributor,
                    scope: vnetId,
                    description: "AKS control plane links the private DNS zone to the cluster VNet (custom DNS or custom zone)",
                }, parent),
            );
        }
        if (existing.routeTableId !== undefined) {
            roleAssignments.push(
                grantRole(`${name}-route-table-network`, {
                    ...identity,
                    role: BUILT_IN_ROLES.networkContributor,
                    scope: existing.routeTableId,
                    description: "AKS control plane reads and writes the node subnet's routes",
                }, parent),
            );
        }
        return {
            nodeSubnetId: existing.nodeSubnetId,
            ...(args.apiServerVnetIntegration ? { apiServerSubnetId: existing.apiServerSubnetId } : {}),
            roleAssignments,
        };
    }
    const vnet = new network.VirtualNetwork(
        `${name}-vnet`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            addressSpace: { addressPrefixes: [args.network.vnetCidr] },
            tags: args.tags,
        },
        // Subnets are separate resources; an inline list would fight them on every update.
        { parent, ignoreChanges: ["subnets"] },
    );
    const nodes = new network.Subnet(
        `${name}-nodes`,
        {
            resourceGroupName: args.resourceGroupName,
            virtualNetworkName: vnet.name,
            addressPrefix: args.network.nodeSubnetCidr,
            // Nodes egress through the cluster's outbound path only, never Azure's implicit default.
            defaultOutboundAccess: false,
        },
        { parent },
    );
    const apiServer = args.apiServerVnetIntegration
        ? new network.Subnet(
              `${name}-apiserver`,
              {
                  resourceGroupName: args.resourceGroupName,
                  virtualNetworkName: vnet.name,
                  addressPrefix: args.network.apiServerSubnetCidr,
                  defaultOutboundAccess: false,
                  delegations: [{ name: "aks-apiserver", serviceName: "Microsoft.ContainerService/managedClusters" }],
              },
              // Azure rejects concurrent subnet writes to one VNet.
              { parent, dependsOn: [nodes] },
          )
        : undefined;
    const roleAssignments = [
        grantRole(`${name}-vnet-network`, { ...identity, role: BUILT_IN_ROLES.networkContributor, scope: vnet.id, description: "AKS control plane joins and reads its subnets" }, parent),
    ];
    return { nodeSubnetId: nodes.id, ...(apiServer ? { apiServerSubnetId: apiServer.id } : {}), vnet, roleAssignments };
}
