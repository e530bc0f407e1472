/**
 * GkeCluster: a private, encrypted, audited GKE Standard cluster with hardened node pools, and a
 * Kubernetes provider for the in-cluster layer. Every setting is the secure one unless a named
 * opt-out says otherwise, and every opt-out stays visible to the policy pack.
 */
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TOKENS } from "../tokens";
import { GkeClusterArgs, ResolvedGkeArgs, resolveGkeArgs } from "./args";
import { createSecretsKey } from "./encryption";
import { createDataAccessAudit, createNodeIdentity } from "./identity";
import { gkeKubeconfigOf } from "./kubeconfig";
import { createGkeNetwork } from "./network";
import { createGkeNodePools, hardenedGkeNodeConfig } from "./nodes";

/** Control-plane log components the component exports (the pack requires SYSTEM_COMPONENTS and APISERVER). */
export const GKE_LOG_COMPONENTS: readonly string[] = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];

/** The `gcp.container.Cluster` inputs for resolved args; pure, so tests can pin them. */
export function gkeClusterInputs(
    args: ResolvedGkeArgs,
    refs: {
        readonly network: pulumi.Input<string>;
        readonly subnetwork: pulumi.Input<string>;
        readonly podsRangeName: string;
        readonly servicesRangeName: string;
        readonly keyName: pulumi.Input<string>;
        readonly workloadPool: pulumi.Input<string>;
        readonly nodeServiceAccount: pulumi.Input<string>;
    },
): gcp.container.ClusterArgs {
    return {
        project: args.project,
        location: args.location,
        network: refs.network,
        subnetwork: refs.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: refs.podsRangeName, servicesSecondaryRangeName: refs.servicesRangeName },
        // CIS GKE 5.6.3-5.6.5: private nodes and endpoint, authorized networks (empty: no external access).
        privateClusterConfig: {
            enablePrivateNodes: true,
            enablePrivateEndpoint: !args.allowPublicEndpoint,
            masterIpv4CidrBlock: args.masterIpv4CidrBlock,
            masterGlobalAccessConfig: { enabled: args.masterGlobalAccess },
        },
        masterAuthorizedNetworksConfig: {
            cidrBlocks: args.masterAuthorizedNetworks.map(n => ({ cidrBlock: n.cidrBlock, ...(n.displayName ? { displayName: n.displayName } : {}) })),
            gcpPublicCidrsAccessEnabled: false,
        },
        ...(args.dnsEndpoint ? { controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } } } : {}),
        // CIS GKE 5.3.1.
        databaseEncryption: { state: "ENCRYPTED", keyName: refs.keyName },
        // CIS GKE 5.2.2.
        workloadIdentityConfig: { workloadPool: refs.workloadPool },
        // CIS GKE 5.8.1 / 5.8.3; insecure bindings and anonymous access (GKE hardening guide).
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        rbacBindingConfig: { enableInsecureBindingSystemAuthenticated: false, enableInsecureBindingSystemUnauthenticated: false },
        // The opt-out is written as ENABLED, so the pack sees it rather than a missing block.
        anonymousAuthenticationConfig: { mode: args.limitAnonymousAuthentication ? "LIMITED" : "ENABLED" },
        ...(args.rbacSecurityGroup ? { authenticatorGroupsConfig: { securityGroup: args.rbacSecurityGroup } } : {}),
        // CIS GKE 5.6.7: Dataplane V2 enforces NetworkPolicies.
        datapathProvider: "ADVANCED_DATAPATH",
        // CIS GKE 5.5.5.
        enableShieldedNodes: true,
        // CIS GKE 5.5.4.
        releaseChannel: { channel: args.releaseChannel },
        ...(args.kubernetesVersion ? { minMasterVersion: args.kubernetesVersion } : {}),
        // CIS GKE 5.10.4.
        binaryAuthorization: { evaluationMode: args.enforceBinaryAuthorization ? "PROJECT_SINGLETON_POLICY_ENFORCE" : "DISABLED" },
        // CIS GKE 5.7.1, and the API server's logs.
        loggingConfig: { enableComponents: [...GKE_LOG_COMPONENTS] },
        // CIS GKE 3.2.4 for pools that do not say otherwise.
        nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: "FALSE" } },
        // The default pool is removed, but its nodes boot first: harden them too.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: hardenedGkeNodeConfig(refs.nodeServiceAccount),
        deletionProtection: args.deletionProtection,
        resourceLabels: { ...args.resourceLabels },
    };
}

export class GkeCluster extends pulumi.ComponentResource {
    /** The GKE cluster. */
    public readonly cluster: gcp.container.Cluster;
    /** The node pools, in the order of `nodePools`. */
    public readonly nodePools: readonly gcp.container.NodePool[];
    /** The cluster's name. */
    public readonly clusterName: pulumi.Output<string>;
    /** The control-plane endpoint the kubeconfig uses (private IP, or DNS endpoint). */
    public readonly endpoint: pulumi.Output<string>;
    /** A kubeconfig using gke-gcloud-auth-plugin, as a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A Kubernetes provider bound to this cluster, for the in-cluster layer. */
    public readonly provider: k8s.Provider;
    /** The nodes' service account email. */
    public readonly nodeServiceAccount: pulumi.Output<string>;
    /** The Cloud KMS key encrypting Secrets. */
    public readonly secretsKeyName: pulumi.Output<string>;
    /** The Workload Identity pool, `<project>.svc.id.goog`. */
    public readonly workloadPool: pulumi.Output<string>;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before super(): bad arguments register nothing, not even this component, and
        // the raw arguments are never recorded as its inputs.
        const resolved = resolveGkeArgs(args);
        super(TOKENS.gkeCluster, name, {}, opts);
        const parent = this;

        const project = gcp.organizations.getProjectOutput(resolved.project ? { projectId: resolved.project } : {}, { parent });
        const projectId = project.apply(p => resolved.project ?? p.projectId ?? "");
        const workloadPool = pulumi.interpolate`${projectId}.svc.id.goog`;

        const network = createGkeNetwork(name, resolved, parent);
        const key = createSecretsKey(name, resolved, project.number, parent);
        const identity = createNodeIdentity(name, resolved, projectId, parent);
        createDataAccessAudit(name, resolved, projectId, parent);

        this.cluster = new gcp.container.Cluster(
            `${name}-cluster`,
            gkeClusterInputs(resolved, {
                network: network.network,
                subnetwork: network.subnetwork,
                podsRangeName: network.podsRangeName,
                servicesRangeName: network.servicesRangeName,
                keyName: key.keyName,
                workloadPool,
                nodeServiceAccount: identity.email,
            }),
            // The key grant must exist before GKE first uses the key.
            { parent, protect: resolved.protect, dependsOn: [...(key.grant ? [key.grant] : []), ...identity.grants] },
        );
        this.nodePools = createGkeNodePools(name, resolved, this.cluster, identity.email, identity.grants, parent);

        const dns = resolved.dnsEndpoint ? this.cluster.controlPlaneEndpointsConfig.apply(c => c?.dnsEndpointConfig?.endpoint) : undefined;
        const ca = this.cluster.masterAuth.apply(m => m?.clusterCaCertificate);
        this.clusterName = this.cluster.name;
        this.endpoint = dns ? pulumi.all([dns, this.cluster.endpoint]).apply(([d, ip]) => d ?? ip) : this.cluster.endpoint;
        this.kubeconfig = gkeKubeconfigOf(this.cluster.name, this.cluster.endpoint, ca, dns);
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent, dependsOn: [...this.nodePools] });
        this.nodeServiceAccount = pulumi.output(identity.email);
        this.secretsKeyName = pulumi.output(key.keyName);
        this.workloadPool = workloadPool;

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            nodeServiceAccount: this.nodeServiceAccount,
            secretsKeyName: this.secretsKeyName,
            workloadPool: this.workloadPool,
        });
    }
}
