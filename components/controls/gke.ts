import { Control } from "./types";

/** The GKE control-plane and node controls; each names the policies in policy-pack/policies/gke/. */
export const GKE_CONTROLS: readonly Control[] = [];
