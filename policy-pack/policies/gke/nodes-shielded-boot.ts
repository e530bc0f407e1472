/**
 * Checklist "runtime protection"; CIS GKE 5.5.5-5.5.7; Checkov CKV_GCP_71 (shielded nodes),
 * CKV_GCP_68 (secure boot) and CKV_GCP_72 (integrity monitoring). Shielded nodes, secure boot and
 * integrity monitoring are three switches (hashicorp/terraform-provider-google#4976); secure boot
 * defaults to off, which safer-cluster leaves as is. Pools node auto-provisioning creates take
 * `clusterAutoscaling.autoProvisioningDefaults.shieldedInstanceConfig`, judged the same way;
 * Autopilot turns secure boot on for every node itself.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, NODE_POOL_TYPE, autoProvisioningOf, join, nodeSettingsOf } from "./resources";

export function checkShieldedBoot(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const out: string[] = [];
    if (resource.type === CLUSTER_TYPE && optBoolean(resource.props["enableShieldedNodes"], "enableShieldedNodes") === false) {
        out.push(`${subject} must use shielded nodes, whose identity the control plane verifies: \`enableShieldedNodes\` is false.`);
    }
    for (const pool of nodeSettingsOf(resource.type, resource.props)) {
        const base = join(pool.nodeConfigPath, "shieldedInstanceConfig");
        const shielded = optObject(pool.nodeConfig?.["shieldedInstanceConfig"], base);
        const secureBoot = optBoolean(shielded?.["enableSecureBoot"], `${base}.enableSecureBoot`);
        if (secureBoot !== true) {
            out.push(`${subject} must boot ${pool.label} with secure boot: \`${base}.enableSecureBoot\` is ${secureBoot === false ? "false" : "unset (default: off)"}. Set it to true.`);
        }
        if (optBoolean(shielded?.["enableIntegrityMonitoring"], `${base}.enableIntegrityMonitoring`) === false) {
            out.push(`${subject} must monitor the boot integrity of ${pool.label}: \`${base}.enableIntegrityMonitoring\` is false.`);
        }
    }
    const auto = resource.type === CLUSTER_TYPE ? autoProvisioningOf(resource.props) : undefined;
    if (auto && !auto.autopilot) {
        const base = join(auto.path, "shieldedInstanceConfig");
        const secureBoot = optBoolean(optObject(auto.defaults?.["shieldedInstanceConfig"], base)?.["enableSecureBoot"], `${base}.enableSecureBoot`);
        if (secureBoot !== true) {
            out.push(`${subject} must boot auto-provisioned node pools with secure boot: \`${base}.enableSecureBoot\` is ${secureBoot === false ? "false" : "unset (default: off)"}. Set it to true.`);
        }
    }
    return out;
}

export const shieldedBootPolicy = resourcePolicy({
    name: "gke-nodes-require-shielded-boot",
    control: "gke-shielded-nodes",
    enforcementLevel: "mandatory",
    description: "GKE nodes are shielded, with secure boot and integrity monitoring.",
    types: [CLUSTER_TYPE, NODE_POOL_TYPE],
    check: checkShieldedBoot,
});
