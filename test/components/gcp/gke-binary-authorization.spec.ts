/**
 * GkeCluster's managed Binary Authorization policy (checklist "image signing and verification",
 * CIS GKE 5.10.4): deny by default with the user's attestors, enforced, Google's system images
 * admitted by the system policy; required unless named opt-out; project-wide.
 */
import { strict as assert } from "node:assert";
import { InvalidArgsError } from "../../../components/args";
import { resolveGkeArgs } from "../../../components/gcp";
import { ATTESTOR, GKE_MINIMAL, byType, only, registerGke } from "./helpers";

const POLICY = "gcp:binaryauthorization/policy:Policy";
const MIRROR = "europe-west1-docker.pkg.dev/my-gke-project/upstream/**";
const REASON = "the project's policy is managed by stack platform/binauthz";

function problemsOf(args: Record<string, unknown>): readonly string[] {
    try {
        resolveGkeArgs(args);
        return [];
    } catch (e) {
        if (e instanceof InvalidArgsError) {
            return e.problems;
        }
        throw e;
    }
}

describe("GkeCluster binaryAuthorizationPolicy", () => {
    it("manages the project's policy: attestations by the given attestors required and enforced, system images by Google's policy, only the named exemptions", async () => {
        const rs = await registerGke({ ...GKE_MINIMAL, project: "my-gke-project", binaryAuthorizationPolicy: { attestors: [ATTESTOR], exemptImages: [MIRROR] } });
        const policy = only(rs, POLICY);
        assert.equal(policy.name, "gke-binauthz-policy");
        assert.equal(policy.inputs["project"], "my-gke-project");
        assert.equal(policy.inputs["globalPolicyEvaluationMode"], "ENABLE");
        assert.deepEqual(policy.inputs["defaultAdmissionRule"], { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: [ATTESTOR] });
        assert.deepEqual(policy.inputs["admissionWhitelistPatterns"], [{ namePattern: MIRROR }]);
        assert.equal(policy.inputs["clusterAdmissionRules"], undefined, "no per-cluster rule can open a hole");
        assert.deepEqual(only(rs, "gcp:container/cluster:Cluster").inputs["binaryAuthorization"], { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
    });

    it("sets the policy after the Binary Authorization API is on, and before any workload goes through the cluster's provider", async () => {
        const rs = await registerGke({ ...GKE_MINIMAL });
        const policy = only(rs, POLICY);
        const api = byType(rs, "gcp:projects/service:Service").find(s => s.inputs["service"] === "binaryauthorization.googleapis.com")!;
        assert.ok(policy.dependencies.includes(api.urn), "the policy waits for its API");
        assert.ok(only(rs, "pulumi:providers:kubernetes").dependencies.includes(policy.urn), "the in-cluster layer waits for the policy");
    });

    it("refuses to enforce the project's policy without managing it or naming why not", () => {
        const problems = problemsOf({ location: "europe-west1" });
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(problems[0], /^`binaryAuthorizationPolicy` is required: .*admits every image.*`optOuts\.binaryAuthorizationPolicy`/);
    });

    it("records a named opt-out on the component, where the pack reads its reason, and manages no policy", async () => {
        const rs = await registerGke({ location: "europe-west1", optOuts: { binaryAuthorizationPolicy: { reason: REASON } } });
        assert.equal(byType(rs, POLICY).length, 0);
        assert.deepEqual(only(rs, "hardened:gcp:GkeCluster").inputs, { optOuts: { binaryAuthorizationPolicy: { reason: REASON } } });
        assert.deepEqual(only(rs, "gcp:container/cluster:Cluster").inputs["binaryAuthorization"], { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" }, "the cluster still enforces the project's policy");
    });

    it("needs no policy when the cluster does not enforce Binary Authorization (reported by gke-cluster-require-binary-authorization)", () => {
        assert.deepEqual(problemsOf({ location: "europe-west1", enforceBinaryAuthorization: false }), []);
        assert.equal(resolveGkeArgs({ location: "europe-west1", enforceBinaryAuthorization: false }).binaryAuthorizationPolicy, undefined);
    });

    const BAD: readonly [string, Record<string, unknown>, RegExp][] = [
        ["no attestors", { binaryAuthorizationPolicy: { attestors: [] } }, /`binaryAuthorizationPolicy.attestors` must be a non-empty list of attestor names/],
        ["an attestor that is not a resource name", { binaryAuthorizationPolicy: { attestors: ["built-by-ci"] } }, /`binaryAuthorizationPolicy.attestors` must be .*`projects\/<project>\/attestors\/<attestor>`/],
        ["a wildcard in the registry", { binaryAuthorizationPolicy: { attestors: [ATTESTOR], exemptImages: ["*.pkg.dev/x/**"] } }, /`binaryAuthorizationPolicy.exemptImages` must be a list of image patterns/],
        ["a pattern that exempts everything", { binaryAuthorizationPolicy: { attestors: [ATTESTOR], exemptImages: ["**"] } }, /`binaryAuthorizationPolicy.exemptImages` must be a list of image patterns/],
        ["an unknown setting", { binaryAuthorizationPolicy: { attestors: [ATTESTOR], mode: "ALWAYS_ALLOW" } }, /`binaryAuthorizationPolicy.mode` is not a setting of binaryAuthorizationPolicy/],
        ["a policy the cluster does not enforce", { binaryAuthorizationPolicy: { attestors: [ATTESTOR] }, enforceBinaryAuthorization: false }, /`binaryAuthorizationPolicy` and `enforceBinaryAuthorization: false` conflict/],
        ["a policy and its opt-out", { binaryAuthorizationPolicy: { attestors: [ATTESTOR] }, optOuts: { binaryAuthorizationPolicy: { reason: REASON } } }, /`binaryAuthorizationPolicy` and `optOuts.binaryAuthorizationPolicy` conflict/],
        ["an opt-out without a reason", { optOuts: { binaryAuthorizationPolicy: { reason: "other stack" } } }, /`optOuts.binaryAuthorizationPolicy.reason` must say why in at least 20 characters/],
        ["an opt-out of something else", { binaryAuthorizationPolicy: { attestors: [ATTESTOR] }, optOuts: { binaryAuthorization: { reason: REASON } } }, /`optOuts.binaryAuthorization` is not a setting of optOuts/],
    ];
    for (const [what, args, message] of BAD) {
        it(`refuses ${what}, naming the field`, () => {
            const problems = problemsOf({ location: "europe-west1", ...args });
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], message);
        });
    }
});
