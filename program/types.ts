import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";

export type Cloud = "aws" | "gcp" | "azure";

/**
 * How the machine that runs `pulumi up` reaches the new cluster's API server, as the cloud layer
 * declares it (issue 13). The program chains the in-cluster baseline onto the cluster in the same
 * run only when the path reaches the API from the runner; otherwise it refuses before anything is
 * registered and names the options (a staged run, or one of these paths).
 * - `dns-endpoint`: GKE's DNS-based control-plane endpoint, reachable from anywhere, gated by IAM.
 * - `network`: the runner sits in, or is connected to, the cluster's network, declared by the stack
 *   (EKS: security groups / private CIDRs admitted to 443 on the cluster security group; AKS: a
 *   runner in the VNet), so the API is reached without a public endpoint.
 * - `gitops`: the baseline is delivered by an in-cluster agent (AKS Flux extension), no path needed.
 * - `public-endpoint`: an explicitly opted-out public endpoint, still visible to the pack.
 * - `none`: no declared path: the baseline must run in another stage.
 */
export interface ReachPath {
    readonly kind: "dns-endpoint" | "network" | "gitops" | "public-endpoint" | "none";
    /** One line for messages and the plan: what the path is and what it needs from the runner. */
    readonly detail: string;
}

/** What a cloud hands the in-cluster layer: a provider for the new cluster, and stack outputs. */
export interface DeployedCluster {
    /** The cloud the cluster runs on (decides how people's identities are written in RBAC subjects). */
    readonly cloud: Cloud;
    /** A provider bound to the new cluster's kubeconfig (which uses the declared reach path and identity). */
    readonly provider: k8s.Provider;
    /** The kubeconfig, as a secret. */
    readonly kubeconfig: pulumi.Output<string>;
    /** How the runner reaches the API server. */
    readonly reach: ReachPath;
    /** Stack outputs of the cloud layer (names, endpoints, identities): everything a baseline-only stage needs. */
    readonly outputs: Readonly<Record<string, pulumi.Input<unknown>>>;
}

/**
 * What program/<cloud>.ts offers the program. `reachOf` decides the reach path from the plain
 * `hcb:cluster` settings, before anything is registered, so that a one-run stack with no path is
 * refused before the cloud layer creates anything; `deploy` builds the cluster, and its
 * DeployedCluster's `reach` must be the same path. A cloud module that does not export `reachOf`
 * yet is taken as declaring no path (NO_REACH_DECLARED): staged runs only.
 */
export interface CloudModule {
    readonly reachOf: (cluster: Readonly<Record<string, unknown>>) => ReachPath;
    /** `baseline` is the stack's `hcb:baseline` when the same stack holds it (GKE opens its add-ons' webhook ports). */
    readonly deploy: (cluster: Record<string, unknown>, baseline?: Readonly<Record<string, unknown>>) => DeployedCluster;
}

/** The path of a cloud module that declares none. */
export const NO_REACH_DECLARED: ReachPath = { kind: "none", detail: "the cloud layer declares no reach path" };
