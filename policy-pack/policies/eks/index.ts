import { HardenedPolicy } from "../../lib/define";

/** The EKS policies, in the order the pack runs them. */
export const eksPolicies: readonly HardenedPolicy[] = [];
