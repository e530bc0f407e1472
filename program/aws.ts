/**
 * The AWS cloud layer of the program: an EksCluster from the stack's `hcb:cluster` object
 * (validated by resolveEksArgs, which names every wrong field and its fix), handed on as a
 * DeployedCluster for the in-cluster baseline.
 */
import { EksCluster, EksClusterArgs } from "../components/aws";
import { DeployedCluster } from "./types";

export function deployEks(cluster: Record<string, unknown>): DeployedCluster {
    const eks = new EksCluster("eks", cluster as unknown as EksClusterArgs);
    return {
        cloud: "aws",
        provider: eks.provider,
        // Placeholder until the cloud layer declares its path (issue 13): no path, so staged runs.
        reach: { kind: "none", detail: "no reach path declared yet" },
        kubeconfig: eks.kubeconfig,
        outputs: {
            clusterName: eks.clusterName,
            endpoint: eks.cluster.endpoint,
            secretsKeyArn: eks.secretsKeyArn,
            logGroupName: eks.logGroup.name,
            nodeRoleArn: eks.nodeRole.arn,
            oidcProviderArn: eks.oidcProvider?.arn,
            oidcIssuer: eks.cluster.identities.apply(ids => ids?.[0]?.oidcs?.[0]?.issuer),
            vpcId: eks.vpcId,
        },
    };
}
