import { AKS_CONTROLS } from "./aks";
import { EKS_CONTROLS } from "./eks";
import { GKE_CONTROLS } from "./gke";
import { KUBERNETES_CONTROLS } from "./kubernetes";
import { POD_SECURITY_CONTROLS } from "./pss";
import { Control } from "./types";

/** Every control, in catalogue order: Pod Security checks, in-cluster controls, then the clouds. */
export const CONTROLS: readonly Control[] = [
    ...POD_SECURITY_CONTROLS,
    ...KUBERNETES_CONTROLS,
    ...EKS_CONTROLS,
    ...GKE_CONTROLS,
    ...AKS_CONTROLS,
];

const BY_ID = new Map(CONTROLS.map(c => [c.id, c]));

/** The control with this id; throws on an unknown id, which is a programming error. */
export function getControl(id: string): Control {
    const control = BY_ID.get(id);
    if (!control) {
        throw new Error(`unknown control '${id}'`);
    }
    return control;
}

const BY_POLICY = new Map(CONTROLS.flatMap(c => c.policies.map(p => [p, c] as const)));

/** The control a policy serves, or undefined when the catalogue names no control for it. */
export function controlOfPolicy(policyName: string): Control | undefined {
    return BY_POLICY.get(policyName);
}
