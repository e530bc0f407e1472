/**
 * EksCluster: a private, encrypted, audited EKS cluster. Defaults are the secure union of the
 * best anchors (terraform-aws-eks v21 plus API authentication, no creator admin, Pod Identity,
 * VPC CNI network policies; shared/notes/cloud-controls.md §5); every weakening is a named
 * argument the policy pack still sees.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EKS_ADDONS, EKS_AUTHENTICATION_MODE, EKS_LOG_TYPES, eksFlowLogGroupName, eksLogGroupName } from "../controls/eks";
import { TOKENS } from "../tokens";
import { EksClusterArgs, ResolvedEksArgs } from "./args";
import { resolveEksArgs } from "./resolve";
import { createLogGroup, createSecretsKey } from "./encryption";
import {
    createAccessEntries,
    createClusterRole,
    createIdentityProvider,
    createGuardDutyFeatures,
    createIrsaProvider,
    irsaTrustPolicy,
} from "./identity";
import { eksKubeconfig } from "./kubeconfig";
import { createFlowLogs, createPrivateNetwork } from "./network";
import { EksApiReach, EksSubjectNames, eksApiReach, eksSubjectNames } from "./reach";
import { createNodeGroup, createNodeRole } from "./nodes";

/** The VPC CNI configuration that turns on its NetworkPolicy agent (VPC CNI >= 1.14). */
export const VPC_CNI_NETWORK_POLICY_CONFIG = JSON.stringify({ enableNetworkPolicy: "true" });

/** A service account bound to an IAM role through EKS Pod Identity. */
export interface ServiceAccountBinding {
    readonly namespace: string;
    readonly serviceAccount: string;
    /** A role whose trust policy is `podIdentityTrustPolicy()`. */
    readonly roleArn: pulumi.Input<string>;
}

/**
 * A private, encrypted, audited EKS cluster with managed node groups, its kubeconfig (secret) and a
 * Kubernetes provider for the in-cluster layer. Arguments are validated before anything is
 * registered (`resolveEksArgs`).
 */
export class EksCluster extends pulumi.ComponentResource {
    /** The arguments after defaults, as validated. */
    public readonly settings: ResolvedEksArgs;
    public readonly cluster: aws.eks.Cluster;
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig using `aws eks get-token --role-arn <deployer or break-glass role>`; a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** The role the kubeconfig assumes: `deployerRoleArn`, else `adminRoleArn`. */
    public readonly kubeconfigRoleArn: pulumi.Output<string>;
    /** How a runner reaches the private API, as the arguments declare it (see EksApiReach). */
    public readonly reach: EksApiReach;
    /** The names RBAC subjects must use for people signing in through OIDC (the IdP config's prefixes). */
    public readonly subjectNames: EksSubjectNames;
    /** The cluster security group EKS creates (`vpcConfig.clusterSecurityGroupId`); `apiAccess` rules are on it. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    public readonly endpoint: pulumi.Output<string>;
    /** The API server's CA bundle, base64 (as in a kubeconfig). */
    public readonly certificateAuthorityData: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL (IRSA). */
    public readonly oidcIssuer: pulumi.Output<string | undefined>;
    public readonly region: pulumi.Output<string>;
    /** A Kubernetes provider for this cluster, ready once the admin access entry and nodes exist. */
    public readonly provider: k8s.Provider;
    public readonly secretsKeyArn: pulumi.Output<string>;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly nodeRole: aws.iam.Role;
    public readonly nodeGroups: readonly aws.eks.NodeGroup[];
    public readonly oidcProvider?: aws.iam.OpenIdConnectProvider;
    public readonly vpcId?: pulumi.Output<string>;
    public readonly subnetIds: pulumi.Output<string[]>;
    private readonly resourceName: string;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before super(): bad arguments register nothing, not even this component.
        const settings = resolveEksArgs(name, args);
        super(TOKENS.eksCluster, name, {}, opts);
        this.settings = settings;
        this.resourceName = name;
        const s = settings;
        const parent = this;

        const partition = aws.getPartitionOutput({}, { parent }).partition;
        const network = s.vpc ? createPrivateNetwork(name, s.vpc, s.podIdentity, s.tags, parent) : undefined;
        const subnetIds = network ? pulumi.output(network.subnetIds) : pulumi.output(s.subnetIds!).apply(ids => [...ids]);
        const flowLogsOn = network !== undefined && s.vpc!.flowLogs;

        const key = createSecretsKey(name, s, [eksLogGroupName(s.clusterName), ...(flowLogsOn ? [eksFlowLogGroupName(s.clusterName)] : [])], parent);
        const logGroup = createLogGroup(name, s, key.keyArn, parent);
        const clusterRole = createClusterRole(name, key.keyArn, partition, s.tags, parent);
        if (flowLogsOn) {
            createFlowLogs(name, network!.vpcId, s, key.keyArn, parent);
        }

        const cluster = new aws.eks.Cluster(`${name}-cluster`, {
            name: s.clusterName,
            version: s.kubernetesVersion,
            roleArn: clusterRole.role.arn,
            vpcConfig: {
                subnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: s.allowPublicEndpoint,
                ...(s.allowPublicEndpoint ? { publicAccessCidrs: [...s.publicAccessCidrs] } : {}),
            },
            encryptionConfig: { provider: { keyArn: key.keyArn }, resources: ["secrets"] },
            enabledClusterLogTypes: [...EKS_LOG_TYPES],
            accessConfig: { authenticationMode: EKS_AUTHENTICATION_MODE, bootstrapClusterCreatorAdminPermissions: false },
            // Add-ons come from the EKS add-on API below (versioned, with our configuration).
            bootstrapSelfManagedAddons: false,
            deletionProtection: s.deletionProtection,
            upgradePolicy: { supportType: s.upgradePolicy },
            tags: s.tags,
        }, { parent, protect: s.protect, dependsOn: [logGroup, ...clusterRole.dependencies] });
        const clusterName = cluster.name;
        const clusterSecurityGroupId = cluster.vpcConfig.apply(v => v.clusterSecurityGroupId);

        // The way into the private endpoint: 443 on the cluster security group from the named
        // sources (cluster-endpoint.adoc, "Accessing a private only API server").
        const apiRules: pulumi.Resource[] = [
            ...s.apiAccess.securityGroupIds.map((sg, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-api-sg-${i}`, {
                securityGroupId: clusterSecurityGroupId,
                referencedSecurityGroupId: sg,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Kubernetes API from an admitted security group",
                tags: s.tags,
            }, { parent })),
            ...s.apiAccess.cidrs.map((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-api-cidr-${i}`, {
                securityGroupId: clusterSecurityGroupId,
                ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Kubernetes API from an admitted private network",
                tags: s.tags,
            }, { parent })),
        ];

        // Each add-on at the version pinned, else the one EKS marks default for the cluster's
        // version: computed from `cluster.version`, so an upgrade moves every add-on with it.
        const addonVersion = (addonName: string): pulumi.Input<string> =>
            s.addonVersions[addonName] ?? aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: cluster.version }, { parent }).version;
        const addon = (role: string, addonName: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[] = []) =>
            new aws.eks.Addon(`${name}-${role}`, {
                clusterName,
                addonName,
                addonVersion: addonVersion(addonName),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags: s.tags,
                ...extra,
            }, { parent, dependsOn });
        const vpcCni = addon("vpc-cni", EKS_ADDONS.vpcCni, { configurationValues: VPC_CNI_NETWORK_POLICY_CONFIG });
        const kubeProxy = addon("kube-proxy", EKS_ADDONS.kubeProxy, {});
        if (s.podIdentity) {
            addon("pod-identity-agent", EKS_ADDONS.podIdentityAgent, {});
        }

        const accessEntries = createAccessEntries(name, s, clusterName, partition, parent);
        createIdentityProvider(name, s, clusterName, parent);
        this.oidcProvider = s.irsa ? createIrsaProvider(name, cluster, s.tags, parent) : undefined;
        if (s.guardDuty) {
            createGuardDutyFeatures(name, s.guardDuty, parent);
        }

        const nodeRole = createNodeRole(name, partition, s.tags, parent);
        const nodeGroups = s.nodeGroups.map(g =>
            createNodeGroup(name, g, {
                clusterName,
                kubernetesVersion: cluster.version,
                nodeRoleArn: nodeRole.role.arn,
                subnetIds,
                tags: s.tags,
                dependsOn: [...nodeRole.attachments, vpcCni, kubeProxy, ...(network?.endpoints ?? [])],
            }, parent),
        );
        if (nodeGroups.length > 0) {
            // CoreDNS needs nodes to schedule on; without node groups the user brings compute.
            addon("coredns", EKS_ADDONS.coreDns, {}, nodeGroups);
        }

        const region = aws.getRegionOutput({}, { parent }).region;
        this.kubeconfigRoleArn = pulumi.output(s.deployerRoleArn ?? s.adminRoleArn);
        this.endpoint = cluster.endpoint;
        this.certificateAuthorityData = cluster.certificateAuthority.apply(ca => ca?.data ?? "");
        this.kubeconfig = pulumi.secret(
            pulumi.all([clusterName, cluster.endpoint, this.certificateAuthorityData, region, this.kubeconfigRoleArn]).apply(([n, endpoint, ca, r, roleArn]) =>
                eksKubeconfig({ clusterName: n, endpoint: endpoint ?? "", certificateAuthorityData: ca, region: r, roleArn }),
            ),
        );
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent, dependsOn: [...accessEntries, ...nodeGroups, ...apiRules] });

        this.reach = eksApiReach(s);
        this.subjectNames = eksSubjectNames(s);
        this.cluster = cluster;
        this.clusterName = clusterName;
        this.clusterSecurityGroupId = clusterSecurityGroupId;
        this.oidcIssuer = cluster.identities.apply(ids => ids?.[0]?.oidcs?.[0]?.issuer);
        this.region = region;
        this.secretsKeyArn = key.keyArn;
        this.logGroup = logGroup;
        this.nodeRole = nodeRole.role;
        this.nodeGroups = nodeGroups;
        this.vpcId = network?.vpcId;
        this.subnetIds = subnetIds;
        this.registerOutputs({
            clusterName,
            kubeconfig: this.kubeconfig,
            kubeconfigRoleArn: this.kubeconfigRoleArn,
            clusterSecurityGroupId,
            secretsKeyArn: this.secretsKeyArn,
            logGroupName: logGroup.name,
            oidcProviderArn: this.oidcProvider?.arn,
            vpcId: this.vpcId,
        });
    }

    /**
     * Binds a Kubernetes service account to an IAM role through EKS Pod Identity (the role must
     * trust `pods.eks.amazonaws.com`: `podIdentityTrustPolicy()`). Needs `podIdentity: true`.
     */
    bindServiceAccount(bindingName: string, binding: ServiceAccountBinding): aws.eks.PodIdentityAssociation {
        if (!this.settings.podIdentity) {
            throw new pulumi.ResourceError(
                "`podIdentity` must be true to bind service accounts with EKS Pod Identity: set `podIdentity: true`, or use `irsaTrustPolicy()` for IRSA.",
                this,
            );
        }
        return new aws.eks.PodIdentityAssociation(`${this.resourceName}-${bindingName}`, {
            clusterName: this.clusterName,
            namespace: binding.namespace,
            serviceAccount: binding.serviceAccount,
            roleArn: binding.roleArn,
            tags: this.settings.tags,
        }, { parent: this });
    }

    /**
     * The trust policy of an IAM role for one service account through IRSA; annotate the service
     * account with `eks.amazonaws.com/role-arn: <role ARN>`. Needs `irsa: true`.
     */
    irsaTrustPolicy(namespace: string, serviceAccount: string): pulumi.Output<string> {
        const provider = this.oidcProvider;
        if (!provider) {
            throw new pulumi.ResourceError("`irsa` must be true to trust service accounts through IRSA: set `irsa: true`, or use `bindServiceAccount()`.", this);
        }
        return pulumi.all([provider.arn, provider.url]).apply(([arn, url]) => irsaTrustPolicy(arn, url, namespace, serviceAccount));
    }

}
