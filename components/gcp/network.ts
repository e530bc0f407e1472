/**
 * The cluster's network: the user's VPC, or a new one whose subnetwork has secondary ranges for
 * pods and services, Private Google Access (private nodes reach Google APIs without NAT) and VPC
 * flow logs (CIS GCP 3.8); a Cloud Router and NAT only when asked.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";

export interface GkeNetwork {
    readonly network: pulumi.Input<string>;
    readonly subnetwork: pulumi.Input<string>;
    readonly podsRangeName: string;
    readonly servicesRangeName: string;
}

export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

export function createGkeNetwork(name: string, args: ResolvedGkeArgs, parent: pulumi.Resource): GkeNetwork {
    const net = args.network;
    if (net.kind === "existing") {
        return { network: net.network, subnetwork: net.subnetwork, podsRangeName: net.podsRangeName, servicesRangeName: net.servicesRangeName };
    }
    const project = args.project;
    const vpc = new gcp.compute.Network(`${name}-network`, { project, autoCreateSubnetworks: false, routingMode: "REGIONAL" }, { parent });
    const subnet = new gcp.compute.Subnetwork(
        `${name}-subnet`,
        {
            project,
            region: args.region,
            network: vpc.id,
            ipCidrRange: net.nodesCidr,
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: PODS_RANGE, ipCidrRange: net.podsCidr },
                { rangeName: SERVICES_RANGE, ipCidrRange: net.servicesCidr },
            ],
            logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
        },
        { parent },
    );
    if (net.cloudNat) {
        const router = new gcp.compute.Router(`${name}-router`, { project, region: args.region, network: vpc.id }, { parent });
        new gcp.compute.RouterNat(
            `${name}-nat`,
            {
                project,
                region: args.region,
                router: router.name,
                natIpAllocateOption: "AUTO_ONLY",
                sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
                subnetworks: [{ name: subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
                logConfig: { enable: true, filter: "ERRORS_ONLY" },
            },
            { parent },
        );
    }
    return { network: vpc.id, subnetwork: subnet.id, podsRangeName: PODS_RANGE, servicesRangeName: SERVICES_RANGE };
}
