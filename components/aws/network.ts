/**
 * The network EksCluster creates when the user brings no subnets: a VPC with private subnets
 * only (no internet gateway, no NAT) and the VPC endpoints a private cluster's nodes need to pull
 * images, get credentials and ship logs without a public path (aws-ia/terraform-aws-eks-blueprints
 * `fully-private-cluster`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eksFlowLogGroupName } from "../controls/eks";

/**
 * Interface endpoints a private cluster needs: image pulls (ECR), IAM (STS), logs, the VPC CNI
 * (EC2), KMS, and Secrets Manager, which the baseline's External Secrets Operator reads (its AWS
 * backend is `service: SecretsManager`, components/kubernetes/addons/external-secrets.ts; the
 * checklist requires it). "Your cluster's VPC subnets must have a VPC interface endpoint for any
 * AWS services that your Pods need access to" (awsdocs/amazon-eks-user-guide
 * latest/ug/clusters/private-clusters.adoc, "Pod requirements"); without NAT, ESO could not reach
 * Secrets Manager at all.
 */
export const PRIVATE_CLUSTER_INTERFACE_ENDPOINTS: readonly string[] = ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "secretsmanager"];
/** The endpoint the Pod Identity agent calls (AssumeRoleForPodIdentity). */
export const POD_IDENTITY_ENDPOINT = "eks-auth";
/** ECR image layers are served from S3: a gateway endpoint (no charge, route-table based). */
export const S3_GATEWAY_ENDPOINT = "s3";

/**
 * Availability Zone ids where EKS refuses cluster subnets (network-reqs.adoc, "Disallowed
 * Availability Zone IDs"). Zone names map to different ids in each account, so zones are chosen by id.
 */
export const EKS_DISALLOWED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

export interface EksNetwork {
    readonly vpcId: pulumi.Output<string>;
    readonly subnetIds: pulumi.Output<string>[];
    /** Endpoints the nodes depend on: node groups wait for them, or nodes cannot join. */
    readonly endpoints: readonly pulumi.Resource[];
}

function ipv4ToInt(ip: string): number {
    return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIpv4(n: number): string {
    return [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join(".");
}

/**
 * Splits `cidr` into `count` equal subnets, two bits smaller (room for a fourth subnet later).
 * Pure, so tests pin the layout: 10.0.0.0/16 → 10.0.0.0/18, 10.0.64.0/18, 10.0.128.0/18.
 */
export function privateSubnetCidrs(cidr: string, count: number): string[] {
    const [base, prefixText] = cidr.split("/");
    const prefix = Number(prefixText) + 2;
    const size = 2 ** (32 - prefix);
    const start = ipv4ToInt(base) - (ipv4ToInt(base) % (2 ** (32 - Number(prefixText))));
    return Array.from({ length: count }, (_, i) => `${intToIpv4(start + i * size)}/${prefix}`);
}

export function createPrivateNetwork(
    name: string,
    vpcArgs: { readonly cidrBlock: string; readonly availabilityZoneCount: number },
    podIdentity: boolean,
    tags: Readonly<Record<string, string>>,
    parent: pulumi.Resource,
): EksNetwork {
    const opts = { parent };
    // Regular zones only (Local and Wavelength Zones need opting in and host no EKS control plane
    // subnets), in a stable order, without the ids EKS refuses.
    const zones = aws.getAvailabilityZonesOutput({
        state: "available",
        excludeZoneIds: [...EKS_DISALLOWED_ZONE_IDS],
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    }, { parent });
    const zoneIds = zones.zoneIds.apply(ids => {
        if (ids.length < vpcArgs.availabilityZoneCount) {
            throw new pulumi.ResourceError(
                `\`vpc.availabilityZoneCount\` is ${vpcArgs.availabilityZoneCount}, but this region has ${ids.length} zone(s) EKS accepts (${ids.join(", ")}): lower it, or bring your own \`subnetIds\`.`,
                parent,
            );
        }
        return ids;
    });
    const region = aws.getRegionOutput({}, { parent });
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
        cidrBlock: vpcArgs.cidrBlock,
        // Private DNS of the interface endpoints and of the private API endpoint need both.
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { ...tags, Name: `${name}-vpc` },
    }, opts);
    // The default security group allows all traffic between its members; strip it (CKV2_AWS_12).
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags }, opts);

    const routeTable = new aws.ec2.RouteTable(`${name}-private-rt`, { vpcId: vpc.id, tags: { ...tags, Name: `${name}-private` } }, opts);
    const subnets = privateSubnetCidrs(vpcArgs.cidrBlock, vpcArgs.availabilityZoneCount).map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(`${name}-private-${i}`, {
            vpcId: vpc.id,
            cidrBlock,
            availabilityZoneId: zoneIds[i],
            mapPublicIpOnLaunch: false,
            tags: { ...tags, Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
        }, opts);
        new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: routeTable.id }, opts);
        return subnet;
    });

    const endpointSg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, {
        vpcId: vpc.id,
        description: "HTTPS from the VPC to its interface endpoints",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcArgs.cidrBlock], description: "HTTPS from the VPC" }],
        egress: [],
        tags,
    }, opts);
    const services = [...PRIVATE_CLUSTER_INTERFACE_ENDPOINTS, ...(podIdentity ? [POD_IDENTITY_ENDPOINT] : [])];
    const endpoints: pulumi.Resource[] = services.map(service =>
        new aws.ec2.VpcEndpoint(`${name}-${service.replace(/\./g, "-")}`, {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${region.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: subnets.map(s => s.id),
            securityGroupIds: [endpointSg.id],
            tags,
        }, opts),
    );
    endpoints.push(new aws.ec2.VpcEndpoint(`${name}-s3`, {
        vpcId: vpc.id,
        serviceName: pulumi.interpolate`com.amazonaws.${region.region}.${S3_GATEWAY_ENDPOINT}`,
        vpcEndpointType: "Gateway",
        routeTableIds: [routeTable.id],
        tags,
    }, opts));
    return { vpcId: vpc.id, subnetIds: subnets.map(s => s.id), endpoints };
}

/**
 * VPC flow logs of all traffic to a CloudWatch log group next to the control-plane logs, with the
 * same retention and key (what `eks-vpc-require-flow-logs` checks is the flow log itself), written by a role that only
 * the VPC Flow Logs service of this account may assume (VPC user guide, "IAM role for publishing
 * flow logs to CloudWatch Logs"; confused-deputy condition on aws:SourceAccount).
 */
export function createFlowLogs(
    name: string,
    vpcId: pulumi.Input<string>,
    args: { readonly clusterName: string; readonly logRetentionInDays: number; readonly deletionProtection: boolean; readonly protect: boolean; readonly tags: Readonly<Record<string, string>> },
    keyArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): aws.ec2.FlowLog {
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
        name: eksFlowLogGroupName(args.clusterName),
        retentionInDays: args.logRetentionInDays,
        kmsKeyId: keyArn,
        deletionProtectionEnabled: args.deletionProtection,
        tags: args.tags,
    }, { parent, protect: args.protect });
    const role = new aws.iam.Role(`${name}-flow-logs`, {
        assumeRolePolicy: identity.accountId.apply(account => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            }],
        })),
        tags: args.tags,
    }, { parent });
    const write = new aws.iam.RolePolicy(`${name}-flow-logs`, {
        role: role.id,
        policy: logGroup.arn.apply(arn => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
            }],
        })),
    }, { parent });
    return new aws.ec2.FlowLog(`${name}-flow-logs`, {
        vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        tags: args.tags,
    }, { parent, dependsOn: [write] });
}
