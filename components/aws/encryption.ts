/**
 * The customer KMS key that envelope-encrypts the cluster's Secrets and its control-plane logs
 * (checklist: secrets encrypted at rest; CIS EKS 5.3.1). A created key rotates yearly, waits the
 * longest deletion window, is protected, and keeps the account root in its key policy: a key
 * policy without it can lock every IAM admin out (terraform-aws-eks#2816).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eksLogGroupName } from "../controls/eks";

export interface KeyPolicyContext {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    readonly clusterName: string;
    /** The log groups the key encrypts: the control-plane logs, and the VPC flow logs when created. */
    readonly logGroupNames: readonly string[];
}

/**
 * The key policy: the account administers the key through IAM (no lock-out), and CloudWatch Logs
 * may use it only for this cluster's log group (encryption-context condition, CloudWatch Logs
 * user guide "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
export function secretsKeyPolicy(c: KeyPolicyContext): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKeyThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:${c.partition}:iam::${c.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncryptsClusterLogs",
                Effect: "Allow",
                Principal: { Service: `logs.${c.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": c.logGroupNames.map(g => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${g}`),
                    },
                },
            },
        ],
    });
}

export interface SecretsKey {
    readonly keyArn: pulumi.Output<string>;
    /** The created key, absent when the user brought one. */
    readonly key?: aws.kms.Key;
}

export function createSecretsKey(
    name: string,
    args: { readonly clusterName: string; readonly kmsKeyArn?: pulumi.Input<string>; readonly kmsKeyDeletionWindowInDays: number; readonly protect: boolean; readonly tags: Readonly<Record<string, string>> },
    logGroupNames: readonly string[],
    parent: pulumi.Resource,
): SecretsKey {
    if (args.kmsKeyArn !== undefined) {
        return { keyArn: pulumi.output(args.kmsKeyArn) };
    }
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const partition = aws.getPartitionOutput({}, { parent });
    const region = aws.getRegionOutput({}, { parent });
    const policy = pulumi
        .all([partition.partition, identity.accountId, region.region])
        .apply(([p, accountId, r]) => secretsKeyPolicy({ partition: p, accountId, region: r, clusterName: args.clusterName, logGroupNames }));
    const key = new aws.kms.Key(`${name}-secrets-key`, {
        description: `EKS cluster ${args.clusterName}: Secrets envelope encryption and control-plane logs`,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: args.kmsKeyDeletionWindowInDays,
        policy,
        tags: args.tags,
    }, { parent, protect: args.protect });
    new aws.kms.Alias(`${name}-secrets-key`, { name: `alias/eks/${args.clusterName}`, targetKeyId: key.keyId }, { parent });
    return { keyArn: key.arn, key };
}

/** The control-plane log group, created before the cluster so EKS never creates a never-expiring one. */
export function createLogGroup(
    name: string,
    args: { readonly clusterName: string; readonly logRetentionInDays: number; readonly deletionProtection: boolean; readonly protect: boolean; readonly tags: Readonly<Record<string, string>> },
    keyArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(`${name}-logs`, {
        name: eksLogGroupName(args.clusterName),
        retentionInDays: args.logRetentionInDays,
        kmsKeyId: keyArn,
        deletionProtectionEnabled: args.deletionProtection,
        tags: args.tags,
    }, { parent, protect: args.protect });
}
