/**
 * The GCP cloud layer of the program: a GkeCluster from the stack's `hcb:cluster` object
 * (validated by resolveGkeArgs, which names every wrong field), handed on as a DeployedCluster.
 */
import { GkeCluster, GkeClusterArgs } from "../components/gcp";
import { DeployedCluster } from "./types";

export function deployGke(cluster: Record<string, unknown>): DeployedCluster {
    const gke = new GkeCluster("gke", cluster as unknown as GkeClusterArgs);
    return {
        cloud: "gcp",
        provider: gke.provider,
        // Placeholder until the cloud layer declares its path (issue 13): no path, so staged runs.
        reach: { kind: "none", detail: "no reach path declared yet" },
        kubeconfig: gke.kubeconfig,
        outputs: {
            clusterName: gke.clusterName,
            endpoint: gke.endpoint,
            nodeServiceAccount: gke.nodeServiceAccount,
            secretsKeyName: gke.secretsKeyName,
            workloadPool: gke.workloadPool,
        },
    };
}
