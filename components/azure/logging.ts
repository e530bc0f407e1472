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

/**
 * The Container Insights streams of the ContainerInsights extension, as mspnp/aks-baseline
 * collects them (cluster-stamp.bicep ~L263-340).
 */
export const CONTAINER_INSIGHTS_STREAMS: readonly string[] = [
    "Microsoft-ContainerLogV2",
    "Microsoft-KubeEvents",
    "Microsoft-KubePodInventory",
    "Microsoft-KubeNodeInventory",
    "Microsoft-KubePVInventory",
    "Microsoft-KubeServices",
    "Microsoft-KubeMonAgentEvents",
    "Microsoft-InsightsMetrics",
    "Microsoft-ContainerInventory",
    "Microsoft-ContainerNodeInventory",
    "Microsoft-Perf",
];

/**
 * With Entra auth (`useAADAuth`), the monitoring agent sends what a data collection rule associated
 * with the cluster tells it to; without the rule and its association nothing arrives (mspnp/
 * aks-baseline creates both, cluster-stamp.bicep ~L263-400). The rule keeps kube-system out, as
 * the baseline does, and writes ContainerLogV2.
 */
export function createContainerInsightsRule(
    name: string,
    args: ResolvedAksClusterArgs,
    cluster: containerservice.ManagedCluster,
    workspaceId: pulumi.Input<string>,
    parent: pulumi.Resource,
): { rule: monitor.DataCollectionRule; association: monitor.DataCollectionRuleAssociation } {
    const destination = "workspace";
    const rule = new monitor.DataCollectionRule(
        `${name}-insights`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            kind: "Linux",
            description: "Container Insights for the hardened AKS cluster (Entra-authenticated agent)",
            dataSources: {
                extensions: [
                    {
                        name: "ContainerInsightsExtension",
                        extensionName: "ContainerInsights",
                        streams: [...CONTAINER_INSIGHTS_STREAMS],
                        extensionSettings: {
                            dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Exclude", namespaces: ["kube-system"], enableContainerLogV2: true },
                        },
                    },
                ],
            },
            destinations: { logAnalytics: [{ name: destination, workspaceResourceId: workspaceId }] },
            dataFlows: [{ streams: [...CONTAINER_INSIGHTS_STREAMS], destinations: [destination] }],
            tags: args.tags,
        },
        { parent },
    );
    const association = new monitor.DataCollectionRuleAssociation(
        `${name}-insights`,
        { resourceUri: cluster.id, dataCollectionRuleId: rule.id, description: "Container Insights data collection for the cluster" },
        { parent },
    );
    return { rule, association };
}
