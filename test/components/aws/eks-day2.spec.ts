/**
 * Issue 14, EKS day 2 and prerequisites: node groups that can be replaced, versions that move
 * with the control plane, zones by id, ARNs in the account's partition, flow logs, GuardDuty, and
 * the access grants refused before anything is registered.
 */
import * as assert from "node:assert/strict";
import { RecordedResource } from "../../../cli/plan/mock-runtime";
import { refusedBeforeRegistering } from "../../helpers/component";
import { InvalidArgsError } from "../../../components/args";
import { EKS_DISALLOWED_ZONE_IDS, EksCluster, EksClusterArgs, resolveEksArgs } from "../../../components/aws";
import { MINIMAL, ofType, one, registerEks } from "./fixtures";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    subnet: "aws:ec2/subnet:Subnet",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    key: "aws:kms/key:Key",
    feature: "aws:guardduty/detectorFeature:DetectorFeature",
};

/**
 * What the provider does with a node group's name (terraform-provider-aws internal/service/eks
 * node_group.go: `node_group_name` and `node_group_name_prefix` are ForceNew; a prefix gets
 * a unique suffix, create.Name), and how Pulumi replaces (create the new resource, then delete
 * the old one). Returns the names that would exist at once during the replacement.
 */
function namesDuringReplacement(before: RecordedResource, after: RecordedResource): string[] {
    let counter = 0;
    const physical = (r: RecordedResource) => (r.inputs["nodeGroupName"] as string | undefined) ?? `${r.inputs["nodeGroupNamePrefix"] ?? "terraform-"}${String(++counter).padStart(26, "0")}`;
    const old = physical(before);
    const created = physical(after);
    return [old, created];
}

const FORCE_NEW: { name: string; change: EksClusterArgs }[] = [
    { name: "instance types", change: { ...MINIMAL, nodeGroups: { system: { instanceTypes: ["m7i.xlarge"] } } } },
    { name: "AMI type", change: { ...MINIMAL, nodeGroups: { system: { amiType: "BOTTLEROCKET_x86_64" } } } },
    { name: "capacity type", change: { ...MINIMAL, nodeGroups: { system: { capacityType: "SPOT" } } } },
];

describe("EksCluster on day 2", () => {
    describe("node groups", () => {
        let current: RecordedResource;
        before(async () => {
            current = one(await registerEks(MINIMAL), T.nodeGroup);
        });

        it("name themselves by prefix, leaving the name to the provider", () => {
            assert.equal(current.inputs["nodeGroupName"], undefined);
            assert.equal(current.inputs["nodeGroupNamePrefix"], "system-");
        });

        for (const c of FORCE_NEW) {
            it(`plan a replacement for new ${c.name} without a name collision`, async () => {
                const after = one(await registerEks(c.change), T.nodeGroup);
                // The change is one that forces replacement (the old group is kept until the new one exists).
                assert.notDeepEqual(
                    [after.inputs["instanceTypes"], after.inputs["amiType"], after.inputs["capacityType"]],
                    [current.inputs["instanceTypes"], current.inputs["amiType"], current.inputs["capacityType"]],
                );
                const [old, created] = namesDuringReplacement(current, after);
                assert.notEqual(old, created);
                assert.ok(created.length <= 63, created);
            });
        }

        it("keep the longest allowed group name within the provider's prefix limit", () => {
            const name = "a".repeat(36);
            assert.doesNotThrow(() => resolveEksArgs("eks", { ...MINIMAL, nodeGroups: { [name]: {} } }));
            assert.ok(`${name}-`.length <= 63 - 26);
            assert.throws(() => resolveEksArgs("eks", { ...MINIMAL, nodeGroups: { [`${name}a`]: {} } }), /at most 36 characters/);
        });

        it("follow the control plane's version and a pinned AMI release", async () => {
            const rs = await registerEks({ ...MINIMAL, kubernetesVersion: "1.33", nodeGroups: { system: { releaseVersion: "1.33.5-20251112" } } });
            const ng = one(rs, T.nodeGroup);
            assert.equal(ng.inputs["version"], "1.33");
            assert.deepEqual(ng.propertyDependencies["version"], [one(rs, T.cluster).urn]);
            assert.equal(ng.inputs["releaseVersion"], "1.33.5-20251112");
            assert.throws(() => resolveEksArgs("eks", { ...MINIMAL, nodeGroups: { system: { releaseVersion: "latest" } } }), /`nodeGroups.system.releaseVersion` must be an EKS AMI release/);
        });
    });

    describe("add-ons and the upgrade policy", () => {
        it("get the version EKS publishes for the cluster's version, or the pinned one", async () => {
            const rs = await registerEks({ ...MINIMAL, kubernetesVersion: "1.33", addonVersions: { "vpc-cni": "v1.20.4-eksbuild.1" } });
            const versions = Object.fromEntries(ofType(rs, T.addon).map(a => [a.inputs["addonName"], a.inputs["addonVersion"]]));
            assert.equal(versions["vpc-cni"], "v1.20.4-eksbuild.1");
            // The mock cloud answers getAddonVersion for the Kubernetes version it is asked about.
            for (const addon of ["kube-proxy", "coredns", "eks-pod-identity-agent"]) {
                assert.equal(versions[addon], "v1.33.0-eksbuild.1", addon);
            }
        });

        it("refuses an add-on it does not install and a version that is not an EKS build", () => {
            assert.throws(() => resolveEksArgs("eks", { ...MINIMAL, addonVersions: { "aws-ebs-csi-driver": "v1.0.0-eksbuild.1", coredns: "1.11" } }), (e: unknown) =>
                e instanceof InvalidArgsError && e.problems.length === 2 && /`addonVersions.aws-ebs-csi-driver` is not an add-on/.test(e.problems[0]) && /`addonVersions.coredns` must be an EKS add-on version/.test(e.problems[1]));
        });

        it("sets the upgrade policy it is given, STANDARD by default", async () => {
            assert.deepEqual(one(await registerEks(MINIMAL), T.cluster).inputs["upgradePolicy"], { supportType: "STANDARD" });
            assert.deepEqual(one(await registerEks({ ...MINIMAL, upgradePolicy: "EXTENDED" }), T.cluster).inputs["upgradePolicy"], { supportType: "EXTENDED" });
            assert.throws(() => resolveEksArgs("eks", { ...MINIMAL, upgradePolicy: "AUTO" }), /`upgradePolicy` must be "STANDARD" or "EXTENDED"/);
        });
    });

    it("places subnets by zone id and asks for zones without the ids EKS refuses", async () => {
        const calls: Record<string, unknown>[] = [];
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const cloud = require("../../../cli/plan/mock-cloud") as typeof import("../../../cli/plan/mock-cloud");
        const original = cloud.mockCall;
        (cloud as { mockCall: typeof original }).mockCall = (token, inputs) => {
            if (token === "aws:index/getAvailabilityZones:getAvailabilityZones") calls.push(inputs);
            return original(token, inputs);
        };
        let rs: RecordedResource[];
        try {
            rs = await registerEks(MINIMAL);
        } finally {
            (cloud as { mockCall: typeof original }).mockCall = original;
        }
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0]["excludeZoneIds"], [...EKS_DISALLOWED_ZONE_IDS]);
        assert.deepEqual(EKS_DISALLOWED_ZONE_IDS, ["use1-az3", "usw1-az2", "cac1-az3"]);
        const subnets = ofType(rs, T.subnet);
        assert.deepEqual(subnets.map(s => s.inputs["availabilityZoneId"]), ["euw1-az1", "euw1-az2", "euw1-az3"]);
        assert.ok(subnets.every(s => s.inputs["availabilityZone"] === undefined));
    });

    it("builds every AWS-managed ARN with the account's partition", async () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const cloud = require("../../../cli/plan/mock-cloud") as typeof import("../../../cli/plan/mock-cloud");
        const original = cloud.mockCall;
        (cloud as { mockCall: typeof original }).mockCall = (token, inputs) =>
            token === "aws:index/getPartition:getPartition" ? { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", id: "aws-us-gov" } : original(token, inputs);
        let rs: RecordedResource[];
        try {
            rs = await registerEks({ ...MINIMAL, adminRoleArn: "arn:aws-us-gov:iam::123456789012:role/eks-break-glass" });
        } finally {
            (cloud as { mockCall: typeof original }).mockCall = original;
        }
        const arns = [...ofType(rs, T.attachment).map(a => a.inputs["policyArn"] as string), ...ofType(rs, T.association).map(a => a.inputs["policyArn"] as string)];
        assert.ok(arns.length >= 5);
        for (const arn of arns) assert.match(arn, /^arn:aws-us-gov:/, arn);
        assert.match(JSON.parse(one(rs, T.key).inputs["policy"] as string).Statement[0].Principal.AWS, /^arn:aws-us-gov:iam::123456789012:root$/);
    });

    it("records the created VPC's traffic in an encrypted log group kept as long as the cluster's logs", async () => {
        const rs = await registerEks({ ...MINIMAL, logRetentionInDays: 731 });
        const flowLog = one(rs, T.flowLog);
        assert.equal(flowLog.inputs["trafficType"], "ALL");
        assert.equal(flowLog.inputs["logDestinationType"], "cloud-watch-logs");
        const group = ofType(rs, T.logGroup).find(g => g.inputs["name"] === "/aws/eks/eks/vpc-flow-logs")!;
        assert.equal(group.inputs["retentionInDays"], 731);
        assert.ok(group.propertyDependencies["kmsKeyId"].includes(one(rs, T.key).urn));
        assert.ok(flowLog.propertyDependencies["logDestination"].includes(group.urn));
        const role = ofType(rs, T.role).find(r => r.name === "eks-flow-logs")!;
        const trust = JSON.parse(role.inputs["assumeRolePolicy"] as string).Statement[0];
        assert.deepEqual(trust.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
        assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        const keyPolicy = JSON.parse(one(rs, T.key).inputs["policy"] as string);
        assert.deepEqual(keyPolicy.Statement[1].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"], [
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/eks/cluster",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/eks/vpc-flow-logs",
        ]);
        assert.equal(ofType(await registerEks({ ...MINIMAL, vpc: { flowLogs: false } }), T.flowLog).length, 0);
    });

    it("turns on GuardDuty EKS protection on the account's detector when asked", async () => {
        const detectorId = "0123456789abcdef0123456789abcdef";
        const features = ofType(await registerEks({ ...MINIMAL, guardDuty: { detectorId } }), T.feature).map(f => [f.inputs["detectorId"], f.inputs["name"], f.inputs["status"], f.inputs["additionalConfigurations"]]);
        assert.deepEqual(features, [
            [detectorId, "EKS_AUDIT_LOGS", "ENABLED", undefined],
            [detectorId, "RUNTIME_MONITORING", "ENABLED", [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]],
        ]);
        assert.equal(ofType(await registerEks({ ...MINIMAL, guardDuty: { detectorId, runtimeMonitoring: false } }), T.feature).length, 1);
        assert.equal(ofType(await registerEks(MINIMAL), T.feature).length, 0);
        assert.throws(() => resolveEksArgs("eks", { ...MINIMAL, guardDuty: { detectorId: "default" } }), /`guardDuty.detectorId` must be this account's GuardDuty detector id/);
    });

    describe("refuses grants and networks that the pack would flag, before registering anything", () => {
        const cases: { name: string; args: Record<string, unknown>; problems: RegExp[] }[] = [
            { name: "an access entry for an IAM user", args: { ...MINIMAL, accessEntries: [{ principalArn: "arn:aws:iam::123456789012:user/alice", policy: "view" }] }, problems: [/`accessEntries\[0\].principalArn` must be an IAM role, not the user/] },
            { name: "edit across the cluster", args: { ...MINIMAL, accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/devs", policy: "edit" }] }, problems: [/`accessEntries\[0\].namespaces` is required for "edit"/] },
            { name: "admin across the cluster", args: { ...MINIMAL, accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/devs", policy: "admin" }] }, problems: [/`accessEntries\[0\].namespaces` is required for "admin"/] },
            { name: "public CIDRs adding up to the internet", args: { ...MINIMAL, allowPublicEndpoint: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, problems: [/`publicAccessCidrs` must together cover no more IPv4 addresses than one \/8/] },
            { name: "a flow-logs switch that is no boolean", args: { ...MINIMAL, vpc: { flowLogs: "yes" } }, problems: [/`vpc.flowLogs` must be true or false/] },
        ];
        for (const c of cases) {
            it(`refuses ${c.name}`, async () => {
                const error = await refusedBeforeRegistering(() => new EksCluster("eks", c.args as never));
                assert.equal(error.problems.length, c.problems.length, error.message);
                c.problems.forEach((p, i) => assert.match(error.problems[i], p));
            });
        }
        it("accepts view across the cluster and edit in named namespaces", () => {
            assert.doesNotThrow(() => resolveEksArgs("eks", { ...MINIMAL, accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/a", policy: "view" }, { principalArn: "arn:aws:iam::123456789012:role/b", policy: "edit", namespaces: ["shop"] }] }));
        });
    });
});
