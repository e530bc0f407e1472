/**
 * The kubeconfig of a GKE cluster: short-lived Google credentials from gke-gcloud-auth-plugin on
 * every call, never a static token or client certificate. It names the private endpoint, or the
 * DNS-based endpoint when that is on (its certificate is publicly trusted, so no CA is pinned).
 */
import * as pulumi from "@pulumi/pulumi";

export interface KubeconfigInputs {
    readonly contextName: string;
    readonly server: string;
    /** Base64 CA of the IP endpoint; omitted for the DNS endpoint. */
    readonly caData?: string;
}

export function renderGkeKubeconfig(k: KubeconfigInputs): string {
    const cluster: Record<string, unknown> = { server: k.server };
    if (k.caData) {
        cluster["certificate-authority-data"] = k.caData;
    }
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: k.contextName, cluster }],
        contexts: [{ name: k.contextName, context: { cluster: k.contextName, user: k.contextName } }],
        "current-context": k.contextName,
        users: [
            {
                name: k.contextName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

/** The kubeconfig as a secret output. */
export function gkeKubeconfigOf(
    contextName: pulumi.Input<string>,
    endpoint: pulumi.Input<string | undefined>,
    caData: pulumi.Input<string | undefined>,
    dnsEndpoint: pulumi.Input<string | undefined> | undefined,
): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.all([contextName, endpoint, caData, dnsEndpoint]).apply(([name, ip, ca, dns]) =>
            dns ? renderGkeKubeconfig({ contextName: name, server: `https://${dns}` }) : renderGkeKubeconfig({ contextName: name, server: `https://${ip ?? ""}`, ...(ca ? { caData: ca } : {}) }),
        ),
    );
}
