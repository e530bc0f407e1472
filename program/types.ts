import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";

export type Cloud = "aws" | "gcp" | "azure";

/** What a cloud hands the in-cluster layer: a provider for the new cluster, and stack outputs. */
export interface DeployedCluster {
    /** A provider bound to the new cluster's kubeconfig. */
    readonly provider: k8s.Provider;
    /** The kubeconfig, as a secret. */
    readonly kubeconfig: pulumi.Output<string>;
    /** Stack outputs of the cloud layer (names, endpoints, identities). */
    readonly outputs: Readonly<Record<string, pulumi.Input<unknown>>>;
}
