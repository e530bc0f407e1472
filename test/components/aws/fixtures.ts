/**
 * The documented EksCluster configurations, and a helper that registers one under the mock
 * runtime. Shared by the component tests and the EKS policy tests.
 */
import { runUnderMocks, RecordedResource } from "../../../cli/plan/mock-runtime";
import { EksCluster, EksClusterArgs } from "../../../components/aws";

export const ADMIN_ROLE = "arn:aws:iam::123456789012:role/eks-break-glass";
export const OIDC = { issuerUrl: "https://login.example.com/oauth2/default", clientId: "kubernetes" } as const;

/** The minimal secure configuration: created VPC, created key, OIDC users, one node group. */
export const MINIMAL: EksClusterArgs = { adminRoleArn: ADMIN_ROLE, oidc: OIDC };

/** Every documented configuration, each of which the pack must pass without a finding. */
export const EXAMPLES: Readonly<Record<string, EksClusterArgs>> = {
    minimal: MINIMAL,
    "own-network-and-key": {
        clusterName: "payments",
        subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        adminRoleArn: ADMIN_ROLE,
        oidc: { ...OIDC, usernameClaim: "sub", groupsClaim: "roles", requiredClaims: { hd: "example.com" } },
        accessEntries: [
            { principalArn: "arn:aws:iam::123456789012:role/developers", policy: "edit", namespaces: ["payments"] },
            { principalArn: "arn:aws:iam::123456789012:role/auditors", policy: "view" },
        ],
    },
    "bottlerocket-pod-identity-only": {
        adminRoleArn: ADMIN_ROLE,
        oidc: OIDC,
        irsa: false,
        vpc: { cidrBlock: "10.20.0.0/16", availabilityZoneCount: 2 },
        nodeGroups: {
            system: { amiType: "BOTTLEROCKET_ARM_64", instanceTypes: ["m7g.large"] },
            batch: { capacityType: "SPOT", minSize: 0, maxSize: 10, taints: [{ key: "batch", effect: "NO_SCHEDULE" }], labels: { pool: "batch" } },
        },
    },
    "irsa-only-no-nodes": { adminRoleArn: ADMIN_ROLE, oidc: OIDC, podIdentity: false, nodeGroups: {}, logRetentionInDays: 731 },
};

export async function registerEks(args: EksClusterArgs | Record<string, unknown>, name = "eks"): Promise<RecordedResource[]> {
    return runUnderMocks(() => new EksCluster(name, args as EksClusterArgs), { project: "hcb", stack: "test" });
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter(r => r.type === type);
}

export function one(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}

/** The `hcb:cluster` object of an example stack file (stacks/Pulumi.<name>.yaml). */
export function stackCluster(file: string): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require("fs") as typeof import("fs");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const path = require("path") as typeof import("path");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { parse } = require("yaml") as typeof import("yaml");
    const doc = parse(fs.readFileSync(path.join(__dirname, "../../../stacks", file), "utf8")) as { config: Record<string, unknown> };
    return doc.config["hcb:cluster"] as Record<string, unknown>;
}

/** The example stack files of the EKS component. */
export const STACK_FILES: readonly string[] = ["Pulumi.eks.yaml", "Pulumi.eks-byo.yaml"];
