/**
 * The kubeconfig of an EKS cluster: short-lived tokens from `aws eks get-token` (IAM), never a
 * static credential. The caller wraps it in `pulumi.secret`.
 */

export interface KubeconfigParts {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
    readonly region: string;
    /**
     * The role the token is for (`aws eks get-token --role-arn`, create-kubeconfig.adoc): a role
     * with an access entry, since the caller of `pulumi up` has none (creator admin is off).
     */
    readonly roleArn: string;
}

export function eksKubeconfig(p: KubeconfigParts): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: p.clusterName, cluster: { server: p.endpoint, "certificate-authority-data": p.certificateAuthorityData } }],
        contexts: [{ name: p.clusterName, context: { cluster: p.clusterName, user: p.clusterName } }],
        "current-context": p.clusterName,
        users: [{
            name: p.clusterName,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token", "--cluster-name", p.clusterName, "--region", p.region, "--role-arn", p.roleArn, "--output", "json"],
                    interactiveMode: "Never",
                },
            },
        }],
    });
}
