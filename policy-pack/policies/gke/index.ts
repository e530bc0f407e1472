import { HardenedPolicy } from "../../lib/define";

/** The GKE policies, in the order the pack runs them. */
export const gkePolicies: readonly HardenedPolicy[] = [];
