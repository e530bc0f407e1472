/**
 * CKV_AZURE_4: container logs and metrics go to Azure Monitor (the `omsagent` add-on, Container
 * Insights) in a Log Analytics workspace, with Entra authentication rather than a workspace key.
 */
import { Obj, optBoolean, optString } from "../../lib/read";
import { addonOf, clusterPolicy, hasKey, objAt } from "./resources";

export function checkContainerInsights(props: Obj): string[] {
    const addon = addonOf(props, "omsagent");
    if (optBoolean(addon?.["enabled"], "addonProfiles.omsagent.enabled") !== true) {
        return ["`addonProfiles.omsagent.enabled` is not true"];
    }
    const config = objAt(addon, "config", "addonProfiles.omsagent.config");
    // The workspace id is computed: only its presence is read. The auth flag is a literal.
    if (!hasKey(config, "logAnalyticsWorkspaceResourceID")) {
        return ["`addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID` is unset"];
    }
    const useAad = optString(config?.["useAADAuth"], "addonProfiles.omsagent.config.useAADAuth");
    return useAad === "true" ? [] : ['`addonProfiles.omsagent.config.useAADAuth` is not "true", so the agent authenticates with the workspace key'];
}

export const containerInsightsPolicy = clusterPolicy({
    name: "aks-cluster-require-container-insights",
    control: "aks-audit-logging",
    enforcementLevel: "advisory",
    description: "An AKS cluster sends container logs to Azure Monitor with Entra authentication.",
    rule: "send container logs to Azure Monitor",
    check: checkContainerInsights,
});
