/**
 * Checklist "runtime protection": a runtime detection engine watches every node. Built by Falco
 * (our RuntimeDetection add-on, a user's own Falco chart or DaemonSet), or the cloud's own:
 * - EKS: GuardDuty Runtime Monitoring (DetectorFeature `RUNTIME_MONITORING`, or the older
 *   `EKS_RUNTIME_MONITORING`, ENABLED) with its agent on the cluster: managed by GuardDuty
 *   (`additionalConfigurations` `EKS_ADDON_MANAGEMENT` ENABLED) or the `aws-guardduty-agent` EKS
 *   add-on (GuardDuty user guide, "Managing the security agent automatically / manually for EKS";
 *   notes/cloud-controls.md "Runtime security");
 * - GKE: GKE threat detection, on with the Enterprise tier of the security posture
 *   (`securityPostureConfig.mode: ENTERPRISE`; Mode enum "Applies the Security Posture off cluster
 *   Enterprise level features", google.container.v1 SecurityPostureConfig.Mode);
 * - AKS: Defender for Containers' sensor (`securityProfile.defender.securityMonitoring.enabled`,
 *   notes/cloud-controls.md "aks-baseline ... defender").
 */
import type { PolicyResource } from "@pulumi/policy";
import { Evidence, asArray, at, helmEvidence, judge, named, workloadEvidence } from "./evidence";
import { checklistPolicy, isTrue } from "./policy";

const DETECTOR_FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const EKS_ADDON = "aws:eks/addon:Addon";
const GKE_CLUSTER = "gcp:container/cluster:Cluster";
const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";

export const RUNTIME_FEATURES = ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"];
export const GUARDDUTY_AGENT_ADDON = "aws-guardduty-agent";

function guardDutyEvidence(resources: readonly PolicyResource[]): Evidence[] {
    const agentAddon = resources.some(r => r.type === EKS_ADDON && judge(r, "", () => (at(r.props, "addonName") === GUARDDUTY_AGENT_ADDON ? { kind: "present", what: "" } : undefined))?.kind === "present");
    const out: Evidence[] = [];
    for (const r of resources.filter(r => r.type === DETECTOR_FEATURE)) {
        const e = judge(r, `the status of ${named(r)}`, () => {
            if (!RUNTIME_FEATURES.includes(String(at(r.props, "name")))) {
                return undefined;
            }
            const what = `GuardDuty Runtime Monitoring (${named(r)})`;
            if (at(r.props, "status") !== "ENABLED") {
                return { kind: "weak", what, why: `has status ${JSON.stringify(at(r.props, "status"))}, not ENABLED` };
            }
            const managed = asArray(at(r.props, "additionalConfigurations")).some(c => at(c, "name") === "EKS_ADDON_MANAGEMENT" && at(c, "status") === "ENABLED");
            if (!managed && !agentAddon) {
                return { kind: "weak", what, why: `runs no agent on the cluster: set additionalConfigurations [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] or install the ${GUARDDUTY_AGENT_ADDON} EKS add-on` };
            }
            return { kind: "present", what };
        });
        if (e) {
            out.push(e);
        }
    }
    return out;
}

function clusterEvidence(resources: readonly PolicyResource[]): Evidence[] {
    const out: Evidence[] = [];
    for (const r of resources) {
        let e: Evidence | undefined;
        if (r.type === GKE_CLUSTER) {
            e = judge(r, `securityPostureConfig of ${named(r)}`, () =>
                at(r.props, "securityPostureConfig", "mode") === "ENTERPRISE" ? { kind: "present", what: `GKE threat detection (${named(r)}, security posture ENTERPRISE)` } : undefined,
            );
        } else if (r.type === AKS_CLUSTER) {
            e = judge(r, `securityProfile.defender of ${named(r)}`, () =>
                isTrue(at(r.props, "securityProfile", "defender", "securityMonitoring", "enabled")) ? { kind: "present", what: `Defender for Containers (${named(r)})` } : undefined,
            );
        }
        if (e) {
            out.push(e);
        }
    }
    return out;
}

export const runtimeDetectionPolicy = checklistPolicy({
    name: "k8s-stack-require-runtime-detection",
    control: "k8s-runtime-detection",
    enforcementLevel: "mandatory",
    description: "A stack holding the in-cluster baseline runs runtime detection on every node: Falco, GuardDuty EKS Runtime Monitoring, GKE threat detection or Defender for Containers.",
    layer: "baseline",
    optOutKey: "runtimeDetection",
    rule: "run runtime detection on every node",
    fix: "keep ClusterBaseline's `runtimeDetection` (Falco with the guide's detections, on by default), install Falco yourself, or turn on the cloud's own (GuardDuty EKS Runtime Monitoring with its agent, GKE security posture ENTERPRISE, Defender for Containers' securityMonitoring)",
    evidence: ({ resources }) => [
        ...helmEvidence(resources, ["falco"], "Falco"),
        ...workloadEvidence(resources, ["falco"], "Falco"),
        ...guardDutyEvidence(resources),
        ...clusterEvidence(resources),
    ],
});
