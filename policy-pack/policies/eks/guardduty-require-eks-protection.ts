/**
 * GuardDuty EKS protection (EKS user guide integration-guardduty.adoc): Kubernetes audit-log
 * analysis (detector feature EKS_AUDIT_LOGS) and Runtime Monitoring (RUNTIME_MONITORING, or the
 * older EKS_RUNTIME_MONITORING, with the GuardDuty-managed agent EKS_ADDON_MANAGEMENT). GuardDuty
 * is account-wide and often run by a security account, so a stack without detector features is not
 * judged unless `requireInStack` is set; a stack that holds any detector feature manages GuardDuty
 * and must turn on both EKS features; each must be ENABLED, the runtime one with its managed agent
 * (installing the agent by hand is an exemption to record). `hasEksRuntimeProtection` tells the
 * checklist's runtime-protection rule that the stack turns Runtime Monitoring on.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optArray, optObject, optString } from "../../lib/read";
import { AWS_TYPES, knownString, subject } from "./common";

export const GUARDDUTY_AUDIT_FEATURE = "EKS_AUDIT_LOGS";
export const GUARDDUTY_RUNTIME_FEATURES: readonly string[] = ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"];
const EKS_FEATURES = [GUARDDUTY_AUDIT_FEATURE, ...GUARDDUTY_RUNTIME_FEATURES];

export interface GuardDutyConfig {
    /** Require EKS audit-log and runtime protection among the stack's resources when it holds an EKS cluster. */
    readonly requireInStack: boolean;
}

function featureName(r: PolicyResource | CheckedResource): string | undefined {
    return knownString(r.props as Obj, "name");
}

function isEnabled(r: PolicyResource): boolean {
    return knownString(r.props as Obj, "status") === "ENABLED";
}

/** True when the stack turns GuardDuty Runtime Monitoring on with its managed EKS agent: runtime protection for the checklist. */
export function hasEksRuntimeProtection(resources: readonly PolicyResource[]): boolean {
    return resources.some(r => {
        if (r.type !== AWS_TYPES.detectorFeature || !GUARDDUTY_RUNTIME_FEATURES.includes(featureName(r) ?? "") || !isEnabled(r)) return false;
        const extra = (r.props as Obj)["additionalConfigurations"];
        return Array.isArray(extra) && extra.some(c => c && typeof c === "object" && (c as Obj)["name"] === "EKS_ADDON_MANAGEMENT" && (c as Obj)["status"] === "ENABLED");
    });
}

export function checkDetectorFeature(resource: CheckedResource): string[] {
    const name = optString(resource.props["name"], "name");
    if (name === undefined || !EKS_FEATURES.includes(name)) return [];
    const status = optString(resource.props["status"], "status");
    if (status !== "ENABLED") {
        return [`GuardDuty feature '${resource.name}' must be ENABLED: ${name} is ${status === undefined ? "unset" : JSON.stringify(status)}, so GuardDuty stops watching EKS.`];
    }
    if (GUARDDUTY_RUNTIME_FEATURES.includes(name)) {
        const extra = optArray(resource.props["additionalConfigurations"], "additionalConfigurations");
        const addon = extra.map((c, i) => optObject(c, `additionalConfigurations[${i}]`)).find(c => c?.["name"] === "EKS_ADDON_MANAGEMENT");
        const addonStatus = addon ? optString(addon["status"], "additionalConfigurations[].status") : undefined;
        if (addonStatus !== "ENABLED") {
            return [
                `GuardDuty feature '${resource.name}' must manage the EKS runtime agent: EKS_ADDON_MANAGEMENT is ${addonStatus === undefined ? "not enabled" : JSON.stringify(addonStatus)}, ` +
                    "so no node runs the agent unless it is installed by hand (record an exemption if you install it yourself).",
            ];
        }
    }
    return [];
}

export function checkClusterProtection(resource: CheckedResource, features: readonly PolicyResource[]): string[] {
    const enabled = features.filter(isEnabled).map(featureName);
    const missing = [
        ...(enabled.includes(GUARDDUTY_AUDIT_FEATURE) ? [] : [GUARDDUTY_AUDIT_FEATURE]),
        ...(enabled.some(n => GUARDDUTY_RUNTIME_FEATURES.includes(n ?? "")) ? [] : ["RUNTIME_MONITORING"]),
    ];
    return missing.length === 0
        ? []
        : [`${subject(resource)} must be watched by GuardDuty EKS protection: the stack enables no ${missing.join(" or ")} detector feature; set EksCluster's \`guardDuty\`.`];
}

export const guardDutyPolicy = stackPolicy<GuardDutyConfig, readonly PolicyResource[]>({
    name: "eks-guardduty-require-eks-protection",
    control: "eks-threat-detection",
    enforcementLevel: "mandatory",
    description: "GuardDuty EKS audit-log and runtime protection, where the stack manages GuardDuty, must be enabled with the managed agent.",
    config: {
        requireInStack: { type: "boolean", default: false, description: "Require the stack itself to enable GuardDuty EKS protection (when no security account runs GuardDuty)." },
    },
    selects: type => type === AWS_TYPES.detectorFeature || type === AWS_TYPES.cluster,
    context: resources => resources.filter(r => r.type === AWS_TYPES.detectorFeature),
    // A stack that manages any detector feature manages GuardDuty: it then must turn on both EKS features.
    check: (resource, features, config) =>
        resource.type === AWS_TYPES.detectorFeature
            ? checkDetectorFeature(resource)
            : config.requireInStack || features.length > 0
              ? checkClusterProtection(resource, features)
              : [],
});
