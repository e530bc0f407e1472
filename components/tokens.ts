/**
 * The type tokens of this library's component resources. A released token never changes:
 * changing one replaces users' resources unless aliases are added.
 */
export const TOKENS = {
    hardenedNamespace: "hardened:kubernetes:HardenedNamespace",
    namespaceAccess: "hardened:kubernetes:NamespaceAccess",
    clusterAccess: "hardened:kubernetes:ClusterAccess",
    clusterBaseline: "hardened:kubernetes:ClusterBaseline",
    externalSecrets: "hardened:kubernetes:ExternalSecrets",
    imageVerification: "hardened:kubernetes:ImageVerification",
    runtimeDetection: "hardened:kubernetes:RuntimeDetection",
    meshMtls: "hardened:kubernetes:MeshMtls",
    eksCluster: "hardened:aws:EksCluster",
    gkeCluster: "hardened:gcp:GkeCluster",
    aksCluster: "hardened:azure:AksCluster",
    stackStage: "hardened:program:StackStage",
} as const;
