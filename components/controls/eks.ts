import { Control } from "./types";

/** The EKS control-plane and node controls; each names the policies in policy-pack/policies/eks/. */
export const EKS_CONTROLS: readonly Control[] = [];
