import * as assert from "node:assert/strict";
import { EKS_CONTROLS } from "../../../../components/controls/eks";
import { CHECKLIST } from "../../../../components/controls/types";
import { eksPolicies } from "../../../../policy-pack/policies/eks";

describe("EKS policy registry", () => {
    it("pins the sorted policy names", () => {
        assert.deepEqual(eksPolicies.map(p => p.name).sort(), [
            "eks-accessentry-disallow-iam-users",
            "eks-accesspolicy-limit-cluster-admin",
            "eks-cluster-disallow-creator-admin",
            "eks-cluster-disallow-public-endpoint",
            "eks-cluster-require-api-authentication",
            "eks-cluster-require-control-plane-logs",
            "eks-cluster-require-deletion-protection",
            "eks-cluster-require-identity-provider",
            "eks-cluster-require-log-group",
            "eks-cluster-require-network-policy-engine",
            "eks-cluster-require-private-endpoint",
            "eks-cluster-require-secrets-encryption",
            "eks-cluster-require-supported-version",
            "eks-cluster-require-workload-identity",
            "eks-cluster-restrict-public-access-cidrs",
            "eks-guardduty-require-eks-protection",
            "eks-iamrole-restrict-irsa-trust",
            "eks-kmskey-require-rotation",
            "eks-kmskey-restrict-deletion",
            "eks-launchtemplate-disallow-public-ip",
            "eks-launchtemplate-limit-metadata-hops",
            "eks-launchtemplate-require-encrypted-volumes",
            "eks-launchtemplate-require-imdsv2",
            "eks-loggroup-require-encryption",
            "eks-loggroup-require-retention",
            "eks-nodegroup-disallow-ssh",
            "eks-nodegroup-require-launch-template",
            "eks-nodegroup-require-private-subnets",
            "eks-nodegroup-restrict-ami-type",
            "eks-podidentity-disallow-wildcard-subjects",
            "eks-securitygroup-disallow-internet-ingress",
            "eks-vpc-require-flow-logs",
        ]);
    });

    it("names every policy eks-<subject>-<verb>-<object>", () => {
        for (const p of eksPolicies) {
            assert.match(p.name, /^eks-[a-z]+-(require|disallow|restrict|enforce|limit)-[a-z0-9-]+$/, p.name);
        }
    });

    it("links controls and policies both ways", () => {
        const byControl = new Map(EKS_CONTROLS.map(c => [c.id, c]));
        for (const p of eksPolicies) {
            assert.ok(byControl.get(p.control)?.policies.includes(p.name), `${p.name} → ${p.control}`);
        }
        const names = new Set(eksPolicies.map(p => p.name));
        for (const c of EKS_CONTROLS) {
            assert.match(c.id, /^eks-[a-z0-9-]+$/);
            assert.ok(CHECKLIST.includes(c.checklist), c.id);
            assert.ok(c.policies.length > 0, c.id);
            c.policies.forEach(p => assert.ok(names.has(p), `${c.id} names ${p}`));
        }
    });

    it("makes security controls mandatory and hygiene advisory", () => {
        const advisory = eksPolicies.filter(p => p.enforcementLevel === "advisory").map(p => p.name).sort();
        assert.deepEqual(advisory, [
            "eks-cluster-require-deletion-protection",
            "eks-cluster-require-supported-version",
            "eks-kmskey-restrict-deletion",
            "eks-nodegroup-restrict-ami-type",
        ]);
        const low = new Set(EKS_CONTROLS.filter(c => c.severity === "low").map(c => c.id));
        for (const p of eksPolicies) {
            assert.equal(p.enforcementLevel === "advisory", low.has(p.control), p.name);
        }
    });
});
