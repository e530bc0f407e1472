import { Control } from "./types";

/** The AKS control-plane and node controls; each names the policies in policy-pack/policies/aks/. */
export const AKS_CONTROLS: readonly Control[] = [];
