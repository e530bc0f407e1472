/**
 * CKV_AZURE_8, CKV_AZURE_246: the Kubernetes dashboard (a privileged web UI) and HTTP application
 * routing (public DNS and an unauthenticated ingress, not for production) stay off.
 */
import { Obj, optBoolean } from "../../lib/read";
import { addonOf, clusterPolicy } from "./resources";

export const RISKY_ADDONS: readonly string[] = ["kubeDashboard", "httpApplicationRouting"];

export function checkRiskyAddons(props: Obj): string[] {
    return RISKY_ADDONS.filter(key => optBoolean(addonOf(props, key)?.["enabled"], `addonProfiles.${key}.enabled`) === true).map(
        key => `\`addonProfiles.${key}.enabled\` is true`,
    );
}

export const riskyAddonsPolicy = clusterPolicy({
    name: "aks-cluster-disallow-risky-addons",
    control: "aks-risky-addons-disabled",
    enforcementLevel: "mandatory",
    description: "An AKS cluster runs neither the Kubernetes dashboard nor HTTP application routing.",
    rule: "not run the dashboard or HTTP application routing add-ons",
    check: checkRiskyAddons,
});
