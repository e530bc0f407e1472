/**
 * The AWS cloud layer of the program: an EksCluster from the stack's `hcb:cluster` object
 * (validated by resolveEksArgs, which names every wrong field and its fix), handed on as a
 * DeployedCluster with the reach path its arguments declare and every output a baseline-only stage
 * needs (kubeconfig, endpoint and CA, the cluster security group, the deployer role, the OIDC
 * issuer, the node role, the names RBAC subjects must use).
 */
import { EksCluster, EksClusterArgs, eksApiReach, resolveEksArgs } from "../components/aws";
import { DeployedCluster, ReachPath } from "./types";

/**
 * The reach path the `hcb:cluster` settings declare, decided before anything is registered (the
 * program refuses a one-run stack whose path is `none`). Invalid settings throw EksCluster's
 * InvalidArgsError, naming every field, as the component itself would.
 */
export function reachOf(cluster: Readonly<Record<string, unknown>>): ReachPath {
    const reach = eksApiReach(resolveEksArgs("eks", cluster as Record<string, unknown>));
    return { kind: reach.kind, detail: reach.detail };
}

export function deployEks(cluster: Record<string, unknown>): DeployedCluster {
    const eks = new EksCluster("eks", cluster as unknown as EksClusterArgs);
    const names = eks.subjectNames;
    return {
        cloud: "aws",
        provider: eks.provider,
        reach: { kind: eks.reach.kind, detail: eks.reach.detail },
        kubeconfig: eks.kubeconfig,
        outputs: {
            clusterName: eks.clusterName,
            endpoint: eks.endpoint,
            certificateAuthorityData: eks.certificateAuthorityData,
            region: eks.region,
            clusterSecurityGroupId: eks.clusterSecurityGroupId,
            kubeconfigRoleArn: eks.kubeconfigRoleArn,
            secretsKeyArn: eks.secretsKeyArn,
            logGroupName: eks.logGroup.name,
            nodeRoleArn: eks.nodeRole.arn,
            oidcProviderArn: eks.oidcProvider?.arn,
            oidcIssuer: eks.oidcIssuer,
            vpcId: eks.vpcId,
            subnetIds: eks.subnetIds,
            // The names RBAC subjects must take for OIDC sign-in (absent: IAM principals only).
            ...(names.oidc ? { oidcUsernamePrefix: names.oidc.usernamePrefix, oidcGroupsPrefix: names.oidc.groupsPrefix } : {}),
        },
    };
}
