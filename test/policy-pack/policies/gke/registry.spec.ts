import { strict as assert } from "node:assert";
import { CHECKLIST } from "../../../../components/controls";
import { GKE_CONTROLS } from "../../../../components/controls/gke";
import { gkePolicies } from "../../../../policy-pack/policies/gke";

describe("the GKE policy registry", () => {
    it("pins the sorted policy names", () => {
        assert.deepEqual(gkePolicies.map(p => p.name).sort(), [
            "gke-cluster-disallow-alpha-features",
            "gke-cluster-disallow-client-certificate",
            "gke-cluster-disallow-default-node-pool",
            "gke-cluster-disallow-insecure-rbac-bindings",
            "gke-cluster-disallow-legacy-abac",
            "gke-cluster-disallow-public-endpoint",
            "gke-cluster-require-binary-authorization",
            "gke-cluster-require-control-plane-logging",
            "gke-cluster-require-deletion-protection",
            "gke-cluster-require-google-groups",
            "gke-cluster-require-intranode-visibility",
            "gke-cluster-require-network-policy",
            "gke-cluster-require-release-channel",
            "gke-cluster-require-secrets-encryption",
            "gke-cluster-require-security-posture",
            "gke-cluster-require-vpc-native",
            "gke-cluster-require-workload-identity",
            "gke-cluster-restrict-anonymous-authentication",
            "gke-cluster-restrict-authorized-networks",
            "gke-cluster-restrict-dns-endpoint-credentials",
            "gke-encryption-key-require-agent-grant",
            "gke-encryption-key-require-rotation",
            "gke-node-service-account-restrict-roles",
            "gke-nodes-disallow-default-service-account",
            "gke-nodes-disallow-kubelet-readonly-port",
            "gke-nodes-disallow-legacy-metadata",
            "gke-nodes-disallow-public-ips",
            "gke-nodes-require-auto-upgrade",
            "gke-nodes-require-boot-disk-cmek",
            "gke-nodes-require-cos-containerd",
            "gke-nodes-require-metadata-server",
            "gke-nodes-require-shielded-boot",
            "gke-project-require-binary-authorization-policy",
            "gke-service-account-disallow-keys",
        ]);
    });

    it("names each policy gke-<subject>-<verb>-<object> with a verb of the fixed set", () => {
        for (const p of gkePolicies) {
            assert.match(p.name, /^gke-[a-z-]+?-(require|disallow|restrict|enforce|limit)-[a-z-]+$/, p.name);
        }
    });

    it("ties every policy to the control that lists it, and every control to existing policies", () => {
        const names = new Set(gkePolicies.map(p => p.name));
        for (const c of GKE_CONTROLS) {
            assert.match(c.id, /^gke-/);
            assert.ok((CHECKLIST as readonly string[]).includes(c.checklist), `${c.id} checklist line`);
            assert.ok(c.policies.length > 0, `${c.id} has policies`);
            for (const p of c.policies) {
                assert.ok(names.has(p), `${c.id} names ${p}`);
            }
        }
        for (const p of gkePolicies) {
            const owners = GKE_CONTROLS.filter(c => c.policies.includes(p.name));
            assert.deepEqual(owners.map(c => c.id), [p.control], p.name);
        }
    });

    it("makes security controls mandatory and only hygiene advisory", () => {
        const advisory = gkePolicies.filter(p => p.enforcementLevel === "advisory").map(p => p.name).sort();
        assert.deepEqual(advisory, [
            "gke-cluster-disallow-default-node-pool",
            "gke-cluster-require-deletion-protection",
            "gke-cluster-require-google-groups",
            "gke-cluster-require-intranode-visibility",
            "gke-cluster-require-release-channel",
            "gke-cluster-require-vpc-native",
        ]);
    });
});
