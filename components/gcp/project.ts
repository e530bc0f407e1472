/**
 * What a fresh project lacks before a GKE cluster can exist: the APIs (container, cloudkms,
 * binaryauthorization) and the GKE service agent, which exists only once the container API is on
 * and which the Secrets key is granted to (deployability notes, "Prerequisites"; the anchor's
 * example enables the APIs and the identity before the key grant). APIs stay enabled on destroy:
 * other stacks of the project may use them.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";

/** The APIs the component enables (Kubernetes Engine, Cloud KMS, Binary Authorization). */
export const GKE_REQUIRED_APIS: readonly string[] = ["container.googleapis.com", "cloudkms.googleapis.com", "binaryauthorization.googleapis.com"];

export interface GkeProjectPrerequisites {
    /** Everything the key grant, the key and the cluster wait for (empty when `enableApis: false`). */
    readonly ready: readonly pulumi.Resource[];
}

export function createProjectPrerequisites(name: string, args: ResolvedGkeArgs, projectId: pulumi.Input<string>, parent: pulumi.Resource): GkeProjectPrerequisites {
    if (!args.enableApis) {
        return { ready: [] };
    }
    const services = GKE_REQUIRED_APIS.map(
        service =>
            new gcp.projects.Service(
                `${name}-api-${service.split(".")[0]}`,
                { project: projectId, service, disableOnDestroy: false, disableDependentServices: false },
                { parent },
            ),
    );
    // The GKE service agent (service-<number>@container-engine-robot) is created on first use of
    // the API; ServiceIdentity creates it now, so the key can be granted to it before the cluster.
    const agent = new gcp.projects.ServiceIdentity(`${name}-gke-agent`, { project: projectId, service: "container.googleapis.com" }, { parent, dependsOn: services });
    return { ready: [...services, agent] };
}
