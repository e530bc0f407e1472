/**
 * CKV_AZURE_168 (at least 50 pods per node; unset means 30 on some network plugins) and
 * CKV_AZURE_169 (scale sets, not availability sets, which cannot autoscale or take node image upgrades).
 */
import { MalformedValueError, isSet, optString } from "../../lib/read";
import { NodePool, at, nodePoolPolicy } from "./resources";

export const MIN_MAX_PODS = 50;

export function checkCapacityBaseline(pool: NodePool): string[] {
    const out: string[] = [];
    const podsPath = at(pool.path, "maxPods");
    const maxPods = pool.props["maxPods"];
    if (isSet(maxPods) && typeof maxPods !== "number") {
        throw new MalformedValueError(podsPath, "a number", maxPods);
    }
    if (typeof maxPods !== "number" || maxPods < MIN_MAX_PODS) {
        out.push(`has \`${podsPath}\` ${typeof maxPods === "number" ? maxPods : "unset"}, below ${MIN_MAX_PODS}`);
    }
    const typePath = at(pool.path, "type");
    if (optString(pool.props["type"], typePath) === "AvailabilitySet") {
        out.push(`has \`${typePath}\` "AvailabilitySet"`);
    }
    return out;
}

export const capacityBaselinePolicy = nodePoolPolicy({
    name: "aks-node-pool-enforce-capacity-baseline",
    control: "aks-operational-baseline",
    enforcementLevel: "advisory",
    description: "Every AKS node pool is a scale set with at least 50 pods per node.",
    rule: "be a scale set with room for at least 50 pods per node",
    check: checkCapacityBaseline,
});
