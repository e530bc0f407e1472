/**
 * Checklist "audit logging"; CIS GKE 5.7.1; Checkov CKV_GCP_1 (logging) and CKV_GCP_8
 * (monitoring). Beyond Checkov: the control-plane components, the API server's included, are
 * exported. Unset `loggingConfig` means GKE's default, system components and workloads only.
 * (Kubernetes Admin Activity audit logs are always on; Data Access logs are a project setting.)
 */
import { GKE_REQUIRED_LOG_COMPONENTS } from "../../../components/controls/gke";
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString, optStringArray } from "../../lib/read";
import { CLUSTER_TYPE, listOf } from "./resources";

export interface LoggingConfig {
    readonly requiredComponents: readonly string[];
}

export function checkControlPlaneLogging(resource: CheckedResource, config: LoggingConfig): string[] {
    const subject = subjectOf(resource);
    const props = resource.props;
    const out: string[] = [];
    for (const field of ["loggingService", "monitoringService"] as const) {
        if (optString(props[field], field) === "none") {
            out.push(`${subject} must keep Cloud ${field === "loggingService" ? "Logging" : "Monitoring"} on: \`${field}\` is "none".`);
        }
    }
    const logging = optObject(props["loggingConfig"], "loggingConfig");
    const enabled = logging === undefined ? ["SYSTEM_COMPONENTS", "WORKLOADS"] : optStringArray(logging["enableComponents"], "loggingConfig.enableComponents");
    const missing = (config.requiredComponents ?? GKE_REQUIRED_LOG_COMPONENTS).filter(c => !enabled.includes(c));
    if (missing.length) {
        out.push(`${subject} must export the control-plane logs: \`loggingConfig.enableComponents\` ${logging === undefined ? "is unset, so it lacks" : "lacks"} ${listOf(missing)}.`);
    }
    return out;
}

export const controlPlaneLoggingPolicy = resourcePolicy<LoggingConfig>({
    name: "gke-cluster-require-control-plane-logging",
    control: "gke-control-plane-logging",
    enforcementLevel: "mandatory",
    description: "GKE clusters keep Cloud Logging and Monitoring on and export the API server's logs.",
    config: {
        requiredComponents: {
            type: "array",
            items: { type: "string" },
            default: [...GKE_REQUIRED_LOG_COMPONENTS],
            description: "The loggingConfig.enableComponents values a cluster must enable.",
        },
    },
    types: [CLUSTER_TYPE],
    check: checkControlPlaneLogging,
});
