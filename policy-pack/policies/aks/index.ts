import { HardenedPolicy } from "../../lib/define";

/** The AKS policies, in the order the pack runs them. */
export const aksPolicies: readonly HardenedPolicy[] = [];
