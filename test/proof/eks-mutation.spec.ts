/**
 * The mutation proof over EKS workload identities, which the example stacks do not hold: a Pod
 * Identity association and an IRSA role built with EksCluster's helpers, and GuardDuty features.
 * Every mutation of a property the pack reads must be reported or explained.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runUnderMocks } from "../../cli/plan/mock-runtime";
import { EksCluster } from "../../components/aws";
import { runMutations } from "../../scripts/proof/mutation";

describe("mutation proof: EKS workload identities and GuardDuty", () => {
    it("reports every mutation of the IRSA trust, the Pod Identity association and the detector features", async () => {
        const stack = await runUnderMocks(() => {
            const eks = new EksCluster("eks", {
                adminRoleArn: "arn:aws:iam::123456789012:role/eks-break-glass",
                oidc: { issuerUrl: "https://login.example.com/oauth2/default", clientId: "kubernetes" },
                guardDuty: { detectorId: "0123456789abcdef0123456789abcdef" },
                nodeGroups: {},
            });
            eks.bindServiceAccount("api", { namespace: "shop", serviceAccount: "api", roleArn: "arn:aws:iam::123456789012:role/shop-api" });
            new aws.iam.Role("shop-worker", { assumeRolePolicy: eks.irsaTrustPolicy("shop", "worker") });
        }, { project: "hcb", stack: "test", preview: false });
        const types = ["aws:iam/role:Role", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:guardduty/detectorFeature:DetectorFeature"];
        const run = await runMutations(stack, { select: m => types.some(t => m.describe.length > 0 && stack.some(r => r.type === t)) });
        const ours = run.outcomes.filter(o => types.includes(o.type));
        const survivors = ours.filter(o => !o.caught && !o.explanation).map(o => `${o.type} ${o.mutation.describe}`);
        assert.deepEqual(survivors, [], survivors.join("\n"));
        for (const t of types) {
            assert.ok(ours.some(o => o.type === t && o.caught), `no mutation of ${t} was caught`);
        }
    });
});
