/** The pack's identity, shared by the CrossGuard entry point and the offline engine. */
export const PACK_NAME = "hardened-cluster-blueprint";
export const PACK_DISPLAY_NAME = "Hardened cluster blueprint";
export const PACK_DESCRIPTION =
    "Refuses Kubernetes, EKS, GKE and AKS resources that miss a hardening control: Pod Security Standards, " +
    "namespace isolation, least-privilege RBAC, supply chain and the cloud control planes.";
