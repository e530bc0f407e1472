/**
 * The whole pack over what EksCluster registers: silent in every documented configuration, and
 * each single weakening (a named opt-out, or one security property changed on the registered
 * inputs as a hand-built resource would have it) caught by the intended policy and no other.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { RecordedResource, runUnderMocks } from "../../../../cli/plan/mock-runtime";
import { EksClusterArgs } from "../../../../components/aws";
import { EXAMPLES, MINIMAL, STACK_FILES, registerEks, stackCluster } from "../../../components/aws/fixtures";
import { Finding, mutate, runPack } from "./pack";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    routeTable: "aws:ec2/routeTable:RouteTable",
    feature: "aws:guardduty/detectorFeature:DetectorFeature",
    idp: "aws:eks/identityProviderConfig:IdentityProviderConfig",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    subnet: "aws:ec2/subnet:Subnet",
};

function policiesOf(findings: readonly Finding[]): string[] {
    return [...new Set(findings.map(f => f.policyName))].sort();
}

function isType(type: string, name?: string) {
    return (r: RecordedResource) => r.type === type && (name === undefined || r.name === name);
}

function set(path: string, value: unknown) {
    return (inputs: Record<string, unknown>) => {
        const keys = path.split(".");
        let o = inputs as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) {
            o[k] ??= {};
            o = o[k] as Record<string, unknown>;
        }
        if (value === undefined) {
            delete o[keys[keys.length - 1]];
        } else {
            o[keys[keys.length - 1]] = value;
        }
        return inputs;
    };
}


describe("EKS policies over EksCluster", () => {
    for (const [name, args] of Object.entries(EXAMPLES)) {
        it(`report nothing for the ${name} configuration`, async () => {
            assert.deepEqual(await runPack(await registerEks(args)), []);
        });
    }
    for (const file of STACK_FILES) {
        it(`report nothing for the example stack ${file}`, async () => {
            assert.deepEqual(await runPack(await registerEks(stackCluster(file))), []);
        });
    }

    describe("catch each opt-out of the component", () => {
        const cases: { name: string; args: EksClusterArgs; policies: string[]; level: string; match: RegExp }[] = [
            { name: "a public endpoint for named CIDRs", args: { ...MINIMAL, allowPublicEndpoint: true, publicAccessCidrs: ["203.0.113.0/24"] }, policies: ["eks-cluster-disallow-public-endpoint"], level: "mandatory", match: /EKS cluster 'eks-cluster' must not expose its API server publicly: `vpcConfig.endpointPublicAccess` is true/ },
            { name: "an IMDS hop limit of 2", args: { ...MINIMAL, nodeGroups: { system: { metadataHopLimit: 2 } } }, policies: ["eks-launchtemplate-limit-metadata-hops"], level: "mandatory", match: /Launch template 'eks-system-lt' must limit IMDS responses to 1 hop: .* is 2/ },
            { name: "IAM-only users", args: { adminRoleArn: MINIMAL.adminRoleArn, allowIamOnlyUsers: true }, policies: ["eks-cluster-require-identity-provider"], level: "mandatory", match: /no aws.eks.IdentityProviderConfig/ },
            { name: "EKS deletion protection off", args: { ...MINIMAL, deletionProtection: false }, policies: ["eks-cluster-require-deletion-protection"], level: "advisory", match: /`deletionProtection` is false/ },
            { name: "Pulumi protection off", args: { ...MINIMAL, protect: false }, policies: ["eks-cluster-require-deletion-protection", "eks-kmskey-restrict-deletion"], level: "advisory", match: /protect/ },
            { name: "90 days of logs", args: { ...MINIMAL, logRetentionInDays: 90 }, policies: ["eks-loggroup-require-retention"], level: "mandatory", match: /Log group 'eks-logs' must keep control-plane logs for at least 365 days: `retentionInDays` is 90/ },
            { name: "a 7-day key deletion window", args: { ...MINIMAL, kmsKeyDeletionWindowInDays: 7 }, policies: ["eks-kmskey-restrict-deletion"], level: "advisory", match: /`deletionWindowInDays` is 7/ },
            { name: "no VPC flow logs", args: { ...MINIMAL, vpc: { flowLogs: false } }, policies: ["eks-vpc-require-flow-logs"], level: "mandatory", match: /VPC 'eks-vpc' must record flow logs: it holds an EKS cluster and no aws.ec2.FlowLog covers it/ },
            { name: "an out-of-support version", args: { ...MINIMAL, kubernetesVersion: "1.29" }, policies: ["eks-cluster-require-supported-version"], level: "advisory", match: /1.29 is not one of/ },
        ];
        for (const c of cases) {
            it(`flags ${c.name}`, async () => {
                const findings = await runPack(await registerEks(c.args));
                assert.deepEqual(policiesOf(findings), c.policies);
                assert.ok(findings.every(f => f.enforcementLevel === c.level));
                assert.ok(findings.some(f => c.match.test(f.message)), JSON.stringify(findings, null, 1));
            });
        }

        it("keeps an exempted public endpoint visible as an advisory with its justification", async () => {
            const rs = await registerEks({ ...MINIMAL, allowPublicEndpoint: true, publicAccessCidrs: ["203.0.113.0/24"] });
            const findings = await runPack(rs, {
                "eks-cluster-disallow-public-endpoint": { exemptions: [{ name: "eks-cluster", justification: "CI runners outside the VPC until the VPN lands" }] },
            });
            assert.equal(findings.length, 1);
            assert.equal(findings[0].enforcementLevel, "advisory");
            assert.match(findings[0].message, /exempted: .*\njustification: CI runners outside the VPC/);
        });
    });

    describe("catch each weakening of a registered resource", () => {
        let base: RecordedResource[];
        before(async () => {
            base = await registerEks(MINIMAL);
        });
        const cases: { name: string; weaken: (rs: RecordedResource[]) => RecordedResource[]; policies: string[]; match: RegExp }[] = [
            { name: "endpointPublicAccess unset (EKS default true)", weaken: rs => mutate(rs, isType(T.cluster), set("vpcConfig.endpointPublicAccess", undefined)), policies: ["eks-cluster-disallow-public-endpoint", "eks-cluster-restrict-public-access-cidrs"], match: /unset and EKS defaults it to true/ },
            { name: "a public endpoint open to ::/0", weaken: rs => mutate(rs, isType(T.cluster), i => set("vpcConfig.publicAccessCidrs", ["::/0"])(set("vpcConfig.endpointPublicAccess", true)(i))), policies: ["eks-cluster-disallow-public-endpoint", "eks-cluster-restrict-public-access-cidrs"], match: /::\/0 is too wide/ },
            { name: "the private endpoint off", weaken: rs => mutate(rs, isType(T.cluster), set("vpcConfig.endpointPrivateAccess", false)), policies: ["eks-cluster-require-private-endpoint"], match: /`vpcConfig.endpointPrivateAccess` is false/ },
            { name: "no secrets encryption", weaken: rs => mutate(rs, isType(T.cluster), set("encryptionConfig", undefined)), policies: ["eks-cluster-require-secrets-encryption"], match: /`encryptionConfig` is unset/ },
            { name: "an audit-only log export", weaken: rs => mutate(rs, isType(T.cluster), set("enabledClusterLogTypes", ["audit"])), policies: ["eks-cluster-require-control-plane-logs"], match: /lacks api, authenticator, controllerManager, scheduler/ },
            { name: "the CONFIG_MAP authentication mode", weaken: rs => mutate(rs, isType(T.cluster), set("accessConfig.authenticationMode", "API_AND_CONFIG_MAP")), policies: ["eks-cluster-require-api-authentication"], match: /"API_AND_CONFIG_MAP"/ },
            { name: "creator admin left on by default", weaken: rs => mutate(rs, isType(T.cluster), set("accessConfig.bootstrapClusterCreatorAdminPermissions", undefined)), policies: ["eks-cluster-disallow-creator-admin"], match: /EKS defaults it to true/ },
            { name: "an unpinned version", weaken: rs => mutate(rs, isType(T.cluster), set("version", undefined)), policies: ["eks-cluster-require-supported-version"], match: /`version` is unset/ },
            { name: "the log group missing", weaken: rs => rs.filter(r => r.type !== T.logGroup), policies: ["eks-cluster-require-log-group"], match: /no aws.cloudwatch.LogGroup named \/aws\/eks\/eks\/cluster/ },
            { name: "the cluster not waiting for its log group", weaken: rs => { const lg = rs.find(isType(T.logGroup))!; return rs.map(r => (r.type === T.cluster ? { ...r, dependencies: r.dependencies.filter(d => d !== lg.urn) } : r)); }, policies: ["eks-cluster-require-log-group"], match: /must be created after its log group/ },
            { name: "a never-expiring log group", weaken: rs => mutate(rs, isType(T.logGroup), set("retentionInDays", undefined)), policies: ["eks-loggroup-require-retention"], match: /logs never expire/ },
            { name: "an unencrypted log group", weaken: rs => mutate(rs, isType(T.logGroup), set("kmsKeyId", undefined)), policies: ["eks-loggroup-require-encryption"], match: /`kmsKeyId` is not set/ },
            { name: "a key without rotation", weaken: rs => mutate(rs, isType(T.key), set("enableKeyRotation", false)), policies: ["eks-kmskey-require-rotation"], match: /KMS key 'eks-secrets-key' must rotate its key material/ },
            { name: "a key policy without the account root", weaken: rs => mutate(rs, isType(T.key), set("policy", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/deployer" }, Action: "kms:*", Resource: "*" }] }))), policies: ["eks-kmskey-restrict-deletion"], match: /can lock IAM administrators out/ },
            { name: "a second cluster admin", weaken: rs => { const a = rs.find(isType(T.association))!; return [...rs, { ...a, name: "extra-admin", urn: `${a.urn}-extra`, inputs: { ...a.inputs, principalArn: "arn:aws:iam::123456789012:role/ops" }, outputs: { ...a.outputs, principalArn: "arn:aws:iam::123456789012:role/ops" } }]; }, policies: ["eks-accesspolicy-limit-cluster-admin"], match: /role\/ops \(AmazonEKSClusterAdminPolicy\) is not declared; scope it to namespaces/ },
            { name: "edit at cluster scope", weaken: rs => mutate(rs, r => r.type === T.association && r.name === "eks-admin-access", i => set("policyArn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy")(set("principalArn", "arn:aws:iam::123456789012:role/devs")(i))), policies: ["eks-accesspolicy-limit-cluster-admin"], match: /role\/devs \(AmazonEKSEditPolicy\) is not declared/ },
            { name: "admin at cluster scope in the China partition", weaken: rs => mutate(rs, r => r.type === T.association && r.name === "eks-admin-access", i => set("policyArn", "arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy")(set("principalArn", "arn:aws-cn:iam::123456789012:role/devs")(i))), policies: ["eks-accesspolicy-limit-cluster-admin"], match: /role\/devs \(AmazonEKSAdminPolicy\) is not declared/ },
            { name: "the marker removed from the break-glass entry", weaken: rs => mutate(rs, r => r.type === T.accessEntry && r.name === "eks-admin-access", set("tags", {})), policies: ["eks-accesspolicy-limit-cluster-admin"], match: /eks-break-glass \(AmazonEKSClusterAdminPolicy\) is not declared/ },
            { name: "no identity provider", weaken: rs => rs.filter(r => r.type !== T.idp), policies: ["eks-cluster-require-identity-provider"], match: /no aws.eks.IdentityProviderConfig/ },
            { name: "an identity provider without a groups claim", weaken: rs => mutate(rs, isType(T.idp), set("oidc.groupsClaim", undefined)), policies: ["eks-cluster-require-identity-provider"], match: /no `oidc.groupsClaim`/ },
            { name: "neither Pod Identity nor IRSA", weaken: rs => rs.filter(r => r.type !== T.oidcProvider && !(r.type === T.addon && r.inputs["addonName"] === "eks-pod-identity-agent")), policies: ["eks-cluster-require-workload-identity"], match: /neither the eks-pod-identity-agent add-on nor an IAM OIDC provider/ },
            { name: "the VPC CNI without network policy", weaken: rs => mutate(rs, r => r.type === T.addon && r.inputs["addonName"] === "vpc-cni", set("configurationValues", undefined)), policies: ["eks-cluster-require-network-policy-engine"], match: /lacks configurationValues/ },
            { name: "malformed VPC CNI configuration", weaken: rs => mutate(rs, r => r.type === T.addon && r.inputs["addonName"] === "vpc-cni", set("configurationValues", "{not json")), policies: ["eks-cluster-require-network-policy-engine"], match: /cannot be verified: `configurationValues` must be JSON/ },
            { name: "IMDSv1 allowed", weaken: rs => mutate(rs, isType(T.launchTemplate), set("metadataOptions.httpTokens", "optional")), policies: ["eks-launchtemplate-require-imdsv2"], match: /"optional"/ },
            { name: "an unset hop limit", weaken: rs => mutate(rs, isType(T.launchTemplate), set("metadataOptions.httpPutResponseHopLimit", undefined)), policies: ["eks-launchtemplate-limit-metadata-hops"], match: /the AMI.s default, 2 for AMIs registered for IMDSv2/ },
            { name: "a hop limit given as text", weaken: rs => mutate(rs, isType(T.launchTemplate), set("metadataOptions.httpPutResponseHopLimit", "1")), policies: ["eks-launchtemplate-limit-metadata-hops"], match: /cannot be verified: `metadataOptions.httpPutResponseHopLimit` must be a number, not a string/ },
            { name: "an unencrypted root volume", weaken: rs => mutate(rs, isType(T.launchTemplate), set("blockDeviceMappings", [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50 } }])), policies: ["eks-launchtemplate-require-encrypted-volumes"], match: /\/dev\/xvda has `ebs.encrypted` unset or false/ },
            { name: "a public IP on nodes", weaken: rs => mutate(rs, isType(T.launchTemplate), set("networkInterfaces", [{ associatePublicIpAddress: "true" }])), policies: ["eks-launchtemplate-disallow-public-ip"], match: /must not give nodes public IP addresses/ },
            { name: "an SSH key in the launch template", weaken: rs => mutate(rs, isType(T.launchTemplate), set("keyName", "ops")), policies: ["eks-nodegroup-disallow-ssh"], match: /`keyName` is set/ },
            { name: "SSH remote access on the node group", weaken: rs => mutate(rs, isType(T.nodeGroup), set("remoteAccess", { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] })), policies: ["eks-nodegroup-disallow-ssh"], match: /`remoteAccess` is set/ },
            { name: "a node group without launch template", weaken: rs => mutate(rs, isType(T.nodeGroup), set("launchTemplate", undefined)), policies: ["eks-nodegroup-require-launch-template"], match: /`launchTemplate` is unset/ },
            { name: "an AL2 node group", weaken: rs => mutate(rs, isType(T.nodeGroup), set("amiType", "AL2_x86_64")), policies: ["eks-nodegroup-restrict-ami-type"], match: /"AL2_x86_64"/ },
            { name: "a subnet that maps public IPs", weaken: rs => mutate(rs, isType(T.subnet, "eks-private-0"), set("mapPublicIpOnLaunch", true)), policies: ["eks-nodegroup-require-private-subnets"], match: /'eks-private-0' maps public IPs on launch/ },
        ];
        for (const c of cases) {
            it(`flags ${c.name}`, async () => {
                const findings = await runPack(c.weaken(base));
                assert.deepEqual(policiesOf(findings), [...c.policies].sort(), JSON.stringify(findings, null, 1));
                assert.ok(findings.some(f => c.match.test(f.message)), JSON.stringify(findings, null, 1));
            });
        }
    });

    describe("catch each weakening of the reach path, identities and network", () => {
        let base: RecordedResource[];
        before(async () => {
            base = await registerEks({
                ...MINIMAL,
                deployerRoleArn: "arn:aws:iam::123456789012:role/eks-deployer",
                apiAccess: { cidrs: ["10.100.0.0/16"], securityGroupIds: ["sg-0123456789abcdef0"] },
                accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/devs", policy: "edit", namespaces: ["shop"] }],
                guardDuty: { detectorId: "0123456789abcdef0123456789abcdef" },
            });
        });
        it("report nothing for the hardened configuration", async () => {
            assert.deepEqual(await runPack(base), []);
        });
        const rule = (name: string) => (r: RecordedResource) => r.type === T.ingress && r.name === name;
        const cases: { name: string; weaken: (rs: RecordedResource[]) => RecordedResource[]; policies: string[]; match: RegExp }[] = [
            { name: "the API admitted from the internet", weaken: rs => mutate(rs, rule("eks-api-cidr-0"), set("cidrIpv4", "0.0.0.0/0")), policies: ["eks-securitygroup-disallow-internet-ingress"], match: /Security group ingress rule 'eks-api-cidr-0' must not open an EKS cluster or node security group to the internet: it admits 0\.0\.0\.0\/0/ },
            { name: "the flow log removed", weaken: rs => rs.filter(r => r.type !== T.flowLog), policies: ["eks-vpc-require-flow-logs"], match: /no aws.ec2.FlowLog covers it/ },
            { name: "rejected traffic only in the flow log", weaken: rs => mutate(rs, isType(T.flowLog), set("trafficType", "REJECT")), policies: ["eks-vpc-require-flow-logs"], match: /record REJECT/ },
            { name: "a route from the node subnets to an internet gateway", weaken: rs => mutate(rs, isType(T.routeTable), set("routes", [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" }])), policies: ["eks-nodegroup-require-private-subnets"], match: /'eks-private-0' routes to an internet gateway through 'eks-private-rt'/ },
            { name: "an access entry for an IAM user", weaken: rs => mutate(rs, r => r.type === T.accessEntry && r.name === "eks-access-0", set("principalArn", "arn:aws:iam::123456789012:user/alice")), policies: ["eks-accessentry-disallow-iam-users"], match: /must grant an IAM role, not an IAM user/ },
            { name: "edit widened to the cluster", weaken: rs => mutate(rs, r => r.type === T.association && r.name === "eks-access-0", set("accessScope", { type: "cluster" })), policies: ["eks-accesspolicy-limit-cluster-admin"], match: /role\/devs \(AmazonEKSEditPolicy\) is not declared/ },
            { name: "GuardDuty runtime monitoring turned off", weaken: rs => mutate(rs, r => r.type === T.feature && r.name === "eks-guardduty-runtime", set("status", "DISABLED")), policies: ["eks-guardduty-require-eks-protection"], match: /RUNTIME_MONITORING is "DISABLED"/ },
            { name: "GuardDuty's managed EKS agent turned off", weaken: rs => mutate(rs, r => r.type === T.feature && r.name === "eks-guardduty-runtime", set("additionalConfigurations", [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }])), policies: ["eks-guardduty-require-eks-protection"], match: /EKS_ADDON_MANAGEMENT is "DISABLED"/ },
        ];
        for (const c of cases) {
            it(`flags ${c.name}`, async () => {
                const findings = await runPack(c.weaken(base));
                assert.deepEqual(policiesOf(findings), [...c.policies].sort(), JSON.stringify(findings, null, 1));
                assert.ok(findings.some(f => c.match.test(f.message)), JSON.stringify(findings, null, 1));
            });
        }
        it("leave an unrelated Ubuntu launch template to other packs", async () => {
            const ubuntu: RecordedResource = { ...base.find(isType(T.launchTemplate))!, name: "bastion-lt", urn: "urn:pulumi:test::hcb::aws:ec2/launchTemplate:LaunchTemplate::bastion-lt", inputs: { blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true" } }] }, outputs: { blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true" } }] }, parent: undefined, dependencies: [], propertyDependencies: {} };
            assert.deepEqual(await runPack([...base, ubuntu]), []);
        });
        it("require GuardDuty in the stack when configured to", async () => {
            const without = await registerEks(MINIMAL);
            const findings = await runPack(without, { "eks-guardduty-require-eks-protection": { requireInStack: true } });
            assert.deepEqual(policiesOf(findings), ["eks-guardduty-require-eks-protection"]);
            assert.match(findings[0].message, /no EKS_AUDIT_LOGS or RUNTIME_MONITORING detector feature/);
            assert.deepEqual(await runPack(base, { "eks-guardduty-require-eks-protection": { requireInStack: true } }), []);
        });
    });

    it("judge a cluster built by hand without the component", async () => {
        const rs = await runUnderMocks(() => {
            new aws.eks.Cluster("handmade", { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] } });
            new aws.eks.NodeGroup("handmade-nodes", { clusterName: "handmade", nodeRoleArn: "arn:aws:iam::123456789012:role/node", subnetIds: ["subnet-1"], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 } });
        }, { project: "hcb", stack: "test" });
        const findings = await runPack(rs);
        assert.deepEqual(policiesOf(findings.filter(f => f.enforcementLevel === "mandatory")), [
            "eks-cluster-disallow-creator-admin",
            "eks-cluster-disallow-public-endpoint",
            "eks-cluster-require-api-authentication",
            "eks-cluster-require-control-plane-logs",
            "eks-cluster-require-identity-provider",
            "eks-cluster-require-log-group",
            "eks-cluster-require-network-policy-engine",
            "eks-cluster-require-private-endpoint",
            "eks-cluster-require-secrets-encryption",
            "eks-cluster-require-workload-identity",
            "eks-cluster-restrict-public-access-cidrs",
            "eks-nodegroup-require-launch-template",
        ]);
        assert.deepEqual(policiesOf(findings.filter(f => f.enforcementLevel === "advisory")), [
            "eks-cluster-require-deletion-protection",
            "eks-cluster-require-supported-version",
            "eks-nodegroup-restrict-ami-type",
        ]);
        assert.ok(findings.some(f => /`name` is unset/.test(f.message)));
    });
});
