import * as assert from "node:assert/strict";
import { runUnderMocks, RecordedResource } from "../../../cli/plan/mock-runtime";
import { refusedBeforeRegistering } from "../../helpers/component";
import { EKS_DEFAULTS, EksCluster, podIdentityTrustPolicy, privateSubnetCidrs, resolveEksArgs } from "../../../components/aws";
import { EKS_LOG_TYPES } from "../../../components/controls/eks";
import { deployEks } from "../../../program/aws";
import { ADMIN_ROLE, EXAMPLES, MINIMAL, OIDC, STACK_FILES, one, ofType, registerEks, stackCluster } from "./fixtures";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    idp: "aws:eks/identityProviderConfig:IdentityProviderConfig",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    podIdentityAssociation: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
};

/** The control-plane log group (the created VPC's flow logs have their own). */
function controlPlaneLogGroup(rs: readonly RecordedResource[]): RecordedResource {
    const found = ofType(rs, T.logGroup).filter(g => String(g.inputs["name"]).endsWith("/cluster"));
    assert.equal(found.length, 1);
    return found[0];
}

function addonNames(rs: readonly RecordedResource[]): string[] {
    return ofType(rs, T.addon).map(a => a.inputs["addonName"] as string).sort();
}

describe("EksCluster", () => {
    describe("defaults", () => {
        it("pins the documented defaults", () => {
            assert.deepEqual(JSON.parse(JSON.stringify(EKS_DEFAULTS)), {
                kubernetesVersion: "1.34",
                upgradePolicy: "STANDARD",
                vpc: { cidrBlock: "10.0.0.0/16", availabilityZoneCount: 3, flowLogs: true },
                allowPublicEndpoint: false,
                kmsKeyDeletionWindowInDays: 30,
                logRetentionInDays: 365,
                allowIamOnlyUsers: false,
                irsa: true,
                podIdentity: true,
                nodeGroups: { system: {} },
                nodeGroup: { instanceTypes: ["m7i.large"], amiType: "AL2023_x86_64_STANDARD", minSize: 2, maxSize: 4, diskSizeGiB: 50, capacityType: "ON_DEMAND", metadataHopLimit: 1 },
                oidc: { usernameClaim: "email", groupsClaim: "groups", usernamePrefix: "oidc:", groupsPrefix: "oidc:", name: "oidc" },
                deletionProtection: true,
                protect: true,
            });
        });

        it("resolves the minimal arguments to the defaults", () => {
            const r = resolveEksArgs("prod", MINIMAL);
            assert.equal(r.clusterName, "prod");
            assert.deepEqual(r.vpc, EKS_DEFAULTS.vpc);
            assert.equal(r.subnetIds, undefined);
            assert.equal(r.nodeGroups.length, 1);
            assert.equal(r.nodeGroups[0].desiredSize, 2);
            assert.equal(r.nodeGroups[0].metadataHopLimit, 1);
            assert.deepEqual(r.oidc, { ...OIDC, ...EKS_DEFAULTS.oidc });
        });

        it("lays out one private subnet per zone, two bits smaller than the VPC", () => {
            assert.deepEqual(privateSubnetCidrs("10.0.0.0/16", 3), ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]);
            assert.deepEqual(privateSubnetCidrs("10.20.0.0/20", 2), ["10.20.0.0/22", "10.20.4.0/22"]);
        });
    });

    describe("what it registers with the minimal arguments", () => {
        let rs: RecordedResource[];
        before(async () => {
            rs = await registerEks(MINIMAL);
        });

        it("creates a private-only, encrypted, logged cluster with access entries only", () => {
            const c = one(rs, T.cluster);
            assert.deepEqual(c.inputs["vpcConfig"] && (c.inputs["vpcConfig"] as Record<string, unknown>)["endpointPublicAccess"], false);
            assert.equal((c.inputs["vpcConfig"] as Record<string, unknown>)["endpointPrivateAccess"], true);
            assert.equal((c.inputs["vpcConfig"] as Record<string, unknown>)["publicAccessCidrs"], undefined);
            assert.deepEqual((c.inputs["encryptionConfig"] as Record<string, unknown>)["resources"], ["secrets"]);
            assert.deepEqual(c.inputs["enabledClusterLogTypes"], [...EKS_LOG_TYPES]);
            assert.deepEqual(c.inputs["accessConfig"], { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
            assert.equal(c.inputs["deletionProtection"], true);
            assert.equal(c.inputs["bootstrapSelfManagedAddons"], false);
            assert.equal(c.inputs["name"], "eks");
            assert.equal(c.protect, true);
        });

        it("creates a rotating, protected key whose policy keeps the account root", () => {
            const key = one(rs, T.key);
            assert.equal(key.inputs["enableKeyRotation"], true);
            assert.equal(key.inputs["deletionWindowInDays"], 30);
            assert.equal(key.protect, true);
            const policy = JSON.parse(key.inputs["policy"] as string);
            assert.deepEqual(policy.Statement[0].Principal, { AWS: "arn:aws:iam::123456789012:root" });
            assert.equal(policy.Statement[0].Action, "kms:*");
            assert.match(JSON.stringify(policy.Statement[1].Condition), /log-group:\/aws\/eks\/eks\/cluster/);
            const c = one(rs, T.cluster);
            assert.ok(c.propertyDependencies["encryptionConfig"].includes(key.urn));
        });

        it("creates the log group first, with retention and the key", () => {
            const lg = controlPlaneLogGroup(rs);
            assert.equal(lg.inputs["name"], "/aws/eks/eks/cluster");
            assert.equal(lg.inputs["retentionInDays"], 365);
            assert.ok(lg.propertyDependencies["kmsKeyId"].includes(one(rs, T.key).urn));
            assert.equal(lg.protect, true);
            assert.ok(one(rs, T.cluster).dependencies.includes(lg.urn));
        });

        it("grants cluster-admin to the break-glass role only, and signs people in through OIDC", () => {
            assert.deepEqual(ofType(rs, T.accessEntry).map(e => e.inputs["principalArn"]), [ADMIN_ROLE]);
            const assoc = one(rs, T.association);
            assert.equal(assoc.inputs["policyArn"], "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(assoc.inputs["accessScope"], { type: "cluster" });
            const idp = one(rs, T.idp);
            assert.deepEqual(idp.inputs["oidc"], {
                identityProviderConfigName: "oidc", issuerUrl: OIDC.issuerUrl, clientId: OIDC.clientId,
                usernameClaim: "email", usernamePrefix: "oidc:", groupsClaim: "groups", groupsPrefix: "oidc:",
            });
        });

        it("provides IRSA and Pod Identity, and VPC CNI network policies", () => {
            const oidc = one(rs, T.oidcProvider);
            assert.deepEqual(oidc.inputs["clientIdLists"], ["sts.amazonaws.com"]);
            assert.ok(oidc.propertyDependencies["url"].includes(one(rs, T.cluster).urn));
            assert.deepEqual(addonNames(rs), ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
            const cni = ofType(rs, T.addon).find(a => a.inputs["addonName"] === "vpc-cni")!;
            assert.deepEqual(JSON.parse(cni.inputs["configurationValues"] as string), { enableNetworkPolicy: "true" });
        });

        it("launches nodes from a template with IMDSv2, hop limit 1, encrypted volumes and no SSH", () => {
            const lt = one(rs, T.launchTemplate);
            assert.deepEqual(lt.inputs["metadataOptions"], { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
            assert.deepEqual(lt.inputs["blockDeviceMappings"], [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3", deleteOnTermination: "true" } }]);
            assert.equal(lt.inputs["keyName"], undefined);
            assert.equal(lt.inputs["networkInterfaces"], undefined);
            const ng = one(rs, T.nodeGroup);
            assert.equal((ng.inputs["launchTemplate"] as Record<string, unknown>)["id"], `${lt.name}-id`);
            assert.equal(ng.inputs["amiType"], "AL2023_x86_64_STANDARD");
            assert.equal(ng.inputs["remoteAccess"], undefined);
            assert.deepEqual(ng.inputs["scalingConfig"], { minSize: 2, maxSize: 4, desiredSize: 2 });
        });

        it("creates private subnets only, with the endpoints nodes need and no internet path", () => {
            const subnets = ofType(rs, T.subnet);
            assert.equal(subnets.length, 3);
            assert.ok(subnets.every(s => s.inputs["mapPublicIpOnLaunch"] === false));
            const ng = one(rs, T.nodeGroup);
            assert.deepEqual([...ng.propertyDependencies["subnetIds"]].sort(), subnets.map(s => s.urn).sort());
            const services = ofType(rs, T.endpoint).map(e => (e.inputs["serviceName"] as string).replace("com.amazonaws.eu-west-1.", "")).sort();
            // secretsmanager: External Secrets Operator's AWS backend, with no NAT to reach it otherwise (private-clusters.adoc, "Pod requirements").
            assert.deepEqual(services, ["ec2", "ecr.api", "ecr.dkr", "eks-auth", "kms", "logs", "s3", "secretsmanager", "sts"]);
            for (const t of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"]) {
                assert.equal(ofType(rs, t).length, 0, t);
            }
            for (const e of ofType(rs, T.endpoint)) {
                assert.ok(ng.dependencies.includes(e.urn), `node group waits for ${e.name}`);
            }
        });

        it("outputs a secret kubeconfig through a Kubernetes provider", () => {
            const provider = one(rs, "pulumi:providers:kubernetes");
            const kubeconfig = provider.inputs["kubeconfig"] as Record<string, unknown>;
            assert.equal(kubeconfig["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
            assert.ok(provider.dependencies.includes(one(rs, T.accessEntry).urn));
        });

        it("names every child after the component and parents it", () => {
            const component = one(rs, "hardened:aws:EksCluster");
            for (const r of rs.filter(x => x.custom && !x.type.startsWith("pulumi:"))) {
                assert.ok(r.name.startsWith("eks-"), r.name);
                assert.equal(r.parent, component.urn, r.name);
            }
        });
    });

    describe("documented configurations", () => {
        it("uses the subnets and key it is given, and creates neither", async () => {
            const rs = await registerEks(EXAMPLES["own-network-and-key"]);
            assert.equal(ofType(rs, T.vpc).length + ofType(rs, T.subnet).length + ofType(rs, T.key).length, 0);
            const c = one(rs, T.cluster);
            assert.deepEqual((c.inputs["vpcConfig"] as Record<string, unknown>)["subnetIds"], ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]);
            assert.equal(((c.inputs["encryptionConfig"] as Record<string, Record<string, unknown>>)["provider"])["keyArn"], EXAMPLES["own-network-and-key"].kmsKeyArn);
            assert.equal(controlPlaneLogGroup(rs).inputs["name"], "/aws/eks/payments/cluster");
            const scopes = ofType(rs, T.association).sort((a, b) => a.name.localeCompare(b.name)).map(a => [a.name, a.inputs["policyArn"], a.inputs["accessScope"]]);
            assert.deepEqual(scopes, [
                ["eks-access-0", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", { type: "namespace", namespaces: ["payments"] }],
                ["eks-access-1", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", { type: "cluster" }],
                ["eks-admin-access", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", { type: "cluster" }],
            ]);
            assert.deepEqual((one(rs, T.idp).inputs["oidc"] as Record<string, unknown>)["requiredClaims"], { hd: "example.com" });
        });

        it("encrypts both Bottlerocket volumes, runs Pod Identity without IRSA, in two zones", async () => {
            const rs = await registerEks(EXAMPLES["bottlerocket-pod-identity-only"]);
            assert.equal(ofType(rs, T.oidcProvider).length, 0);
            assert.ok(addonNames(rs).includes("eks-pod-identity-agent"));
            assert.equal(ofType(rs, T.subnet).length, 2);
            const lts = ofType(rs, T.launchTemplate);
            assert.equal(lts.length, 2);
            const system = lts.find(l => l.name === "eks-system-lt")!;
            assert.deepEqual((system.inputs["blockDeviceMappings"] as { deviceName: string; ebs: { encrypted: string } }[]).map(m => [m.deviceName, m.ebs.encrypted]), [["/dev/xvda", "true"], ["/dev/xvdb", "true"]]);
            const batch = ofType(rs, T.nodeGroup).find(n => n.name === "eks-batch-nodes")!;
            assert.equal(batch.inputs["capacityType"], "SPOT");
            assert.deepEqual(batch.inputs["taints"], [{ key: "batch", effect: "NO_SCHEDULE" }]);
        });

        it("runs IRSA without Pod Identity, and without nodes skips CoreDNS and launch templates", async () => {
            const rs = await registerEks(EXAMPLES["irsa-only-no-nodes"]);
            assert.deepEqual(addonNames(rs), ["kube-proxy", "vpc-cni"]);
            assert.equal(ofType(rs, T.oidcProvider).length, 1);
            assert.equal(ofType(rs, T.launchTemplate).length + ofType(rs, T.nodeGroup).length, 0);
            assert.ok(!ofType(rs, T.endpoint).some(e => String(e.inputs["serviceName"]).endsWith("eks-auth")));
            assert.equal(controlPlaneLogGroup(rs).inputs["retentionInDays"], 731);
        });

        it("opens a public endpoint only to the named CIDRs when opted out", async () => {
            const rs = await registerEks({ ...MINIMAL, allowPublicEndpoint: true, publicAccessCidrs: ["203.0.113.0/24"] });
            const vpc = one(rs, T.cluster).inputs["vpcConfig"] as Record<string, unknown>;
            assert.equal(vpc["endpointPublicAccess"], true);
            assert.equal(vpc["endpointPrivateAccess"], true);
            assert.deepEqual(vpc["publicAccessCidrs"], ["203.0.113.0/24"]);
        });

        it("leaves protection off only when asked", async () => {
            const rs = await registerEks({ ...MINIMAL, protect: false, deletionProtection: false });
            assert.equal(one(rs, T.cluster).protect, false);
            assert.equal(one(rs, T.key).protect, false);
            assert.equal(one(rs, T.cluster).inputs["deletionProtection"], false);
        });

        for (const file of STACK_FILES) {
            it(`accepts the example stack ${file}`, () => {
                assert.doesNotThrow(() => resolveEksArgs("eks", stackCluster(file)));
            });
        }
    });

    describe("service account bindings", () => {
        it("binds a service account through Pod Identity", async () => {
            const rs = await runUnderMocks(() => {
                const eks = new EksCluster("eks", MINIMAL);
                eks.bindServiceAccount("external-dns", { namespace: "kube-system", serviceAccount: "external-dns", roleArn: "arn:aws:iam::123456789012:role/external-dns" });
            }, { project: "hcb", stack: "test" });
            const a = one(rs, T.podIdentityAssociation);
            assert.equal(a.name, "eks-external-dns");
            assert.equal(a.inputs["clusterName"], "eks");
            assert.equal(a.inputs["namespace"], "kube-system");
            assert.equal(a.inputs["serviceAccount"], "external-dns");
        });

        it("refuses a Pod Identity binding when the agent is off, and IRSA trust when IRSA is off", async () => {
            const errors: string[] = [];
            await runUnderMocks(() => {
                const noPodIdentity = new EksCluster("a", { ...MINIMAL, clusterName: "a", podIdentity: false });
                const noIrsa = new EksCluster("b", { ...MINIMAL, clusterName: "b", irsa: false });
                for (const f of [
                    () => noPodIdentity.bindServiceAccount("x", { namespace: "n", serviceAccount: "s", roleArn: "arn:aws:iam::123456789012:role/r" }),
                    () => noIrsa.irsaTrustPolicy("n", "s"),
                ]) {
                    try {
                        f();
                    } catch (e) {
                        errors.push((e as Error).message);
                    }
                }
            }, { project: "hcb", stack: "test" });
            assert.equal(errors.length, 2);
            assert.match(errors[0], /`podIdentity` must be true/);
            assert.match(errors[1], /`irsa` must be true/);
        });

        it("trusts the Pod Identity service principal", () => {
            const policy = JSON.parse(podIdentityTrustPolicy());
            assert.deepEqual(policy.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
            assert.deepEqual(policy.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
        });
    });

    describe("bad arguments", () => {
        const cases: { name: string; args: Record<string, unknown>; problems: RegExp[] }[] = [
            { name: "no admin role and no OIDC", args: {}, problems: [/`adminRoleArn` is required/, /`oidc` is required.*`allowIamOnlyUsers: true`/] },
            { name: "a public endpoint without CIDRs", args: { ...MINIMAL, allowPublicEndpoint: true }, problems: [/`publicAccessCidrs` must list the networks/] },
            { name: "a public endpoint open to the internet", args: { ...MINIMAL, allowPublicEndpoint: true, publicAccessCidrs: ["0.0.0.0/0", "::/0"] }, problems: [/`publicAccessCidrs\[0\]` must not be 0\.0\.0\.0\/0/, /`publicAccessCidrs\[1\]` must not be ::\/0/] },
            { name: "CIDRs without the opt-out", args: { ...MINIMAL, publicAccessCidrs: ["203.0.113.0/24"] }, problems: [/`publicAccessCidrs` needs `allowPublicEndpoint: true`/] },
            { name: "both subnets and a VPC", args: { ...MINIMAL, subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], vpc: {} }, problems: [/`subnetIds` and `vpc` conflict/] },
            { name: "one subnet", args: { ...MINIMAL, subnetIds: ["subnet-0123456789abcdef0"] }, problems: [/`subnetIds` must name at least two/] },
            { name: "a malformed admin role", args: { ...MINIMAL, adminRoleArn: "break-glass" }, problems: [/`adminRoleArn` must be an ARN/] },
            { name: "an http issuer and a system: prefix", args: { ...MINIMAL, oidc: { issuerUrl: "http://idp", clientId: "k", usernamePrefix: "system:x" } }, problems: [/`oidc.issuerUrl` must be an https/, /`oidc.usernamePrefix` must not start with "system:"/] },
            { name: "neither IRSA nor Pod Identity", args: { ...MINIMAL, irsa: false, podIdentity: false }, problems: [/`irsa` and `podIdentity` must not both be false/] },
            { name: "an AL2 node group with hop limit 3", args: { ...MINIMAL, nodeGroups: { system: { amiType: "AL2_x86_64", metadataHopLimit: 3 } } }, problems: [/`nodeGroups.system.amiType` must be an AL2023 or Bottlerocket/, /`nodeGroups.system.metadataHopLimit` must be a whole number from 1 to 2/] },
            { name: "an extra cluster admin", args: { ...MINIMAL, accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/x", policy: "cluster-admin" }] }, problems: [/`accessEntries\[0\].policy` must not be cluster-admin/] },
            { name: "never-expiring logs", args: { ...MINIMAL, logRetentionInDays: 0 }, problems: [/`logRetentionInDays` must be a CloudWatch retention/] },
            { name: "a typo and wrong types from YAML", args: { ...MINIMAL, publicAcessCidrs: [], deletionProtection: "yes", tags: { a: 1 } }, problems: [/`publicAcessCidrs` is not an EksCluster argument/, /`deletionProtection` must be true or false/, /`tags` must be an object of string values/] },
            { name: "a key and a deletion window", args: { ...MINIMAL, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc", kmsKeyDeletionWindowInDays: 7 }, problems: [/`kmsKeyDeletionWindowInDays` and `kmsKeyArn` conflict/] },
        ];
        for (const c of cases) {
            it(`refuses ${c.name}, naming every problem, before registering anything`, async () => {
                const error = await refusedBeforeRegistering(() => new EksCluster("eks", c.args as never));
                assert.equal(error.problems.length, c.problems.length, error.message);
                c.problems.forEach((p, i) => assert.match(error.problems[i], p));
            });
        }
    });

    describe("program/aws.ts", () => {
        it("deploys the example stack's cluster and hands on its provider, kubeconfig and outputs", async () => {
            let keys: string[] = [];
            const rs = await runUnderMocks(() => {
                const deployed = deployEks(stackCluster("Pulumi.eks.yaml"));
                keys = Object.keys(deployed.outputs).sort();
            }, { project: "hcb", stack: "eks" });
            assert.equal(one(rs, T.cluster).inputs["name"], "hcb-prod");
            assert.equal(ofType(rs, "pulumi:providers:kubernetes").length, 1);
            assert.deepEqual(keys, [
                "certificateAuthorityData", "clusterName", "clusterSecurityGroupId", "endpoint", "kubeconfigRoleArn", "logGroupName", "nodeRoleArn",
                "oidcGroupsPrefix", "oidcIssuer", "oidcProviderArn", "oidcUsernamePrefix", "region", "secretsKeyArn", "subnetIds", "vpcId",
            ]);
        });
    });
});
