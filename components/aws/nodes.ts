/**
 * Managed node groups, each through a launch template the component owns: IMDSv2 required with
 * hop limit 1 (pods cannot reach the node's credentials), encrypted volumes, no SSH key, no public
 * IP, AL2023 or Bottlerocket, in the private subnets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedNodeGroup } from "./args";
import { managedPolicyArn } from "./identity";

/**
 * The node role's AWS managed policies: join the cluster, pull images (read-only), run the VPC
 * CNI. No AmazonSSMManagedInstanceCore: nodes are not reachable through SSM Session Manager (nor
 * SSH); node access goes through the Kubernetes API (a debug pod), which RBAC and audit logs cover.
 */
export const NODE_ROLE_POLICIES: readonly string[] = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
];

/**
 * The EKS node group name prefix: the provider appends a 26-character unique suffix, so a node
 * group that must be replaced (instance types, AMI type, capacity type, subnets and node role are
 * ForceNew in terraform-provider-aws internal/service/eks/node_group.go) is created next to the old
 * one, as Pulumi replaces (create, then delete), without a name collision. The prefix may be 37
 * characters (63 minus the suffix, same file).
 */
export function nodeGroupNamePrefix(groupName: string): string {
    return `${groupName}-`;
}

export function createNodeRole(name: string, partition: pulumi.Input<string>, tags: Readonly<Record<string, string>>, parent: pulumi.Resource) {
    const role = new aws.iam.Role(`${name}-node-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags,
    }, { parent });
    const attachments = NODE_ROLE_POLICIES.map(policyName =>
        new aws.iam.RolePolicyAttachment(`${name}-node-${policyName}`, { role: role.name, policyArn: managedPolicyArn(partition, policyName) }, { parent }),
    );
    return { role, attachments };
}

/** The block devices to encrypt: AL2023 boots from /dev/xvda; Bottlerocket has an OS and a data volume. */
export function nodeVolumes(group: ResolvedNodeGroup): aws.types.input.ec2.LaunchTemplateBlockDeviceMapping[] {
    const ebs = (volumeSize: number) => ({
        encrypted: "true",
        volumeSize,
        volumeType: "gp3",
        deleteOnTermination: "true",
        ...(group.volumeKmsKeyArn !== undefined ? { kmsKeyId: group.volumeKmsKeyArn } : {}),
    });
    return group.amiType.startsWith("BOTTLEROCKET_")
        ? [{ deviceName: "/dev/xvda", ebs: ebs(4) }, { deviceName: "/dev/xvdb", ebs: ebs(group.diskSizeGiB) }]
        : [{ deviceName: "/dev/xvda", ebs: ebs(group.diskSizeGiB) }];
}

export function createNodeGroup(
    name: string,
    group: ResolvedNodeGroup,
    ctx: {
        readonly clusterName: pulumi.Input<string>;
        /** The control plane's version: node groups follow it (AWS does not upgrade them with it). */
        readonly kubernetesVersion: pulumi.Input<string>;
        readonly nodeRoleArn: pulumi.Input<string>;
        readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
        readonly tags: Readonly<Record<string, string>>;
        readonly dependsOn: pulumi.Resource[];
    },
    parent: pulumi.Resource,
) {
    const prefix = `${name}-${group.name}`;
    const launchTemplate = new aws.ec2.LaunchTemplate(`${prefix}-lt`, {
        description: `EKS node group ${group.name}: IMDSv2 only, encrypted volumes, no SSH`,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: group.metadataHopLimit,
            instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: nodeVolumes(group),
        monitoring: { enabled: true },
        tagSpecifications: [{ resourceType: "instance", tags: { ...ctx.tags, Name: prefix } }],
        updateDefaultVersion: true,
        tags: ctx.tags,
    }, { parent });
    return new aws.eks.NodeGroup(`${prefix}-nodes`, {
        clusterName: ctx.clusterName,
        nodeGroupNamePrefix: nodeGroupNamePrefix(group.name),
        version: ctx.kubernetesVersion,
        ...(group.releaseVersion !== undefined ? { releaseVersion: group.releaseVersion } : {}),
        nodeRoleArn: ctx.nodeRoleArn,
        subnetIds: pulumi.output(ctx.subnetIds).apply(ids => [...ids]),
        amiType: group.amiType,
        instanceTypes: [...group.instanceTypes],
        capacityType: group.capacityType,
        scalingConfig: { minSize: group.minSize, maxSize: group.maxSize, desiredSize: group.desiredSize },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(v => String(v)) },
        labels: { ...group.labels },
        taints: group.taints.map(t => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
        tags: ctx.tags,
    }, { parent, dependsOn: ctx.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] });
}
