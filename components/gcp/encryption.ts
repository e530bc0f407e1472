/**
 * Application-layer Secrets encryption: a Cloud KMS key in the cluster's region, created with
 * rotation and protected (or the user's), and the key role granted to the GKE service agent
 * before the cluster exists (GKE refuses to create the cluster otherwise, and a later grant
 * races it).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { GKE_KEY_ROLE } from "../controls/gke";
import { ResolvedGkeArgs } from "./args";

export interface GkeSecretsKey {
    /** The key's resource name, as `databaseEncryption.keyName` takes it. */
    readonly keyName: pulumi.Input<string>;
    /** The grant the cluster must wait for, when the component makes it. */
    readonly grant?: gcp.kms.CryptoKeyIAMMember;
}

/** The GKE service agent of a project number (the identity GKE encrypts Secrets as). */
export function gkeServiceAgent(projectNumber: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

export function createSecretsKey(name: string, args: ResolvedGkeArgs, projectNumber: pulumi.Input<string>, ready: readonly pulumi.Resource[], parent: pulumi.Resource): GkeSecretsKey {
    let keyName: pulumi.Input<string>;
    if (args.secretsKey !== undefined) {
        keyName = args.secretsKey;
    } else {
        // Key rings and keys cannot be deleted in Cloud KMS; protection keeps a destroy from
        // scheduling the key version's destruction, which would make the Secrets unreadable.
        // The key ring waits for the Cloud KMS API (enableApis).
        const ring = new gcp.kms.KeyRing(`${name}-keyring`, { project: args.project, location: args.region }, { parent, protect: args.protect, dependsOn: [...ready] });
        const key = new gcp.kms.CryptoKey(
            `${name}-secrets-key`,
            { keyRing: ring.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: args.keyRotationPeriod },
            { parent, protect: args.protect },
        );
        keyName = key.id;
    }
    const grant = args.grantKeyToServiceAgent
        ? // Ordered after the GKE service agent exists (ServiceIdentity) and the APIs are on.
          new gcp.kms.CryptoKeyIAMMember(`${name}-secrets-key-agent`, { cryptoKeyId: keyName, role: GKE_KEY_ROLE, member: gkeServiceAgent(projectNumber) }, { parent, dependsOn: [...ready] })
        : undefined;
    return { keyName, ...(grant ? { grant } : {}) };
}

/** The Compute Engine service agent, which encrypts node boot disks with a customer key. */
export function computeServiceAgent(projectNumber: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`;
}

/**
 * Boot-disk CMEK (CIS GKE 5.9.1): Compute Engine encrypts the nodes' disks as its service agent,
 * which needs the key role before the first node boots (GKE "Using customer-managed encryption
 * keys", grant to service-<number>@compute-system.iam.gserviceaccount.com).
 */
export function createBootDiskKeyGrant(name: string, args: ResolvedGkeArgs, projectNumber: pulumi.Input<string>, ready: readonly pulumi.Resource[], parent: pulumi.Resource): gcp.kms.CryptoKeyIAMMember | undefined {
    if (args.bootDiskKmsKey === undefined) {
        return undefined;
    }
    return new gcp.kms.CryptoKeyIAMMember(
        `${name}-boot-disk-key-agent`,
        { cryptoKeyId: args.bootDiskKmsKey, role: GKE_KEY_ROLE, member: computeServiceAgent(projectNumber) },
        { parent, dependsOn: [...ready] },
    );
}
