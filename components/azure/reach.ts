/**
 * How the in-cluster layer reaches an AksCluster, and how people are named there: what the
 * program hands the baseline stage (program/types.ts `ReachPath`, issue 13). The component knows
 * its path from its own arguments; nothing is inferred from the runner.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResolvedAksClusterArgs } from "./resolve";

/** The same shape as program/types.ts ReachPath (components never import the program). */
export interface AksReachPath {
    readonly kind: "network" | "gitops" | "public-endpoint" | "none";
    readonly detail: string;
}

/**
 * People in RBAC subjects on an Entra-integrated cluster: users and groups are Entra object ids
 * (GUIDs; MS docs kubernetes-rbac-entra-id.md ~L247-262), and with Azure RBAC on, access can also be
 * an Azure role assignment at the cluster or namespace scope (mspnp/aks-baseline
 * cluster-stamp.bicep ~L1039-1080). A group name such as "oidc:developers" binds nobody.
 */
export interface AksSubjects {
    readonly format: "entra-object-id";
    readonly azureRbac: true;
    readonly tenantId: pulumi.Output<string>;
    readonly adminGroupObjectIds: readonly string[];
}

/**
 * The declared path, first match wins:
 * - `gitops`: Flux in the cluster applies the rendered baseline; the runner needs no path.
 * - `network`: the stack declares a runner inside (or connected to) the brought VNet.
 * - `public-endpoint`: the opted-out public API server, reachable from its authorized ranges.
 * - `none`: a private API server and no declared path: the baseline runs as a later stage from
 *   inside the network (`az aks command invoke` is off with run command, and Microsoft calls it
 *   not designed for programmatic access: access-private-cluster.md).
 */
export function reachPathOf(args: ResolvedAksClusterArgs): AksReachPath {
    if (args.gitops) {
        const ref = args.gitops.commit !== undefined ? `commit ${args.gitops.commit}` : `branch ${args.gitops.branch}`;
        return { kind: "gitops", detail: `Flux (AKS GitOps extension) applies ${args.gitops.url} (${ref}, path ${args.gitops.path}) from inside the cluster; render the baseline there` };
    }
    if (args.runnerNetwork) {
        return { kind: "network", detail: `runner inside the cluster's network: ${args.runnerNetwork.description}` };
    }
    if (args.publicApiServer) {
        return { kind: "public-endpoint", detail: `public API server (opted out), open to ${args.publicApiServer.authorizedIpRanges.join(", ")}: the runner must egress from one of them` };
    }
    return {
        kind: "none",
        detail:
            "private API server with no declared path: set `gitops` (Flux applies the rendered baseline), or `runnerNetwork` with `network.existing` " +
            "(a runner in or peered to the VNet), or apply the baseline as a later stage from inside the network",
    };
}
