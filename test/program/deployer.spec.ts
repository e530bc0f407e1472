import { strict as assert } from "node:assert";
import { Deployer, deployerAccessProblem } from "../../program/deployer";
import { Cloud, ReachPath } from "../../program/types";
import { registered, runProgram, stackConfig } from "./helpers";

/** Runs `fn` with program/aws.ts declaring `reach` (as the EKS layer does from its `apiAccess`). */
async function withEksReach<T>(reach: ReachPath, fn: () => Promise<T>): Promise<T> {
    const file = require.resolve("../../program/aws");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const real = require(file);
    const cached = require.cache[file]!;
    cached.exports = { ...real, reachOf: () => reach };
    try {
        return await fn();
    } finally {
        cached.exports = real;
    }
}

const DEPLOYER_ROLE = "arn:aws:iam::123456789012:role/eks-deployer";
const NETWORK: ReachPath = { kind: "network", detail: "runner security group admitted to 443" };
const CLUSTER_STACK = "acme/hardened-cluster-blueprint/eks";
const EKS_OUTPUTS = { kubeconfig: "apiVersion: v1\nkind: Config\nclusters: []\n", cloud: "aws", stage: "cluster", identity: { cloud: "aws", oidc: { usernamePrefix: "oidc:", groupsPrefix: "oidc:" } } };

/** The EKS example's cluster and its staged baseline in one stack (stage all). */
function eksAll(overrides: Readonly<Record<string, unknown>> = {}): Record<string, string> {
    return stackConfig("eks", { "hcb:stage": undefined, "hcb:baseline": JSON.parse(stackConfig("eks-baseline")["hcb:baseline"]), ...overrides });
}

function eksCluster(change: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return { ...JSON.parse(stackConfig("eks")["hcb:cluster"]), ...change };
}

describe("the deployer identity (program/deployer.ts)", () => {
    describe("deployerAccessProblem", () => {
        const cases: [Cloud, Deployer, boolean][] = [
            ["aws", { principal: DEPLOYER_ROLE, access: "AmazonEKSClusterAdminPolicy", scope: "cluster" }, true],
            ["aws", { principal: DEPLOYER_ROLE, access: "AmazonEKSClusterAdminPolicy", scope: "namespace" }, false],
            ["aws", { principal: DEPLOYER_ROLE, access: "AmazonEKSAdminPolicy", scope: "cluster" }, false],
            ["aws", { principal: DEPLOYER_ROLE, access: "AmazonEKSEditPolicy", scope: "cluster" }, false],
            ["gcp", { principal: "serviceAccount:ci@p.iam.gserviceaccount.com", access: "roles/container.admin" }, true],
            ["gcp", { principal: "serviceAccount:ci@p.iam.gserviceaccount.com", access: "rbac:cluster-admin" }, true],
            ["gcp", { principal: "serviceAccount:ci@p.iam.gserviceaccount.com", access: "roles/container.clusterAdmin" }, false],
            ["gcp", { principal: "serviceAccount:ci@p.iam.gserviceaccount.com", access: "roles/container.developer" }, false],
            ["gcp", { principal: "serviceAccount:ci@p.iam.gserviceaccount.com", access: "roles/editor" }, false],
            ["azure", { principal: "00000000-0000-0000-0000-00000000c002", access: "Azure Kubernetes Service RBAC Cluster Admin", scope: "cluster" }, true],
            ["azure", { principal: "00000000-0000-0000-0000-00000000c002", access: "admin-group" }, true],
            ["azure", { principal: "00000000-0000-0000-0000-00000000c002", access: "Azure Kubernetes Service RBAC Cluster Admin", scope: "namespace" }, false],
            ["azure", { principal: "00000000-0000-0000-0000-00000000c002", access: "Azure Kubernetes Service RBAC Admin", scope: "cluster" }, false],
            ["azure", { principal: "00000000-0000-0000-0000-00000000c002", access: "Azure Kubernetes Service RBAC Writer", scope: "cluster" }, false],
        ];
        for (const [cloud, deployer, allowed] of cases) {
            it(`${allowed ? "accepts" : "refuses"} ${deployer.access}${deployer.scope ? ` at ${deployer.scope} scope` : ""} on ${cloud}`, () => {
                const problem = deployerAccessProblem(cloud, deployer);
                if (allowed) {
                    assert.equal(problem, undefined);
                } else {
                    assert.match(problem ?? "", /^`hcb:deployer` \(.+\) has .+, which cannot create Namespaces, ClusterRoles/);
                    assert.match(problem ?? "", /Fix: /);
                }
            });
        }
    });

    describe("EKS", () => {
        it("plans a one-run stack whose kubeconfig role EksCluster makes cluster admin, and exports it", async () => {
            const run = await withEksReach(NETWORK, () => runProgram(eksAll()));
            assert.equal(run.error, undefined, run.error?.message);
            assert.deepEqual(run.outputs["deployer"], { principal: DEPLOYER_ROLE, access: "AmazonEKSClusterAdminPolicy", scope: "cluster" });
        });

        it("refuses a declared deployer with a namespace-scoped admin policy before registering anything, naming the fix", async () => {
            const deployer = { principal: DEPLOYER_ROLE, access: "AmazonEKSAdminPolicy", scope: "namespace" };
            const run = await withEksReach(NETWORK, () => runProgram(eksAll({ "hcb:deployer": deployer })));
            assert.match(run.error?.message ?? "", /`hcb:deployer` \(arn:aws:iam::123456789012:role\/eks-deployer\) has AmazonEKSAdminPolicy at namespace scope, which cannot create/);
            assert.match(run.error?.message ?? "", /aws eks associate-access-policy .*--access-scope type=cluster/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("refuses a declared deployer that is not the role the kubeconfig assumes", async () => {
            const deployer = { principal: "arn:aws:iam::123456789012:role/someone-else", access: "AmazonEKSClusterAdminPolicy", scope: "cluster" };
            const run = await withEksReach(NETWORK, () => runProgram(eksAll({ "hcb:deployer": deployer })));
            assert.match(run.error?.message ?? "", /`hcb:deployer.principal` is arn:aws:iam::123456789012:role\/someone-else, but the kubeconfig this stack builds assumes arn:aws:iam::123456789012:role\/eks-deployer \(`hcb:cluster.deployerRoleArn`\)/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("refuses an access entry for the kubeconfig's role, which would collide with its cluster-admin entry", async () => {
            const cluster = eksCluster({ accessEntries: [{ principalArn: DEPLOYER_ROLE, policy: "admin", namespaces: ["shop"] }] });
            const run = await withEksReach(NETWORK, () => runProgram(eksAll({ "hcb:cluster": cluster })));
            assert.match(run.error?.message ?? "", /`hcb:cluster.accessEntries\[0\].principalArn` is arn:aws:iam::123456789012:role\/eks-deployer, the role the kubeconfig assumes/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("refuses a weak deployer in a baseline stage before the cluster stack is read", async () => {
            const deployer = { principal: DEPLOYER_ROLE, access: "AmazonEKSEditPolicy", scope: "cluster" };
            const run = await runProgram(stackConfig("eks-baseline", { "hcb:deployer": deployer }), { [CLUSTER_STACK]: EKS_OUTPUTS });
            assert.match(run.error?.message ?? "", /`hcb:deployer` .* has AmazonEKSEditPolicy at cluster scope/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("refuses a deployer in a cluster stage, which applies nothing as it", async () => {
            const run = await runProgram(stackConfig("eks", { "hcb:deployer": { principal: DEPLOYER_ROLE, access: "AmazonEKSClusterAdminPolicy", scope: "cluster" } }));
            assert.match(run.error?.message ?? "", /`hcb:deployer` is who applies the baseline, which a "cluster" stage does not hold/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("names each malformed field of `hcb:deployer`", async () => {
            const run = await withEksReach(NETWORK, () => runProgram(eksAll({ "hcb:deployer": { principal: "eks-deployer", access: "AmazonEKSClusterAdminPolicy", role: "x" } })));
            assert.match(run.error?.message ?? "", /`hcb:deployer.role` is not a setting of the deployer/);
            assert.match(run.error?.message ?? "", /`hcb:deployer.principal` must be the IAM role ARN the kubeconfig assumes/);
            assert.match(run.error?.message ?? "", /`hcb:deployer.scope` is required on EKS/);
            assert.deepEqual(registered(run.resources), []);
        });
    });

    describe("GKE", () => {
        it("plans the one-run example, whose deployer holds roles/container.admin", async () => {
            const config = stackConfig("gke");
            assert.equal(JSON.parse(config["hcb:deployer"]).access, "roles/container.admin");
            const run = await runProgram(config);
            assert.equal(run.error, undefined, run.error?.message);
        });

        for (const access of ["roles/container.developer", "roles/container.clusterAdmin"]) {
            it(`refuses a deployer with ${access} before registering anything`, async () => {
                const deployer = { ...JSON.parse(stackConfig("gke")["hcb:deployer"]), access };
                const run = await runProgram(stackConfig("gke", { "hcb:deployer": deployer }));
                assert.match(run.error?.message ?? "", new RegExp(`\`hcb:deployer\` \\(serviceAccount:.+\\) has ${access.replace(".", "\\.")}, which cannot create`));
                assert.match(run.error?.message ?? "", /--role=roles\/container.admin/);
                assert.deepEqual(registered(run.resources), []);
            });
        }
    });

    describe("AKS", () => {
        it("refuses a live one-run stack that names no identity able to create the baseline", async () => {
            const cluster = { ...JSON.parse(stackConfig("aks-byo")["hcb:cluster"]), deployers: [] };
            const run = await runProgram(stackConfig("aks-byo", { "hcb:cluster": cluster }));
            assert.match(run.error?.message ?? "", /`hcb:cluster.deployers` is empty and `hcb:deployer` is unset/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("accepts a member of the admin groups declared as the deployer", async () => {
            const cluster = { ...JSON.parse(stackConfig("aks-byo")["hcb:cluster"]), deployers: [] };
            const run = await runProgram(stackConfig("aks-byo", { "hcb:cluster": cluster, "hcb:deployer": { principal: "00000000-0000-0000-0000-00000000c003", access: "admin-group" } }));
            assert.equal(run.error, undefined, run.error?.message);
        });

        it("refuses a deployer with Azure Kubernetes Service RBAC Admin", async () => {
            const deployer = { principal: "00000000-0000-0000-0000-00000000c002", access: "Azure Kubernetes Service RBAC Admin", scope: "cluster" };
            const run = await runProgram(stackConfig("aks-byo", { "hcb:deployer": deployer }));
            assert.match(run.error?.message ?? "", /has Azure Kubernetes Service RBAC Admin at cluster scope, which cannot create .*list the identity in the cluster's `deployers`/);
            assert.deepEqual(registered(run.resources), []);
        });

        it("checks no deployer when Flux applies the rendered baseline (nothing is applied as the runner)", async () => {
            const cluster = { ...JSON.parse(stackConfig("aks")["hcb:cluster"]), deployers: [] };
            const run = await runProgram(stackConfig("aks", { "hcb:cluster": cluster }));
            assert.equal(run.error, undefined, run.error?.message);
        });
    });
});
