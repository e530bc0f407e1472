/** CKV_AZURE_170: the Standard or Premium tier gives the API server an uptime SLA and scales it; Free does neither. */
import { Obj, optString } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export const PAID_TIERS: readonly string[] = ["Standard", "Premium"];

export function checkPaidSku(props: Obj): string[] {
    const tier = optString(objAt(props, "sku", "sku")?.["tier"], "sku.tier");
    return tier !== undefined && PAID_TIERS.includes(tier) ? [] : [`\`sku.tier\` is ${tier === undefined ? "unset (Free)" : JSON.stringify(tier)}`];
}

export const paidSkuPolicy = clusterPolicy({
    name: "aks-cluster-require-paid-sku",
    control: "aks-operational-baseline",
    enforcementLevel: "advisory",
    description: "An AKS cluster runs the Standard or Premium tier.",
    rule: "run a paid tier with an uptime SLA",
    check: checkPaidSku,
});
