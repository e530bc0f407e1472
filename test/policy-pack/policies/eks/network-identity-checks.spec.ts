/**
 * The EKS policies added for issue 14, as table tests over small stacks: each weakening caught with
 * its message, each secure alternative accepted. Stacks are hand-built PolicyResources linked by
 * property dependencies, as the engine hands them to stack policies.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource } from "../../../../policy-pack/lib/define";
import { checkIamUserPrincipal } from "../../../../policy-pack/policies/eks/accessentry-disallow-iam-users";
import { checkClusterAdmins } from "../../../../policy-pack/policies/eks/accesspolicy-limit-cluster-admin";
import { checkClusterProtection, checkDetectorFeature, hasEksRuntimeProtection } from "../../../../policy-pack/policies/eks/guardduty-require-eks-protection";
import { checkIrsaTrust } from "../../../../policy-pack/policies/eks/iamrole-restrict-irsa-trust";
import { eksLaunchTemplateUrns } from "../../../../policy-pack/policies/eks/launch-templates";
import { checkPrivateSubnets } from "../../../../policy-pack/policies/eks/nodegroup-require-private-subnets";
import { checkPodIdentitySubjects } from "../../../../policy-pack/policies/eks/podidentity-disallow-wildcard-subjects";
import { checkInternetIngress, eksSecurityGroups, internetCidrs } from "../../../../policy-pack/policies/eks/securitygroup-disallow-internet-ingress";
import { checkFlowLogs, eksVpcUrns } from "../../../../policy-pack/policies/eks/vpc-require-flow-logs";

type Props = Record<string, unknown>;

/** A stack resource; `deps` maps a property to the resources it was computed from. */
function res(type: string, name: string, props: Props, deps: Record<string, PolicyResource[]> = {}): PolicyResource {
    const propertyDependencies: Record<string, PolicyResource[]> = {};
    for (const [k, v] of Object.entries(deps)) propertyDependencies[k] = v;
    return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, props, opts: {}, dependencies: Object.values(deps).flat(), propertyDependencies, isComponent: false } as unknown as PolicyResource;
}

function checked(r: PolicyResource): CheckedResource {
    return { type: r.type, name: r.name, urn: r.urn, props: r.props as Props };
}

const T = {
    cluster: "aws:eks/cluster:Cluster",
    entry: "aws:eks/accessEntry:AccessEntry",
    assoc: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    user: "aws:iam/user:User",
    role: "aws:iam/role:Role",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    pia: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    flowLog: "aws:ec2/flowLog:FlowLog",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    ng: "aws:eks/nodeGroup:NodeGroup",
    feature: "aws:guardduty/detectorFeature:DetectorFeature",
};

describe("eks-accessentry-disallow-iam-users", () => {
    const user = res(T.user, "alice", { name: "alice" });
    const cases: [string, PolicyResource, RegExp | "pass"][] = [
        ["accepts a role", res(T.entry, "e", { principalArn: "arn:aws:iam::123456789012:role/devs" }), "pass"],
        ["accepts a GovCloud role", res(T.entry, "e", { principalArn: "arn:aws-us-gov:iam::123456789012:role/devs" }), "pass"],
        ["refuses a user", res(T.entry, "e", { principalArn: "arn:aws:iam::123456789012:user/alice" }), /EKS access entry 'e' must grant an IAM role, not an IAM user: `principalArn` is arn:aws:iam::123456789012:user\/alice/],
        ["refuses a user in the China partition", res(T.entry, "e", { principalArn: "arn:aws-cn:iam::123456789012:user/alice" }), /not an IAM user/],
        ["refuses a user of the stack whose ARN is not known yet", res(T.entry, "e", {}, { principalArn: [user] }), /comes from the IAM user 'alice'/],
    ];
    for (const [name, r, expected] of cases) {
        it(name, () => {
            const out = checkIamUserPrincipal(checked(r), (r.propertyDependencies["principalArn"] ?? []).filter(d => d.type === T.user));
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], expected);
            }
        });
    }
});

describe("eks-accesspolicy-limit-cluster-admin", () => {
    const cluster = checked(res(T.cluster, "c", { name: "c" }));
    const config = { maximumClusterAdmins: 2, adminPolicies: ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy"], clusterAdminPrincipals: [] as string[] };
    const entry = (role: string, marker?: string) => res(T.entry, role, { principalArn: `arn:aws:iam::123456789012:role/${role}`, ...(marker ? { tags: { "hcb:cluster-admin": marker } } : {}) });
    const assoc = (role: string, policy: string, scope: Props = { type: "cluster" }) =>
        res(T.assoc, role, { principalArn: `arn:aws:iam::123456789012:role/${role}`, policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`, accessScope: scope });
    const declared = [entry("break-glass", "break-glass"), entry("deployer", "deployer")];
    const admins = [assoc("break-glass", "AmazonEKSClusterAdminPolicy"), assoc("deployer", "AmazonEKSClusterAdminPolicy")];

    it("accepts exactly the declared break-glass and deployer roles", () => {
        assert.deepEqual(checkClusterAdmins(cluster, admins, declared, config), []);
    });
    it("accepts edit and admin scoped to namespaces, and view cluster-wide", () => {
        const more = [assoc("devs", "AmazonEKSEditPolicy", { type: "namespace", namespaces: ["shop"] }), assoc("leads", "AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["shop"] }), assoc("auditors", "AmazonEKSViewPolicy")];
        assert.deepEqual(checkClusterAdmins(cluster, [...admins, ...more], declared, config), []);
    });
    const flagged: [string, PolicyResource[], PolicyResource[], RegExp][] = [
        ["an undeclared cluster admin", [...admins, assoc("ops", "AmazonEKSClusterAdminPolicy")], declared, /role\/ops \(AmazonEKSClusterAdminPolicy\) is not declared/],
        ["edit at cluster scope", [assoc("devs", "AmazonEKSEditPolicy")], declared, /role\/devs \(AmazonEKSEditPolicy\) is not declared/],
        ["admin at cluster scope", [assoc("devs", "AmazonEKSAdminPolicy")], declared, /role\/devs \(AmazonEKSAdminPolicy\) is not declared/],
        ["a marker with an unknown role", admins, [entry("break-glass", "break-glass"), entry("deployer", "root")], /role\/deployer \(AmazonEKSClusterAdminPolicy\) is not declared/],
    ];
    for (const [name, assocs, entries, expected] of flagged) {
        it(`flags ${name}`, () => {
            const out = checkClusterAdmins(cluster, assocs, entries, config);
            assert.equal(out.length, 1, out.join("\n"));
            assert.match(out[0], expected);
        });
    }
    it("flags a third declared admin past the maximum", () => {
        const out = checkClusterAdmins(cluster, [...admins, assoc("x", "AmazonEKSClusterAdminPolicy")], [...declared, entry("x", "deployer")], config);
        assert.equal(out.length, 1);
        assert.match(out[0], /at most 2 principals .*: 3 have it/);
    });
    it("accepts exactly the configured principals instead of the markers", () => {
        const cfg = { ...config, clusterAdminPrincipals: ["arn:aws:iam::123456789012:role/break-glass"] };
        const out = checkClusterAdmins(cluster, admins, declared, cfg);
        assert.equal(out.length, 1);
        assert.match(out[0], /role\/deployer .* is not declared.*`clusterAdminPrincipals`/);
    });
});

describe("eks-iamrole-restrict-irsa-trust", () => {
    const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
    const trust = (condition: Props | undefined, federated = PROVIDER) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) }] });
    const cases: [string, string, RegExp | "pass"][] = [
        ["accepts one service account by exact name", trust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:shop:api", [`${ISSUER}:aud`]: "sts.amazonaws.com" } }), "pass"],
        ["accepts a list of exact service accounts", trust({ StringEquals: { [`${ISSUER}:sub`]: ["system:serviceaccount:shop:api", "system:serviceaccount:shop:worker"] } }), "pass"],
        ["ignores roles trusted by other providers", trust(undefined, "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), "pass"],
        ["refuses no :sub condition", trust({ StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }), /no `:sub` condition/],
        ["refuses no condition at all", trust(undefined), /no `:sub` condition/],
        ["refuses a wildcard namespace", trust({ StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:*:api" } }), /admits \["system:serviceaccount:\*:api"\]/],
        ["refuses every service account", trust({ StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:*" } }), /not exact/],
        ["refuses a negated condition", trust({ StringNotEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:x" } }), /StringNotEquals/],
    ];
    for (const [name, policy, expected] of cases) {
        it(name, () => {
            const out = checkIrsaTrust(checked(res(T.role, "r", { assumeRolePolicy: policy })), false);
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1, out.join("\n"));
                assert.match(out[0], /^IAM role 'r' must trust IRSA for named service accounts only: /);
                assert.match(out[0], expected);
            }
        });
    }
    it("judges a role trusted through a provider of the stack whatever its ARN looks like", () => {
        const out = checkIrsaTrust(checked(res(T.role, "r", { assumeRolePolicy: trust(undefined, "arn:aws:iam::123456789012:oidc-provider/x") })), true);
        assert.match(out[0], /no `:sub` condition/);
    });
});

describe("eks-podidentity-disallow-wildcard-subjects", () => {
    const cases: [string, Props, RegExp | "pass"][] = [
        ["accepts one service account", { namespace: "shop", serviceAccount: "api" }, "pass"],
        ["refuses a wildcard service account", { namespace: "shop", serviceAccount: "*" }, /`serviceAccount` is "\*"/],
        ["refuses a pattern namespace", { namespace: "team-?", serviceAccount: "api" }, /`namespace` is "team-\?"/],
        ["refuses an empty namespace", { namespace: "", serviceAccount: "api" }, /`namespace` is empty/],
    ];
    for (const [name, props, expected] of cases) {
        it(name, () => {
            const out = checkPodIdentitySubjects(checked(res(T.pia, "p", props)));
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], /^EKS pod identity association 'p' must name one service account in one namespace: /);
                assert.match(out[0], expected);
            }
        });
    }
});

describe("eks-vpc-require-flow-logs", () => {
    const vpc = res(T.vpc, "v", { cidrBlock: "10.0.0.0/16" });
    const subnet = res(T.subnet, "s", { cidrBlock: "10.0.0.0/18" }, { vpcId: [vpc] });
    const cluster = res(T.cluster, "c", { name: "c" }, { vpcConfig: [subnet] });
    const other = res(T.vpc, "other", {});
    it("finds the VPC of a cluster through its subnets, and no other", () => {
        assert.deepEqual([...eksVpcUrns([vpc, subnet, cluster, other])], [vpc.urn]);
    });
    const cases: [string, PolicyResource[], RegExp | "pass"][] = [
        ["accepts a flow log of all traffic", [res(T.flowLog, "f", { trafficType: "ALL" }, { vpcId: [vpc] })], "pass"],
        ["accepts a flow log naming the VPC's known id", [res(T.flowLog, "f", { trafficType: "ALL", vpcId: "vpc-1" })], "pass"],
        ["refuses no flow log", [], /VPC 'v' must record flow logs: it holds an EKS cluster and no aws.ec2.FlowLog covers it/],
        ["refuses a flow log of another VPC", [res(T.flowLog, "f", { trafficType: "ALL" }, { vpcId: [other] })], /no aws.ec2.FlowLog covers it/],
        ["refuses rejected traffic only", [res(T.flowLog, "f", { trafficType: "REJECT" }, { vpcId: [vpc] })], /flow logs of ALL traffic: its flow logs record REJECT/],
    ];
    for (const [name, flowLogs, expected] of cases) {
        it(name, () => {
            const withId = res(T.vpc, "v", { cidrBlock: "10.0.0.0/16", id: "vpc-1" });
            const target = name.includes("known id") ? withId : vpc;
            const out = checkFlowLogs(checked(target), target, flowLogs, { trafficTypes: ["ALL"] });
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], expected);
            }
        });
    }
});

describe("eks-nodegroup-require-private-subnets", () => {
    const ng = checked(res(T.ng, "ng", {}));
    const igw = res(T.igw, "igw", {});
    const subnet = res(T.subnet, "s", { mapPublicIpOnLaunch: false });
    const table = (routes: Props[], deps: Record<string, PolicyResource[]> = {}) => res(T.rt, "rt", { routes }, deps);
    const assoc = (rt: PolicyResource) => res(T.rta, "a", {}, { subnetId: [subnet], routeTableId: [rt] });
    const cases: [string, PolicyResource[], RegExp | "pass"][] = [
        ["accepts a subnet routed through NAT", (() => { const rt = table([{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }]); return [rt, assoc(rt)]; })(), "pass"],
        ["accepts an egress-only internet gateway for IPv6", (() => { const rt = table([{ ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" }]); return [rt, assoc(rt)]; })(), "pass"],
        ["refuses an inline route to an internet gateway of the stack", (() => { const rt = table([{ cidrBlock: "0.0.0.0/0" }], { routes: [igw] }); return [igw, rt, assoc(rt)]; })(), /'s' routes to an internet gateway through 'rt'/],
        ["refuses an inline route to a known igw- id", (() => { const rt = table([{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }]); return [rt, assoc(rt)]; })(), /routes to an internet gateway/],
        ["refuses a separate route to an internet gateway", (() => { const rt = table([]); return [rt, assoc(rt), res(T.route, "r", { destinationCidrBlock: "0.0.0.0/0" }, { routeTableId: [rt], gatewayId: [igw] })]; })(), /routes to an internet gateway through 'rt'/],
    ];
    for (const [name, stack, expected] of cases) {
        it(name, () => {
            const out = checkPrivateSubnets(ng, [subnet], stack);
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], /^EKS node group 'ng' must run in private subnets: /);
                assert.match(out[0], expected);
            }
        });
    }
    it("still refuses a subnet that maps public IPs", () => {
        assert.match(checkPrivateSubnets(ng, [res(T.subnet, "p", { mapPublicIpOnLaunch: true })])[0], /'p' maps public IPs on launch/);
    });
});

describe("eks-securitygroup-disallow-internet-ingress", () => {
    it("counts networks that add up to the internet", () => {
        assert.deepEqual(internetCidrs(["0.0.0.0/0"]), ["0.0.0.0/0"]);
        assert.deepEqual(internetCidrs(["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"]), ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"]);
        assert.deepEqual(internetCidrs(["::/0", "10.0.0.0/8"]), ["::/0"]);
        assert.deepEqual(internetCidrs(["10.0.0.0/8", "0.0.0.0/1"]), []);
    });
    const cluster = res(T.cluster, "c", { name: "c" });
    const nodeSg = res(T.sg, "nodes", {});
    const lt = res(T.lt, "lt", {}, { vpcSecurityGroupIds: [nodeSg] });
    const ng = res(T.ng, "ng", { launchTemplate: { version: "1" } }, { launchTemplate: [lt] });
    const unrelated = res(T.sg, "web", {});
    const groups = eksSecurityGroups([cluster, nodeSg, lt, ng, unrelated]);
    const cases: [string, PolicyResource, RegExp | "pass"][] = [
        ["refuses 0.0.0.0/0 to 443 on the cluster security group", res(T.ingress, "api", { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443, ipProtocol: "tcp" }, { securityGroupId: [cluster] }), /admits 0\.0\.0\.0\/0/],
        ["refuses ::/0 on the cluster security group", res(T.ingress, "api6", { cidrIpv6: "::/0" }, { securityGroupId: [cluster] }), /admits ::\/0/],
        ["accepts a private network on the cluster security group", res(T.ingress, "vpn", { cidrIpv4: "10.100.0.0/16" }, { securityGroupId: [cluster] }), "pass"],
        ["refuses an internet rule on a node security group", res(T.sgRule, "ssh", { type: "ingress", cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], fromPort: 22, toPort: 22 }, { securityGroupId: [nodeSg] }), /admits 0\.0\.0\.0\/1, 128\.0\.0\.0\/1/],
        ["ignores egress rules", res(T.sgRule, "out", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }, { securityGroupId: [nodeSg] }), "pass"],
        ["refuses an inline ingress block of a node security group", nodeSg, "pass"],
        ["ignores a security group EKS does not use", res(T.ingress, "web-in", { cidrIpv4: "0.0.0.0/0" }, { securityGroupId: [unrelated] }), "pass"],
    ];
    for (const [name, rule, expected] of cases) {
        it(name, () => {
            const guards = rule.type === T.sg ? groups.groupUrns.has(rule.urn) : (rule.propertyDependencies["securityGroupId"] ?? []).some(d => groups.groupUrns.has(d.urn) || groups.clusterUrns.has(d.urn));
            const out = checkInternetIngress(checked(rule), guards);
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], /must not open an EKS cluster or node security group to the internet: /);
                assert.match(out[0], expected);
            }
        });
    }
    it("refuses an inline internet ingress on a node security group", () => {
        const open = res(T.sg, "nodes", { ingress: [{ protocol: "tcp", fromPort: 10250, toPort: 10250, cidrBlocks: ["0.0.0.0/0"] }] });
        assert.match(checkInternetIngress(checked(open), true)[0], /Security group 'nodes' must not open .* admits 0\.0\.0\.0\/0/);
    });
});

describe("launch templates judged by the EKS policies", () => {
    it("are those EKS node groups use, by dependency or by name, and no other", () => {
        const used = res(T.lt, "used", { name: "nodes-a" });
        const byName = res(T.lt, "named", { name: "nodes-b" });
        const ubuntu = res(T.lt, "ubuntu", { name: "bastion", blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true" } }] });
        const ng1 = res(T.ng, "ng1", { launchTemplate: { version: "1" } }, { launchTemplate: [used] });
        const ng2 = res(T.ng, "ng2", { launchTemplate: { name: "nodes-b", version: "$Latest" } });
        assert.deepEqual([...eksLaunchTemplateUrns([used, byName, ubuntu, ng1, ng2])].sort(), [byName.urn, used.urn].sort());
    });
});

describe("eks-guardduty-require-eks-protection", () => {
    const audit = res(T.feature, "audit", { name: "EKS_AUDIT_LOGS", status: "ENABLED" });
    const runtime = res(T.feature, "runtime", { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] });
    const cases: [string, PolicyResource, RegExp | "pass"][] = [
        ["accepts audit logs on", audit, "pass"],
        ["accepts runtime monitoring with the managed agent", runtime, "pass"],
        ["ignores other features", res(T.feature, "s3", { name: "S3_DATA_EVENTS", status: "DISABLED" }), "pass"],
        ["refuses audit logs off", res(T.feature, "audit", { name: "EKS_AUDIT_LOGS", status: "DISABLED" }), /EKS_AUDIT_LOGS is "DISABLED"/],
        ["refuses runtime monitoring off", res(T.feature, "rt", { name: "EKS_RUNTIME_MONITORING", status: "DISABLED" }), /EKS_RUNTIME_MONITORING is "DISABLED"/],
        ["refuses the managed agent off", res(T.feature, "rt", { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }] }), /EKS_ADDON_MANAGEMENT is "DISABLED"/],
        ["refuses runtime monitoring without the managed agent", res(T.feature, "rt", { name: "RUNTIME_MONITORING", status: "ENABLED" }), /EKS_ADDON_MANAGEMENT is not enabled/],
    ];
    for (const [name, r, expected] of cases) {
        it(name, () => {
            const out = checkDetectorFeature(checked(r));
            if (expected === "pass") assert.deepEqual(out, []);
            else {
                assert.equal(out.length, 1);
                assert.match(out[0], /^GuardDuty feature '.+' must /);
                assert.match(out[0], expected);
            }
        });
    }
    it("requires both features of a cluster's stack when asked", () => {
        const cluster = checked(res(T.cluster, "c", { name: "c" }));
        assert.deepEqual(checkClusterProtection(cluster, [audit, runtime]), []);
        assert.match(checkClusterProtection(cluster, [audit])[0], /enables no RUNTIME_MONITORING detector feature/);
        assert.match(checkClusterProtection(cluster, [])[0], /no EKS_AUDIT_LOGS or RUNTIME_MONITORING/);
    });
    it("tells the checklist when the stack turns runtime protection on", () => {
        assert.equal(hasEksRuntimeProtection([audit, runtime]), true);
        assert.equal(hasEksRuntimeProtection([audit]), false);
        assert.equal(hasEksRuntimeProtection([res(T.feature, "rt", { name: "RUNTIME_MONITORING", status: "ENABLED" })]), false);
    });
});
