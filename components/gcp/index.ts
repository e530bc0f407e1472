export * from "./args";
export * from "./cluster";
export { renderGkeKubeconfig } from "./kubeconfig";
export { GKE_NODE_ROLES, gkeNodeAccountId } from "./identity";
export { gkeServiceAgent } from "./encryption";
export { hardenedGkeNodeConfig } from "./nodes";
