/**
 * The GCP cloud layer of the program: a GkeCluster from the stack's `hcb:cluster` object
 * (validated by resolveGkeArgs, which names every wrong field), handed on as a DeployedCluster.
 *
 * Reach: GkeCluster turns on the DNS-based control-plane endpoint by default, IAM-gated and
 * reachable wherever Google APIs are (Google's best practice, "About network isolation in GKE"),
 * and its kubeconfig dials it, so one run can build the cluster and the baseline. With
 * `dnsEndpoint: false` the reach is `none` and the baseline runs in a second stage from inside the
 * VPC, against the outputs below.
 */
import { GkeCluster, GkeClusterArgs, gkeWebhookPortsFor } from "../components/gcp";
import { gkeReachOf } from "../components/gcp/cluster";
import { resolveGkeArgs } from "../components/gcp/resolve";
import { DeployedCluster, ReachPath } from "./types";

/**
 * The reach path the `hcb:cluster` settings declare, decided before anything is registered (the
 * program refuses a one-run stack whose path is `none`); the same as GkeCluster's `reach`.
 * Invalid settings are refused here, by the same resolver, naming every wrong field.
 */
export function reachOf(cluster: Readonly<Record<string, unknown>>): ReachPath {
    const reach = gkeReachOf(resolveGkeArgs(cluster));
    return { kind: reach.kind, detail: reach.detail };
}

/**
 * Builds the cluster. `baseline` (the stack's `hcb:baseline`, when the same stack holds it) turns
 * on the firewall ports its admission webhooks need, unless `hcb:cluster.webhookPorts` says.
 */
export function deployGke(cluster: Record<string, unknown>, baseline?: Readonly<Record<string, unknown>>): DeployedCluster {
    const ports = gkeWebhookPortsFor(baseline);
    const args = cluster["webhookPorts"] === undefined && ports.length > 0 ? { ...cluster, webhookPorts: ports } : cluster;
    const gke = new GkeCluster("gke", args as unknown as GkeClusterArgs);
    return {
        cloud: "gcp",
        provider: gke.provider,
        reach: { kind: gke.reach.kind, detail: gke.reach.detail },
        kubeconfig: gke.kubeconfig,
        outputs: {
            // What a baseline-only stage needs to build its own provider and name its subjects.
            clusterName: gke.clusterName,
            projectId: gke.projectId,
            location: gke.cluster.location,
            endpoint: gke.endpoint,
            dnsEndpoint: gke.dnsEndpoint,
            rbacSecurityGroup: gke.identity.securityGroup,
            nodeServiceAccount: gke.nodeServiceAccount,
            secretsKeyName: gke.secretsKeyName,
            workloadPool: gke.workloadPool,
        },
    };
}
