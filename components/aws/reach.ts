/**
 * What EksCluster declares about reaching it: the path from the machine that runs `pulumi up` to
 * the API server (with the identity it uses there), and the names RBAC subjects must take for
 * people who sign in through OIDC. Pure functions of the resolved arguments, so the program and
 * the in-cluster layer can decide before anything is registered.
 */
import { ResolvedEksArgs } from "./args";

/**
 * How a runner reaches the API server (program/types.ts ReachPath):
 * - `network`: sources admitted to 443 on the cluster security group (`apiAccess`) and a deployer
 *   role with an access entry (`deployerRoleArn`): the baseline can run in the same stack, from a
 *   runner among those sources;
 * - `public-endpoint`: the named public-endpoint opt-out with a deployer role;
 * - `none`: no declared path, no deployer identity, or a VPC this run creates (no runner can be in
 *   it yet): run the baseline as its own stage, from a runner inside the network.
 */
export interface EksApiReach {
    readonly kind: "network" | "public-endpoint" | "none";
    readonly detail: string;
}

export function eksApiReach(s: Pick<ResolvedEksArgs, "apiAccess" | "deployerRoleArn" | "allowPublicEndpoint" | "vpc">): EksApiReach {
    const sources = [
        ...s.apiAccess.securityGroupIds.map(sg => `security group ${sg}`),
        ...s.apiAccess.cidrs.map(c => `network ${c}`),
    ];
    if (s.deployerRoleArn === undefined) {
        return {
            kind: "none",
            detail:
                "EksCluster declares no deployer identity: set `deployerRoleArn` (a role the runner can assume, given cluster admin through its own access entry), " +
                (sources.length > 0 ? `and run from ${sources.join(" or ")}` : "and `apiAccess` (the runner's security group or private network)") +
                ", or run the baseline as a separate stage from inside the VPC",
        };
    }
    if (sources.length > 0 && s.vpc !== undefined) {
        // A VPC this run creates has no runner, peering or transit gateway attachment yet.
        return {
            kind: "none",
            detail:
                `EksCluster creates its VPC in this run, so no runner can be in it or connected to it yet: run the baseline as a separate stage from ${sources.join(" or ")} ` +
                "once the network is connected, or bring your own `subnetIds` in the runner's VPC",
        };
    }
    if (sources.length > 0) {
        return {
            kind: "network",
            detail: `the private API endpoint on 443 from ${sources.join(" or ")}, as the deployer role (aws eks get-token --role-arn)`,
        };
    }
    if (s.allowPublicEndpoint) {
        return { kind: "public-endpoint", detail: "the opted-out public endpoint, from the networks in `publicAccessCidrs`, as the deployer role" };
    }
    return {
        kind: "none",
        detail:
            "EksCluster admits no source to the private API endpoint: set `apiAccess.securityGroupIds` (the runner's security group) or " +
            "`apiAccess.cidrs` (a connected private network), or run the baseline as a separate stage from inside the VPC",
    };
}

/**
 * The names RBAC subjects must use on this cluster, in the shape of the in-cluster layer's
 * ClusterIdentity (components/kubernetes/identities.ts). People signing in through the OIDC identity
 * provider config get `usernamePrefix` + the username claim and `groupsPrefix` + each group claim
 * (EKS API, OidcIdentityProviderConfigRequest). Without OIDC (`allowIamOnlyUsers`), people are IAM
 * principals mapped by access entries, which this component gives no Kubernetes groups, so a
 * User or Group subject binds nobody.
 */
export interface EksSubjectNames {
    readonly cloud: "aws";
    /** Absent without an OIDC identity provider. */
    readonly oidc?: { readonly usernamePrefix: string; readonly groupsPrefix: string };
}

export function eksSubjectNames(s: Pick<ResolvedEksArgs, "oidc">): EksSubjectNames {
    return s.oidc ? { cloud: "aws", oidc: { usernamePrefix: s.oidc.usernamePrefix, groupsPrefix: s.oidc.groupsPrefix } } : { cloud: "aws" };
}
