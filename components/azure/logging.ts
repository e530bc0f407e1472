/**
 * Audit (CIS AKS 2.1.1): a Log Analytics workspace the component creates (retention, local auth
 * off) or one you bring, and the cluster's diagnostic setting exporting kube-audit-admin (or
 * kube-audit) and guard. AKS's audit policy is fixed; this setting is the only switch.
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedAksClusterArgs } from "./resolve";

/** The guard category: Entra ID and Azure RBAC authorization decisions. */
export const GUARD_CATEGORY = "guard";

export function createWorkspace(name: string, args: ResolvedAksClusterArgs, parent: pulumi.Resource): { workspaceId: pulumi.Input<string>; workspace?: operationalinsights.Workspace } {
    if (args.audit.existingWorkspaceId !== undefined) {
        return { workspaceId: args.audit.existingWorkspaceId };
    }
    const workspace = new operationalinsights.Workspace(
        `${name}-logs`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            sku: { name: "PerGB2018" },
            retentionInDays: args.audit.retentionInDays,
            // Readers and agents authenticate with Entra ID, not the workspace's shared keys.
            features: { disableLocalAuth: true },
            tags: args.tags,
        },
        { parent, protect: args.protect },
    );
    return { workspaceId: workspace.id, workspace };
}

export function createAuditSetting(
    name: string,
    args: ResolvedAksClusterArgs,
    cluster: containerservice.ManagedCluster,
    workspaceId: pulumi.Input<string>,
    parent: pulumi.Resource,
): monitor.DiagnosticSetting {
    return new monitor.DiagnosticSetting(
        `${name}-audit`,
        {
            resourceUri: cluster.id,
            workspaceId,
            // Resource-specific tables (AKSAudit, AKSAuditAdmin) rather than AzureDiagnostics.
            logAnalyticsDestinationType: "Dedicated",
            logs: [
                { category: args.audit.category, enabled: true },
                { category: GUARD_CATEGORY, enabled: true },
            ],
        },
        { parent },
    );
}
