/** CIS EKS 2.1.1; Checkov CKV_AWS_37. Every control-plane log type is exported (none is by default). */
import { EKS_LOG_TYPES } from "../../../components/controls/eks";
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optStringArray } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export interface ControlPlaneLogsConfig {
    readonly requiredLogTypes: readonly string[];
}

export function checkControlPlaneLogs(resource: CheckedResource, config: ControlPlaneLogsConfig): string[] {
    const enabled = optStringArray(resource.props["enabledClusterLogTypes"], "enabledClusterLogTypes");
    const missing = (config.requiredLogTypes ?? EKS_LOG_TYPES).filter(t => !enabled.includes(t));
    return missing.length === 0
        ? []
        : [`${subject(resource)} must export every control-plane log type: \`enabledClusterLogTypes\` lacks ${missing.join(", ")}.`];
}

export const controlPlaneLogsPolicy = resourcePolicy<ControlPlaneLogsConfig>({
    name: "eks-cluster-require-control-plane-logs",
    control: "eks-control-plane-logging",
    enforcementLevel: "mandatory",
    description: "EKS clusters must export all control-plane log types (api, audit, authenticator, controllerManager, scheduler).",
    types: [AWS_TYPES.cluster],
    config: {
        requiredLogTypes: { type: "array", items: { type: "string", enum: [...EKS_LOG_TYPES] }, default: [...EKS_LOG_TYPES], description: "The log types every cluster exports." },
    },
    check: checkControlPlaneLogs,
});
