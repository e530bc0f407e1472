/**
 * The program: one hardened cluster on the stack's cloud, with the in-cluster baseline chained
 * onto its provider. Each cloud's module is loaded only when that cloud is chosen, so a stack pays
 * only for its own SDK.
 */
import { deployBaseline } from "./baseline";
import { readStackConfig } from "./config";
import { Cloud, DeployedCluster } from "./types";

function deployCloud(cloud: Cloud, cluster: Record<string, unknown>): DeployedCluster {
    switch (cloud) {
        case "aws":
            return (require("./aws") as typeof import("./aws")).deployEks(cluster);
        case "gcp":
            return (require("./gcp") as typeof import("./gcp")).deployGke(cluster);
        case "azure":
            return (require("./azure") as typeof import("./azure")).deployAks(cluster);
    }
}

/** Builds the stack and returns its outputs. */
export function deployProgram(): Record<string, unknown> {
    const config = readStackConfig();
    const cluster = deployCloud(config.cloud, config.cluster);
    const baseline = deployBaseline(config.baseline, cluster);
    return { ...cluster.outputs, kubeconfig: cluster.kubeconfig, ...baseline };
}
