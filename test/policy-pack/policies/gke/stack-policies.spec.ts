import { strict as assert } from "node:assert";
import { EngineResource } from "../../../../cli/engine/model";
import { checkKeyRotation, durationSeconds } from "../../../../policy-pack/policies/gke/encryption-key-rotation";
import { CRYPTO_KEY_TYPE } from "../../../../policy-pack/policies/gke/resources";
import { clusterOf, gkeDiagnostics, hardenedCluster, hardenedNodePool, nodePoolOf, resourceOf } from "./fixtures";

const KEY_URN = `urn:pulumi:s::p::${CRYPTO_KEY_TYPE}::key`;
const AGENT = "serviceAccount:service-42@container-engine-robot.iam.gserviceaccount.com";

function key(rotationPeriod: unknown): EngineResource {
    return { ...resourceOf(CRYPTO_KEY_TYPE, "key", rotationPeriod === undefined ? { keyRing: "r" } : { keyRing: "r", rotationPeriod }), urn: KEY_URN };
}

function grant(inputs: Record<string, unknown>, onKey = true): EngineResource {
    return { ...resourceOf("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "grant", inputs), propertyDependencies: onKey ? { cryptoKeyId: [KEY_URN] } : {} };
}

/** A cluster encrypting with the stack's key, depending on the given URNs. */
function cluster(dependencies: string[]): EngineResource {
    return { ...clusterOf(hardenedCluster()), dependencies, propertyDependencies: { databaseEncryption: [KEY_URN] } };
}

const GRANT = { cryptoKeyId: "k", role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: AGENT };
const grantUrn = grant(GRANT).urn;

async function policiesOf(resources: EngineResource[], config: Record<string, unknown> = {}): Promise<string[]> {
    return (await gkeDiagnostics(resources, config)).map(d => `${d.policyName}: ${d.message.split("\n")[1] ?? ""}`);
}

describe("gke-encryption-key-require-rotation", () => {
    it("accepts a key of the cluster that rotates within 90 days", async () => {
        assert.deepEqual(await policiesOf([key("7776000s"), grant(GRANT), cluster([grantUrn])]), []);
    });

    const CASES: readonly [string, unknown, RegExp][] = [
        ["denies a key that never rotates", undefined, /`rotationPeriod` is unset, so the key never rotates/],
        ["denies a yearly rotation", "31536000s", /`rotationPeriod` is 31536000s \(365 days\)/],
        ["reports a malformed period", "90d", /`rotationPeriod` must be a duration in seconds/],
        ["reports a wrong-typed period", 7776000, /`rotationPeriod` must be a string, not a number/],
    ];
    for (const [name, period, expected] of CASES) {
        it(name, async () => {
            const found = await policiesOf([key(period), grant(GRANT), cluster([grantUrn])]);
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /^gke-encryption-key-require-rotation: /);
            assert.match(found[0], expected);
        });
    }

    it("ignores keys no cluster uses", async () => {
        assert.deepEqual(await policiesOf([key(undefined), nodePoolOf(hardenedNodePool())]), []);
    });

    it("follows maxRotationDays", async () => {
        assert.deepEqual(await policiesOf([key("7776000s"), grant(GRANT), cluster([grantUrn])], { "gke-encryption-key-require-rotation": { maxRotationDays: 30 } }).then(f => f.length), 1);
        assert.deepEqual(checkKeyRotation({ type: CRYPTO_KEY_TYPE, name: "k", urn: "u", props: { rotationPeriod: "86400s" } }, { maxRotationDays: 1 }), []);
        assert.equal(durationSeconds("7776000s", "p"), 7776000);
    });
});

describe("gke-encryption-key-require-agent-grant", () => {
    it("denies a cluster whose stack key has no grant to the GKE agent", async () => {
        const found = await policiesOf([key("7776000s"), cluster([])]);
        assert.deepEqual(found.map(f => f.split(":")[0]), ["gke-encryption-key-require-agent-grant"]);
        assert.match(found[0], /no grant of that role to service-<project number>@container-engine-robot/);
    });

    it("does not count a grant to another member, or of another role", async () => {
        for (const g of [grant({ ...GRANT, member: "user:a@example.com" }), grant({ ...GRANT, role: "roles/cloudkms.viewer" }), grant(GRANT, false)]) {
            const found = await policiesOf([key("7776000s"), g, cluster([g.urn])]);
            assert.deepEqual(found.map(f => f.split(":")[0]), ["gke-encryption-key-require-agent-grant"]);
        }
    });

    it("denies a cluster that does not depend on the grant", async () => {
        const found = await policiesOf([key("7776000s"), grant(GRANT), cluster([])]);
        assert.equal(found.length, 1);
        assert.match(found[0], /must depend on the grant .* \('grant'\)/);
    });

    it("matches a brought key by name, and accepts a brought key granted outside the stack", async () => {
        const keyName = (hardenedCluster()["databaseEncryption"] as Record<string, string>)["keyName"];
        const byName = grant({ ...GRANT, cryptoKeyId: keyName }, false);
        assert.deepEqual(await policiesOf([byName, { ...clusterOf(hardenedCluster()), dependencies: [byName.urn] }]), []);
        assert.equal((await policiesOf([byName, clusterOf(hardenedCluster())])).length, 1);
        assert.deepEqual(await policiesOf([clusterOf(hardenedCluster())]), []);
    });

    describe("a grant on the key ring, inherited by its keys (a false alarm before)", () => {
        const RING_URN = "urn:pulumi:s::p::gcp:kms/keyRing:KeyRing::ring";
        const ring = { ...resourceOf("gcp:kms/keyRing:KeyRing", "ring", { location: "europe-west1" }), urn: RING_URN };
        const ringedKey = { ...key("7776000s"), propertyDependencies: { keyRing: [RING_URN] } };
        const ringGrant = (inputs: Record<string, unknown>, onRing = true): EngineResource => ({
            ...resourceOf("gcp:kms/keyRingIAMMember:KeyRingIAMMember", "ring-grant", inputs),
            propertyDependencies: onRing ? { keyRingId: [RING_URN] } : {},
        });
        const RING_GRANT = { keyRingId: "r", role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: AGENT };

        it("accepts the agent's role granted on the key's ring, which the cluster waits for", async () => {
            const g = ringGrant(RING_GRANT);
            assert.deepEqual(await policiesOf([ring, ringedKey, g, cluster([g.urn])]), []);
        });

        it("accepts a ring grant matched by the brought key's name", async () => {
            const keyName = (hardenedCluster()["databaseEncryption"] as Record<string, string>)["keyName"];
            const g = ringGrant({ ...RING_GRANT, keyRingId: keyName.slice(0, keyName.indexOf("/cryptoKeys/")) }, false);
            assert.deepEqual(await policiesOf([g, { ...clusterOf(hardenedCluster()), dependencies: [g.urn] }]), []);
        });

        it("still denies a ring grant to someone else, on another ring, or that the cluster does not wait for", async () => {
            const other = { ...resourceOf("gcp:kms/keyRing:KeyRing", "other", {}), urn: "urn:pulumi:s::p::gcp:kms/keyRing:KeyRing::other" };
            for (const [g, deps] of [
                [ringGrant({ ...RING_GRANT, member: "user:a@example.com" }), true],
                [{ ...ringGrant(RING_GRANT), propertyDependencies: { keyRingId: [other.urn] } }, true],
                [ringGrant(RING_GRANT), false],
            ] as const) {
                const found = await policiesOf([ring, other, ringedKey, g, cluster(deps ? [g.urn] : [])]);
                assert.deepEqual(found.map(f => f.split(":")[0]), ["gke-encryption-key-require-agent-grant"], found.join("\n"));
            }
        });
    });

    it("reports a wrong-typed binding member list", async () => {
        const binding = { ...resourceOf("gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding", "b", { ...GRANT, member: undefined, members: "x" }), propertyDependencies: { cryptoKeyId: [KEY_URN] } };
        const found = await policiesOf([key("7776000s"), binding, cluster([binding.urn])]);
        assert.equal(found.length, 1);
        assert.match(found[0], /`members` must be an array, not a string/);
    });
});

describe("gke-node-service-account-restrict-roles", () => {
    const SA_URN = "urn:pulumi:s::p::gcp:serviceaccount/account:Account::nodes";
    const account = { ...resourceOf("gcp:serviceaccount/account:Account", "nodes", { accountId: "nodes" }), urn: SA_URN };
    const pool = { ...nodePoolOf(hardenedNodePool()), propertyDependencies: { nodeConfig: [SA_URN] } };
    const member = (role: string, dependsOnAccount: boolean, m = "serviceAccount:other@p.iam.gserviceaccount.com"): EngineResource => ({
        ...resourceOf("gcp:projects/iAMMember:IAMMember", `m-${role}`, { project: "p", role, member: m }),
        propertyDependencies: dependsOnAccount ? { member: [SA_URN] } : {},
    });

    it("accepts the node roles", async () => {
        assert.deepEqual(await policiesOf([account, pool, member("roles/container.defaultNodeServiceAccount", true), member("roles/artifactregistry.reader", true)]), []);
    });

    it("denies Editor for an account a pool runs as (found by dependency)", async () => {
        const found = await policiesOf([account, pool, member("roles/editor", true)]);
        assert.deepEqual(found.map(f => f.split(":")[0]), ["gke-node-service-account-restrict-roles"]);
        assert.match(found[0], /`role` is "roles\/editor", which is not in allowedRoles/);
    });

    it("denies a broad role for a node account named by its email", async () => {
        const sa = (hardenedNodePool()["nodeConfig"] as Record<string, string>)["serviceAccount"];
        const found = await policiesOf([nodePoolOf(hardenedNodePool()), member("roles/storage.admin", false, `serviceAccount:${sa}`)]);
        assert.equal(found.length, 1);
    });

    it("ignores grants to accounts no pool runs as", async () => {
        assert.deepEqual(await policiesOf([account, pool, member("roles/owner", false)]), []);
    });

    describe("through an authoritative project IAMPolicy", () => {
        const sa = (hardenedNodePool()["nodeConfig"] as Record<string, string>)["serviceAccount"];
        const policy = (bindings: unknown[]) => resourceOf("gcp:projects/iAMPolicy:IAMPolicy", "project-policy", { project: "p", policyData: JSON.stringify({ bindings }) });
        for (const role of ["roles/owner", "roles/editor"]) {
            it(`denies ${role} for a node account among the policy's bindings (CKV_GCP_117)`, async () => {
                const found = await policiesOf([nodePoolOf(hardenedNodePool()), policy([{ role: "roles/logging.logWriter", members: [`serviceAccount:${sa}`] }, { role, members: ["group:admins@example.com", `serviceAccount:${sa}`] }])]);
                assert.deepEqual(found.map(f => f.split(":")[0]), ["gke-node-service-account-restrict-roles"]);
                assert.match(found[0], new RegExp(`\`role\` is "${role.replace("/", "\\/")}"`));
            });
        }

        it("accepts a policy that gives the node account only node roles, and Owner to people", async () => {
            assert.deepEqual(await policiesOf([nodePoolOf(hardenedNodePool()), policy([{ role: "roles/container.defaultNodeServiceAccount", members: [`serviceAccount:${sa}`] }, { role: "roles/owner", members: ["group:admins@example.com"] }])]), []);
        });

        it("reports policyData that is not JSON as unverifiable", async () => {
            const bad = resourceOf("gcp:projects/iAMPolicy:IAMPolicy", "project-policy", { project: "p", policyData: "{not json" });
            const found = await policiesOf([nodePoolOf(hardenedNodePool()), bad]);
            assert.equal(found.length, 1);
            assert.match(found[0], /`policyData` must be a JSON IAM policy/);
        });
    });

    it("follows allowedRoles", async () => {
        assert.deepEqual(await policiesOf([account, pool, member("roles/storage.objectViewer", true)], { "gke-node-service-account-restrict-roles": { allowedRoles: ["roles/storage.objectViewer"] } }), []);
    });
});

describe("gke-project-require-binary-authorization-policy", () => {
    it("accepts a hand-built cluster whose stack manages the project's policy, and refuses it without one", async () => {
        const resources = [clusterOf(hardenedCluster()), nodePoolOf(hardenedNodePool())];
        assert.deepEqual(await gkeDiagnostics(resources), []);
        const without = await gkeDiagnostics(resources, {}, { projectPolicy: false });
        assert.deepEqual(without.map(d => `${d.policyName}:${d.enforcementLevel}`), ["gke-project-require-binary-authorization-policy:mandatory"]);
        assert.match(without[0].message, /\(checklist "image signing and verification"\): Binary Authorization on gcp:container\/cluster:Cluster 'by-hand' enforces the project's policy, but no policy is managed in the stack/);
    });
});
