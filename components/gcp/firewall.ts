/**
 * Admission webhooks on a private cluster: the API server calls webhook pods from the control
 * plane's range, and GKE's own firewall rule admits it to the nodes on 443 and 10250 only (Cloud
 * Service Mesh, "Open ports on a private cluster": 15017 needs a rule; Linkerd and Kyverno document
 * the same). One rule admits that range, on the named ports only, to the nodes' service account.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";

export function createWebhookFirewall(
    name: string,
    args: ResolvedGkeArgs,
    network: pulumi.Input<string>,
    nodeServiceAccount: pulumi.Input<string>,
    parent: pulumi.Resource,
): gcp.compute.Firewall | undefined {
    if (args.webhookPorts.length === 0) {
        return undefined;
    }
    // In a Shared VPC the network, and so its firewall, belong to the host project.
    const project = args.network.kind === "existing" ? args.network.hostProject ?? args.project : args.project;
    return new gcp.compute.Firewall(
        `${name}-webhooks`,
        {
            project,
            network,
            description: "The GKE control plane calls admission webhooks on the nodes (hardened-cluster-blueprint).",
            direction: "INGRESS",
            sourceRanges: [args.masterIpv4CidrBlock],
            targetServiceAccounts: [nodeServiceAccount],
            allows: [{ protocol: "tcp", ports: args.webhookPorts.map(String) }],
            logConfig: { metadata: "INCLUDE_ALL_METADATA" },
        },
        { parent },
    );
}
