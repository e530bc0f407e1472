/**
 * GkeCluster: a private, encrypted, audited GKE Standard cluster with hardened node pools, and a
 * Kubernetes provider for the in-cluster layer. Every setting is the secure one unless a named
 * opt-out says otherwise, and every opt-out stays visible to the policy pack.
 */
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TOKENS } from "../tokens";
import { GkeClusterArgs, ResolvedGkeArgs } from "./args";
import { resolveGkeArgs } from "./resolve";
import { createBinaryAuthorizationPolicy } from "./binary-authorization";
import { createBootDiskKeyGrant, createSecretsKey } from "./encryption";
import { createWebhookFirewall } from "./firewall";
import { GkeIdentityConfig } from "./identities";
import { createProjectPrerequisites } from "./project";
import { createSharedVpcGrants } from "./shared-vpc";
import { createDataAccessAudit, createNodeIdentity } from "./identity";
import { gkeKubeconfigOf } from "./kubeconfig";
import { createGkeNetwork } from "./network";
import { createGkeNodePools, hardenedGkeNodeConfig } from "./nodes";

/** Control-plane log components the component exports (the pack requires SYSTEM_COMPONENTS and APISERVER). */
export const GKE_LOG_COMPONENTS: readonly string[] = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];

/**
 * How the control plane is reached. The DNS endpoint (on by default) takes Google credentials
 * only, checked by IAM, so Kubernetes tokens and certificates are never served on it. IP endpoints
 * stay private (CIS GKE 5.6.4), behind authorized networks that also apply to the private
 * endpoint (`privateEndpointEnforcementEnabled`; an empty list admits no range beyond the
 * cluster's own), or are off (DNS only: Google's best practice, network-isolation concept page).
 */
export function controlPlaneEndpoints(args: ResolvedGkeArgs): Partial<gcp.container.ClusterArgs> {
    const dnsEndpointConfig = args.dnsEndpoint ? { allowExternalTraffic: true, enableK8sTokensViaDns: false, enableK8sCertsViaDns: false } : { allowExternalTraffic: false };
    if (!args.ipEndpoints) {
        return {
            privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: args.masterIpv4CidrBlock },
            controlPlaneEndpointsConfig: { dnsEndpointConfig, ipEndpointsConfig: { enabled: false } },
        };
    }
    return {
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
            privateEndpointEnforcementEnabled: true,
        },
        controlPlaneEndpointsConfig: { dnsEndpointConfig, ipEndpointsConfig: { enabled: true } },
    };
}

/**
 * Cluster properties GKE rewrites after creation, ignored on update as the anchor does
 * (beta-private-cluster/cluster.tf `ignore_changes = [node_pool, initial_node_count]`): `nodeConfig`
 * shapes only the removed default pool, and the API then reads back another pool's settings, a
 * ForceNew diff (TPG node_config.go) that would replace the cluster, or fail under deletion
 * protection, on the next `pulumi up`.
 */
export const GKE_CLUSTER_IGNORE_CHANGES: readonly string[] = ["nodeConfig", "initialNodeCount", "nodePools"];

/** How the runner reaches the API server, as program/types.ts ReachPath declares it. */
export interface GkeReach {
    readonly kind: "dns-endpoint" | "public-endpoint" | "none";
    readonly detail: string;
}

export function gkeReachOf(args: ResolvedGkeArgs): GkeReach {
    if (args.dnsEndpoint) {
        return { kind: "dns-endpoint", detail: "GKE's DNS-based control-plane endpoint: the runner needs Google credentials with container.clusters.connect (roles/container.developer or a custom role) and gke-gcloud-auth-plugin." };
    }
    if (args.allowPublicEndpoint) {
        return { kind: "public-endpoint", detail: `the public IP endpoint, open to ${args.masterAuthorizedNetworks.map(n => n.cidrBlock).join(", ")}: the runner must connect from one of them.` };
    }
    return { kind: "none", detail: "the private IP endpoint only: run the in-cluster layer from inside the VPC (or a peered network) in another stage, or turn `dnsEndpoint` back on." };
}

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
        ...controlPlaneEndpoints(args),
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
        // CIS GKE 5.6.1 / Checkov CKV_GCP_74: same-node pod traffic goes through the VPC (flow logs, firewall).
        enableIntranodeVisibility: args.intranodeVisibility,
        // Misconfiguration and vulnerability findings of workloads (GKE security posture dashboard).
        securityPostureConfig: { mode: "BASIC" },
        // Upgrades stay automatic, at a known time (maintenance-windows-and-exclusions).
        maintenancePolicy: {
            recurringWindow: { ...args.maintenanceWindow },
            ...(args.maintenanceExclusions.length
                ? {
                      maintenanceExclusions: args.maintenanceExclusions.map(e => ({
                          exclusionName: e.name,
                          startTime: e.startTime,
                          endTime: e.endTime,
                          exclusionOptions: { scope: e.scope ?? "NO_UPGRADES" },
                      })),
                  }
                : {}),
        },
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
        nodeConfig: hardenedGkeNodeConfig(refs.nodeServiceAccount, args),
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
    /** The control-plane endpoint the kubeconfig uses (the DNS endpoint, or the private IP). */
    public readonly endpoint: pulumi.Output<string>;
    /** The DNS-based endpoint's name, when it is on (undefined otherwise). */
    public readonly dnsEndpoint: pulumi.Output<string | undefined>;
    /** A kubeconfig using gke-gcloud-auth-plugin, as a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A Kubernetes provider bound to this cluster, for the in-cluster layer. */
    public readonly provider: k8s.Provider;
    /** How the machine that runs `pulumi up` reaches the API server. */
    public readonly reach: GkeReach;
    /** How RBAC subjects name people on this cluster (for gkeSubjectProblems). */
    public readonly identity: GkeIdentityConfig;
    /** The nodes' service account email. */
    public readonly nodeServiceAccount: pulumi.Output<string>;
    /** The Cloud KMS key encrypting Secrets. */
    public readonly secretsKeyName: pulumi.Output<string>;
    /** The Workload Identity pool, `<project>.svc.id.goog`. */
    public readonly workloadPool: pulumi.Output<string>;
    /** The project id. */
    public readonly projectId: pulumi.Output<string>;
    /** The project's Binary Authorization policy, when this stack manages it (`binaryAuthorizationPolicy`). */
    public readonly binaryAuthorizationPolicy: gcp.binaryauthorization.Policy | undefined;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before super(): bad arguments register nothing, not even this component, and
        // the raw arguments are never recorded as its inputs: only the named opt-outs are, so the
        // policy pack reports their reasons.
        const resolved = resolveGkeArgs(args);
        super(TOKENS.gkeCluster, name, Object.keys(resolved.optOuts).length > 0 ? { optOuts: resolved.optOuts } : {}, opts);
        const parent = this;

        const project = gcp.organizations.getProjectOutput(resolved.project ? { projectId: resolved.project } : {}, { parent });
        const projectId = project.apply(p => resolved.project ?? p.projectId ?? "");
        const workloadPool = pulumi.interpolate`${projectId}.svc.id.goog`;

        const prerequisites = createProjectPrerequisites(name, resolved, projectId, parent);
        const network = createGkeNetwork(name, resolved, parent);
        const key = createSecretsKey(name, resolved, project.number, prerequisites.ready, parent);
        const identity = createNodeIdentity(name, resolved, projectId, parent);
        const bootDiskGrant = createBootDiskKeyGrant(name, resolved, project.number, prerequisites.ready, parent);
        const hostGrants = createSharedVpcGrants(name, resolved, project.number, prerequisites.ready, parent);
        createDataAccessAudit(name, resolved, projectId, parent);
        createWebhookFirewall(name, resolved, network.network, identity.email, parent);
        this.binaryAuthorizationPolicy = createBinaryAuthorizationPolicy(name, resolved, projectId, prerequisites.ready, parent);

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
            // The APIs, the key grant and the host project's grants must exist before GKE first uses them.
            {
                parent,
                protect: resolved.protect,
                ignoreChanges: [...GKE_CLUSTER_IGNORE_CHANGES],
                dependsOn: [...prerequisites.ready, ...(key.grant ? [key.grant] : []), ...identity.grants, ...hostGrants, ...(bootDiskGrant ? [bootDiskGrant] : [])],
            },
        );
        this.nodePools = createGkeNodePools(name, resolved, this.cluster, identity.email, [...identity.grants, ...(bootDiskGrant ? [bootDiskGrant] : [])], parent);

        const dns = this.cluster.controlPlaneEndpointsConfig.apply(c => c?.dnsEndpointConfig?.endpoint);
        const ca = this.cluster.masterAuth.apply(m => m?.clusterCaCertificate);
        this.clusterName = this.cluster.name;
        this.dnsEndpoint = resolved.dnsEndpoint ? dns : pulumi.output(undefined);
        this.endpoint = resolved.dnsEndpoint ? pulumi.all([dns, this.cluster.endpoint]).apply(([d, ip]) => d ?? ip) : this.cluster.endpoint;
        this.kubeconfig = gkeKubeconfigOf(this.cluster.name, this.cluster.endpoint, ca, resolved.dnsEndpoint ? dns : undefined);
        // No workload is deployed through the provider before the policy that admits it is in place.
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent, dependsOn: [...this.nodePools, ...(this.binaryAuthorizationPolicy ? [this.binaryAuthorizationPolicy] : [])] });
        this.reach = gkeReachOf(resolved);
        this.identity = resolved.rbacSecurityGroup ? { securityGroup: resolved.rbacSecurityGroup } : {};
        this.nodeServiceAccount = pulumi.output(identity.email);
        this.secretsKeyName = pulumi.output(key.keyName);
        this.workloadPool = workloadPool;
        this.projectId = projectId;

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            dnsEndpoint: this.dnsEndpoint,
            kubeconfig: this.kubeconfig,
            nodeServiceAccount: this.nodeServiceAccount,
            secretsKeyName: this.secretsKeyName,
            workloadPool: this.workloadPool,
            projectId: this.projectId,
        });
    }
}
