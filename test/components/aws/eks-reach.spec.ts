/**
 * Issue 13, EKS: the way into the private API (443 on the cluster security group from named
 * sources), the identity the kubeconfig uses (a deployer role with its own cluster-admin access
 * entry), the reach path the program reads, and the names RBAC subjects must use.
 */
import * as assert from "node:assert/strict";
import { RecordedResource, runUnderMocks } from "../../../cli/plan/mock-runtime";
import { InvalidArgsError } from "../../../components/args";
import { EksCluster, eksApiReach, eksSubjectNames, resolveEksArgs } from "../../../components/aws";
import { deployEks, reachOf } from "../../../program/aws";
import { ADMIN_ROLE, MINIMAL, ofType, one, stackCluster } from "./fixtures";

const DEPLOYER = "arn:aws:iam::123456789012:role/eks-deployer";
const RUNNER_SG = "sg-0123456789abcdef0";
const T = {
    rule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    cluster: "aws:eks/cluster:Cluster",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    provider: "pulumi:providers:kubernetes",
};

function problemsOf(args: Record<string, unknown>): readonly string[] {
    try {
        resolveEksArgs("eks", args);
        return [];
    } catch (e) {
        assert.ok(e instanceof InvalidArgsError, String(e));
        return e.problems;
    }
}

describe("EksCluster reach path and deployer identity", () => {
    describe("with a runner's security group, a VPN network and a deployer role", () => {
        let rs: RecordedResource[];
        let kubeconfig = "";
        before(async () => {
            rs = await runUnderMocks(() => {
                const eks = new EksCluster("eks", { ...MINIMAL, deployerRoleArn: DEPLOYER, apiAccess: { securityGroupIds: [RUNNER_SG], cidrs: ["10.100.0.0/16", "fd00:10::/48"] } });
                eks.kubeconfig.apply(k => (kubeconfig = k));
            }, { project: "hcb", stack: "test" });
        });

        it("admits each source to 443 on the cluster security group, and nothing else", () => {
            const rules = ofType(rs, T.rule);
            const cluster = one(rs, T.cluster);
            assert.deepEqual(rules.map(r => [r.inputs["referencedSecurityGroupId"], r.inputs["cidrIpv4"], r.inputs["cidrIpv6"]]), [
                [RUNNER_SG, undefined, undefined],
                [undefined, "10.100.0.0/16", undefined],
                [undefined, undefined, "fd00:10::/48"],
            ]);
            for (const r of rules) {
                assert.equal(r.inputs["ipProtocol"], "tcp");
                assert.equal(r.inputs["fromPort"], 443);
                assert.equal(r.inputs["toPort"], 443);
                // The group is the cluster's own (vpcConfig.clusterSecurityGroupId), computed from the cluster.
                assert.deepEqual(r.propertyDependencies["securityGroupId"], [cluster.urn]);
            }
            assert.equal((cluster.inputs["vpcConfig"] as Record<string, unknown>)["endpointPublicAccess"], false);
        });

        it("gives the deployer its own cluster-admin access entry, marked as declared, besides the break-glass role", () => {
            const entries = ofType(rs, T.accessEntry).map(e => [e.inputs["principalArn"], (e.inputs["tags"] as Record<string, string> | undefined)?.["hcb:cluster-admin"]]);
            assert.deepEqual(entries, [[ADMIN_ROLE, "break-glass"], [DEPLOYER, "deployer"]]);
            const deployer = ofType(rs, T.association).find(a => a.name === "eks-deployer-access")!;
            assert.equal(deployer.inputs["policyArn"], "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(deployer.inputs["accessScope"], { type: "cluster" });
        });

        it("writes a kubeconfig that assumes the deployer role, and a provider that waits for the entries and rules", () => {
            const exec = JSON.parse(kubeconfig).users[0].user.exec;
            assert.equal(exec.command, "aws");
            const args: string[] = exec.args;
            assert.equal(args[args.indexOf("--role-arn") + 1], DEPLOYER);
            assert.equal(args[args.indexOf("--cluster-name") + 1], "eks");
            const provider = one(rs, T.provider);
            for (const r of [...ofType(rs, T.accessEntry), ...ofType(rs, T.rule)]) {
                assert.ok(provider.dependencies.includes(r.urn), r.name);
            }
        });
    });

    it("falls back to the break-glass role in the kubeconfig and admits no source by default", async () => {
        let kubeconfig = "";
        const rs = await runUnderMocks(() => {
            new EksCluster("eks", MINIMAL).kubeconfig.apply(k => (kubeconfig = k));
        }, { project: "hcb", stack: "test" });
        assert.equal(ofType(rs, T.rule).length, 0);
        const args: string[] = JSON.parse(kubeconfig).users[0].user.exec.args;
        assert.equal(args[args.indexOf("--role-arn") + 1], ADMIN_ROLE);
    });

    describe("the reach path", () => {
        const BYO = { ...MINIMAL, subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] };
        const cases: { name: string; args: Record<string, unknown>; kind: string; detail: RegExp }[] = [
            { name: "a security group and a deployer in the runner's VPC", args: { ...BYO, deployerRoleArn: DEPLOYER, apiAccess: { securityGroupIds: [RUNNER_SG] } }, kind: "network", detail: /security group sg-0123456789abcdef0, as the deployer role/ },
            { name: "a private network and a deployer in the runner's VPC", args: { ...BYO, deployerRoleArn: DEPLOYER, apiAccess: { cidrs: ["10.100.0.0/16"] } }, kind: "network", detail: /network 10\.100\.0\.0\/16/ },
            { name: "a VPC this run creates, whatever it admits", args: { ...MINIMAL, deployerRoleArn: DEPLOYER, apiAccess: { securityGroupIds: [RUNNER_SG] } }, kind: "none", detail: /creates its VPC in this run.*separate stage from security group sg-0123456789abcdef0/ },
            { name: "admitted sources without a deployer", args: { ...MINIMAL, apiAccess: { cidrs: ["10.100.0.0/16"] } }, kind: "none", detail: /set `deployerRoleArn`.*run from network 10\.100\.0\.0\/16/ },
            { name: "a deployer without admitted sources", args: { ...MINIMAL, deployerRoleArn: DEPLOYER }, kind: "none", detail: /`apiAccess.securityGroupIds`.*separate stage/ },
            { name: "nothing declared", args: { ...MINIMAL }, kind: "none", detail: /`deployerRoleArn`.*`apiAccess`/ },
            { name: "the public-endpoint opt-out with a deployer", args: { ...MINIMAL, deployerRoleArn: DEPLOYER, allowPublicEndpoint: true, publicAccessCidrs: ["203.0.113.0/24"] }, kind: "public-endpoint", detail: /publicAccessCidrs/ },
        ];
        for (const c of cases) {
            it(`is ${c.kind} for ${c.name}`, () => {
                const reach = eksApiReach(resolveEksArgs("eks", c.args));
                assert.equal(reach.kind, c.kind);
                assert.match(reach.detail, c.detail);
            });
        }

        it("is what program/aws.ts hands on, with the outputs a baseline-only stage needs", async () => {
            let reach = "";
            let outputs: Record<string, unknown> = {};
            await runUnderMocks(() => {
                const d = deployEks({ ...stackCluster("Pulumi.eks-byo.yaml") });
                reach = d.reach.kind;
                outputs = d.outputs as Record<string, unknown>;
            }, { project: "hcb", stack: "eks-byo" });
            assert.equal(reach, "network");
            assert.deepEqual(reachOf(stackCluster("Pulumi.eks-byo.yaml")), { kind: "network", detail: eksApiReach(resolveEksArgs("eks", stackCluster("Pulumi.eks-byo.yaml"))).detail });
            for (const key of ["kubeconfigRoleArn", "clusterSecurityGroupId", "endpoint", "certificateAuthorityData", "oidcIssuer", "nodeRoleArn", "oidcGroupsPrefix"]) {
                assert.ok(key in outputs, key);
            }
        });
    });

    describe("refuses a way in that is not private or an identity that is not distinct", () => {
        const cases: { name: string; args: Record<string, unknown>; problems: RegExp[] }[] = [
            { name: "a public network admitted to the private endpoint", args: { ...MINIMAL, apiAccess: { cidrs: ["203.0.113.0/24"] } }, problems: [/`apiAccess.cidrs\[0\]` must be a private network .* not 203\.0\.113\.0\/24.*`allowPublicEndpoint`/] },
            { name: "the whole internet", args: { ...MINIMAL, apiAccess: { cidrs: ["0.0.0.0/0", "::/0"] } }, problems: [/`apiAccess.cidrs\[0\]` must be a private network/, /`apiAccess.cidrs\[1\]` must be a private network/] },
            { name: "a private range widened past private space", args: { ...MINIMAL, apiAccess: { cidrs: ["10.0.0.0/7"] } }, problems: [/`apiAccess.cidrs\[0\]` must be a private network/] },
            { name: "a security group name instead of its id", args: { ...MINIMAL, apiAccess: { securityGroupIds: ["ci-runners"] } }, problems: [/`apiAccess.securityGroupIds\[0\]` must be a security group id/] },
            { name: "an empty way in", args: { ...MINIMAL, apiAccess: {} }, problems: [/`apiAccess` must admit at least one/] },
            { name: "the deployer being the break-glass role", args: { ...MINIMAL, deployerRoleArn: ADMIN_ROLE }, problems: [/`deployerRoleArn` must differ from `adminRoleArn`/] },
            { name: "a deployer that is a user", args: { ...MINIMAL, deployerRoleArn: "arn:aws:iam::123456789012:user/ci" }, problems: [/`deployerRoleArn` must be an ARN like arn:aws:iam::123456789012:role/] },
        ];
        for (const c of cases) {
            it(`refuses ${c.name}`, () => {
                const problems = problemsOf(c.args);
                assert.equal(problems.length, c.problems.length, problems.join("\n"));
                c.problems.forEach((p, i) => assert.match(problems[i], p));
            });
        }
        it("accepts a GovCloud deployer role", () => {
            assert.deepEqual(problemsOf({ ...MINIMAL, deployerRoleArn: "arn:aws-us-gov:iam::123456789012:role/eks-deployer" }), []);
        });
    });

    describe("subject names", () => {
        it("exposes the identity provider config's prefixes, or none on an IAM-only cluster", () => {
            assert.deepEqual(eksSubjectNames(resolveEksArgs("eks", { ...MINIMAL, oidc: { ...MINIMAL.oidc!, groupsPrefix: "idp-groups:", usernamePrefix: "idp:" } })), { cloud: "aws", oidc: { usernamePrefix: "idp:", groupsPrefix: "idp-groups:" } });
            assert.deepEqual(eksSubjectNames(resolveEksArgs("eks", MINIMAL)), { cloud: "aws", oidc: { usernamePrefix: "oidc:", groupsPrefix: "oidc:" } });
            assert.deepEqual(eksSubjectNames(resolveEksArgs("eks", { adminRoleArn: ADMIN_ROLE, allowIamOnlyUsers: true })), { cloud: "aws" });
        });
    });
});

describe("the example EKS stacks", () => {
    it("declare the one-run path in Pulumi.eks-byo.yaml and none in the staged cluster stage Pulumi.eks.yaml", () => {
        assert.equal(eksApiReach(resolveEksArgs("eks", stackCluster("Pulumi.eks-byo.yaml"))).kind, "network");
        assert.equal(eksApiReach(resolveEksArgs("eks", stackCluster("Pulumi.eks.yaml"))).kind, "none");
    });
});

