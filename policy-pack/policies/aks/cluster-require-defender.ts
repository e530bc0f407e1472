/**
 * CKV_AZURE_85 asks for Defender for Containers at subscription level; the cluster's side is the
 * Defender sensor (`securityProfile.defender.securityMonitoring`) and its workspace. Advisory:
 * Defender is a paid option, and the in-cluster runtime detection covers the checklist line too.
 */
import { Obj, optBoolean } from "../../lib/read";
import { clusterPolicy, hasKey, objAt } from "./resources";

export function checkDefender(props: Obj): string[] {
    const security = objAt(props, "securityProfile", "securityProfile");
    const defender = objAt(security, "defender", "securityProfile.defender");
    const monitoring = objAt(defender, "securityMonitoring", "securityProfile.defender.securityMonitoring");
    if (optBoolean(monitoring?.["enabled"], "securityProfile.defender.securityMonitoring.enabled") !== true) {
        return ["`securityProfile.defender.securityMonitoring.enabled` is not true"];
    }
    return hasKey(defender, "logAnalyticsWorkspaceResourceId") ? [] : ["`securityProfile.defender.logAnalyticsWorkspaceResourceId` is unset"];
}

export const defenderPolicy = clusterPolicy({
    name: "aks-cluster-require-defender",
    control: "aks-defender",
    enforcementLevel: "advisory",
    description: "An AKS cluster runs the Microsoft Defender for Containers sensor.",
    rule: "run Microsoft Defender for Containers",
    check: checkDefender,
});
