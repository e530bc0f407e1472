/**
 * The in-cluster layer the program chains onto every cloud: the stack's `hcb:baseline` object as
 * ClusterBaseline arguments (validated there), on the new cluster's provider.
 */
import { ClusterBaseline, ClusterBaselineArgs } from "../components/kubernetes";
import { DeployedCluster } from "./types";

export function deployBaseline(baseline: Record<string, unknown>, cluster: DeployedCluster): Record<string, unknown> {
    if ("provider" in baseline) {
        throw new Error("`hcb:baseline.provider` must not be set: the baseline runs on the provider of the cluster the stack creates.");
    }
    new ClusterBaseline("baseline", { ...baseline, provider: cluster.provider } as unknown as ClusterBaselineArgs);
    return {};
}
