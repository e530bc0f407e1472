/**
 * The nodes' Google identity: a dedicated service account holding only the node roles (CIS GKE
 * 5.2.1; the Compute Engine default account holds Editor), or the user's. And, when asked, Data
 * Access audit logs for the Kubernetes Engine API.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedGkeArgs } from "./args";

/** The roles the component grants its node account: GKE's node role and image pulls. */
export const GKE_NODE_ROLES: readonly string[] = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"];

export interface GkeNodeIdentity {
    readonly email: pulumi.Input<string>;
    /** The role grants the node pools wait for (nodes log and pull from their first boot). */
    readonly grants: readonly pulumi.Resource[];
}

/** A service account id (6-30 characters) derived from the component name. */
export function gkeNodeAccountId(name: string): string {
    const base = name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^[^a-z]+/, "").slice(0, 23).replace(/-+$/, "");
    return `${base || "gke"}-nodes`.padEnd(6, "0");
}

export function createNodeIdentity(name: string, args: ResolvedGkeArgs, projectId: pulumi.Input<string>, parent: pulumi.Resource): GkeNodeIdentity {
    if (args.nodeServiceAccount !== undefined) {
        return { email: args.nodeServiceAccount, grants: [] };
    }
    const account = new gcp.serviceaccount.Account(
        `${name}-nodes`,
        { project: args.project, accountId: gkeNodeAccountId(name), displayName: `GKE nodes of ${name}`, description: "Least-privilege identity of the cluster's nodes (hardened-cluster-blueprint)." },
        { parent },
    );
    const grants = GKE_NODE_ROLES.map(
        role =>
            new gcp.projects.IAMMember(
                `${name}-nodes-${role.split("/")[1].replace(/\./g, "-").replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`,
                { project: projectId, role, member: pulumi.interpolate`serviceAccount:${account.email}` },
                { parent },
            ),
    );
    return { email: account.email, grants };
}

/** Data Access audit logs for the Kubernetes Engine API (billed; project-wide for that service). */
export function createDataAccessAudit(name: string, args: ResolvedGkeArgs, projectId: pulumi.Input<string>, parent: pulumi.Resource): gcp.projects.IAMAuditConfig | undefined {
    if (!args.dataAccessAuditLogs) {
        return undefined;
    }
    return new gcp.projects.IAMAuditConfig(
        `${name}-data-access-audit`,
        {
            project: projectId,
            service: "container.googleapis.com",
            auditLogConfigs: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
        },
        { parent },
    );
}
