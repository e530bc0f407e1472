import { MalformedValueError, optObject } from "../lib/read";
import { containerPolicy } from "../lib/workload-policy";

export interface ResourceLimitsConfig {
    readonly resources: readonly string[];
}

/** NSA/CISA "resource policies"; Checkov CKV_K8S_11 and CKV_K8S_13. Ephemeral containers cannot have resources (API validation), so they are skipped. */
export const resourceLimitsPolicy = containerPolicy<ResourceLimitsConfig>({
    name: "k8s-workload-require-resource-limits",
    control: "k8s-resource-limits",
    enforcementLevel: "advisory",
    config: {
        resources: {
            type: "array",
            items: { type: "string", enum: ["cpu", "memory", "ephemeral-storage"] },
            default: ["cpu", "memory"],
            description: "The resources every container must limit.",
        },
    },
    rule: {
        must: "set resource limits on every container",
        applies: c => c.list !== "ephemeralContainers",
        offence: (c, config, template) => {
            const resources = optObject(c.container["resources"], `${c.path}.resources`);
            const limits = optObject(resources?.["limits"], `${c.path}.resources.limits`);
            const missing = (config.resources ?? []).filter(r => {
                const value = limits?.[r];
                if (value === undefined || value === null) {
                    return true;
                }
                // A quantity is a string ("500m", "1Gi") or a number; anything else is no limit.
                if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
                    throw new MalformedValueError(`${c.path}.resources.limits.${r}`, "a quantity (a string such as 500m or a number)", value);
                }
                return false;
            });
            // A patch leaves the limits it does not set to the live object.
            return missing.length && !template.partial ? `has no ${missing.join(" or ")} limit` : undefined;
        },
    },
});
