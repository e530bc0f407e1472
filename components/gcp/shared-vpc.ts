/**
 * A cluster in a Shared VPC service project: the host project's grants GKE needs, made before the
 * cluster (cloud.google.com/kubernetes-engine/docs/how-to/cluster-shared-vpc, "Enable Shared VPC
 * and grant roles"): the GKE service agent holds `roles/container.hostServiceAgentUser` on the
 * host project, and it and the Google APIs service agent (<number>@cloudservices) hold
 * `roles/compute.networkUser` on the subnetwork. cloud-foundation-fabric grants the same
 * (modules/project/sharedvpc-agent-iam.yaml).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";
import { subnetworkParts } from "./args-operations";

export const GKE_HOST_PROJECT_ROLE = "roles/container.hostServiceAgentUser";
export const GKE_SUBNETWORK_ROLE = "roles/compute.networkUser";

/** True when the subnetwork is another project's (a Shared VPC host). */
export function isSharedVpc(args: ResolvedGkeArgs): boolean {
    return args.network.kind === "existing" && args.network.hostProject !== undefined && args.network.hostProject !== args.project;
}

export function createSharedVpcGrants(name: string, args: ResolvedGkeArgs, projectNumber: pulumi.Input<string>, dependsOn: readonly pulumi.Resource[], parent: pulumi.Resource): pulumi.Resource[] {
    const net = args.network;
    if (net.kind !== "existing" || !isSharedVpc(args) || !net.grantHostProjectRoles) {
        return [];
    }
    const host = net.hostProject as string;
    const subnet = subnetworkParts(net.subnetwork);
    const gkeAgent = pulumi.interpolate`serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
    const apisAgent = pulumi.interpolate`serviceAccount:${projectNumber}@cloudservices.gserviceaccount.com`;
    const opts = { parent, dependsOn: [...dependsOn] };
    const grants: pulumi.Resource[] = [
        new gcp.projects.IAMMember(`${name}-host-agent-user`, { project: host, role: GKE_HOST_PROJECT_ROLE, member: gkeAgent }, opts),
    ];
    for (const [who, member] of [["gke", gkeAgent], ["apis", apisAgent]] as const) {
        grants.push(
            new gcp.compute.SubnetworkIAMMember(
                `${name}-subnet-user-${who}`,
                { project: subnet?.project ?? host, region: subnet?.region ?? args.region, subnetwork: subnet?.name ?? net.subnetwork, role: GKE_SUBNETWORK_ROLE, member },
                opts,
            ),
        );
    }
    return grants;
}
