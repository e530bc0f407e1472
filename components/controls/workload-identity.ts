/**
 * The credential endpoints each cloud's workload identity needs a pod to reach, behind a
 * default-deny egress policy. One table, read by HardenedNamespace (which opens exactly these)
 * and by the pack (which recognises a NetworkPolicy declared as the workload-identity path and
 * flags anything wider, or the endpoints reached outside it).
 *
 * Sources (../shared/notes/deployability.md, "Workload identity behind a default-deny egress policy"):
 * - EKS Pod Identity: the agent's link-local address 169.254.170.23 port 80, and fd00:ec2::23 on
 *   IPv6 (AWS docs pod-id-agent-setup.adoc; the agent's hostNetwork ports). IRSA instead calls
 *   STS over HTTPS: an `allow` rule to the STS VPC endpoint's subnet, not this table.
 * - GKE Workload Identity Federation: the GKE metadata server, 169.254.169.254 port 80 on GKE
 *   Dataplane V2, and 169.254.169.252 port 988 (GKE 1.21.0-gke.1000 and later without Dataplane
 *   V2) (cloud.google.com/kubernetes-engine/docs/how-to/network-policy, "Requirements and
 *   limitations"); both are listed so the rule holds whichever dataplane the cluster runs.
 * - AKS Workload Identity: the Entra token endpoint is an FQDN (login.microsoftonline.com, the
 *   AZURE_AUTHORITY_HOST default; MicrosoftDocs/azure-aks-docs workload-identity-overview.md),
 *   which a Kubernetes NetworkPolicy cannot name: a Cilium FQDN policy or an egress proxy does.
 */

/** A credential endpoint reached by address: one CIDR and its TCP ports. */
export interface CredentialEndpoint {
    readonly cidr: string;
    readonly ports: readonly number[];
}

/** The address endpoints per cloud (AKS has none: its endpoint is an FQDN). */
export const WORKLOAD_IDENTITY_ENDPOINTS: Readonly<Record<"aws" | "gcp" | "azure", readonly CredentialEndpoint[]>> = {
    aws: [
        { cidr: "169.254.170.23/32", ports: [80] },
        { cidr: "fd00:ec2::23/128", ports: [80] },
    ],
    gcp: [
        { cidr: "169.254.169.254/32", ports: [80] },
        { cidr: "169.254.169.252/32", ports: [988] },
    ],
    azure: [],
};

/** The Entra ID token endpoint AKS workload identity gets tokens from (AZURE_AUTHORITY_HOST default). */
export const ENTRA_TOKEN_HOST = "login.microsoftonline.com";

/**
 * Set on the NetworkPolicy that opens the workload-identity path, valued with the cloud
 * ("aws" | "gcp" | "azure"): the pack holds such a policy to exactly that cloud's endpoints.
 */
export const EGRESS_PURPOSE_ANNOTATION = "hardened-cluster-blueprint/egress-purpose";

/** The value of EGRESS_PURPOSE_ANNOTATION for the workload-identity path, per cloud. */
export function workloadIdentityPurpose(cloud: "aws" | "gcp" | "azure"): string {
    return `workload-identity-${cloud}`;
}
