import { strict as assert } from "node:assert";
import { RecordedResource } from "../../../cli/plan/mock-runtime";
import { GkeClusterArgs } from "../../../components/gcp";
import { mutated, registerGke, runPack, stackCluster, summary, GKE_MINIMAL } from "./helpers";

/**
 * The one advisory a configuration without `rbacSecurityGroup` may show: Google Groups for RBAC
 * need a Workspace / Cloud Identity domain the component cannot assume, so it stays an option and
 * the pack keeps advising it (Checkov CKV_GCP_65 does the same).
 */
const GROUPS_ADVISORY = "gke-cluster-require-google-groups";

function withoutGroupsAdvisory(d: Awaited<ReturnType<typeof runPack>>, args: Record<string, unknown>) {
    return args["rbacSecurityGroup"] === undefined ? d.filter(x => !(x.policyName === GROUPS_ADVISORY && x.enforcementLevel === "advisory")) : d;
}

const EXAMPLES: Readonly<Record<string, () => Record<string, unknown>>> = {
    "the defaults": () => ({ ...GKE_MINIMAL }),
    "Pulumi.gke.yaml": () => stackCluster("Pulumi.gke.yaml"),
    "Pulumi.gke-ci.yaml": () => stackCluster("Pulumi.gke-ci.yaml"),
    "Pulumi.gke-byo.yaml": () => stackCluster("Pulumi.gke-byo.yaml"),
    "a zonal cluster whose brought key is granted outside the stack": () => ({ ...GKE_MINIMAL, location: "europe-west1-b", grantKeyToServiceAgent: false, secretsKey: "projects/k/locations/europe-west1/keyRings/r/cryptoKeys/k" }),
};

describe("the pack over GkeCluster", () => {
    for (const [name, args] of Object.entries(EXAMPLES)) {
        it(`reports no violation for ${name}`, async () => {
            const a = args();
            const diagnostics = withoutGroupsAdvisory(await runPack(await registerGke(a)), a);
            assert.deepEqual(summary(diagnostics), []);
        });
    }

    it("reports the Google Groups advisory, and only it, when no group is set", async () => {
        const diagnostics = await runPack(await registerGke({ ...GKE_MINIMAL }));
        assert.deepEqual(diagnostics.map(d => `${d.policyName}:${d.enforcementLevel}`), [`${GROUPS_ADVISORY}:advisory`]);
    });

    describe("catches each opt-out", () => {
        const OPT_OUTS: readonly [string, Partial<GkeClusterArgs>, string, string][] = [
            ["allowPublicEndpoint", { allowPublicEndpoint: true, masterAuthorizedNetworks: [{ cidrBlock: "203.0.113.0/24" }] }, "gke-cluster-disallow-public-endpoint", "mandatory"],
            ["limitAnonymousAuthentication: false", { limitAnonymousAuthentication: false }, "gke-cluster-restrict-anonymous-authentication", "mandatory"],
            ["enforceBinaryAuthorization: false", { enforceBinaryAuthorization: false, binaryAuthorizationPolicy: undefined }, "gke-cluster-require-binary-authorization", "mandatory"],
            ["deletionProtection: false", { deletionProtection: false }, "gke-cluster-require-deletion-protection", "advisory"],
            ["intranodeVisibility: false", { intranodeVisibility: false }, "gke-cluster-require-intranode-visibility", "advisory"],
        ];
        for (const [label, args, policy, level] of OPT_OUTS) {
            it(`flags ${label} with ${policy}`, async () => {
                const a = { ...GKE_MINIMAL, rbacSecurityGroup: "gke-security-groups@example.com", ...args };
                const diagnostics = await runPack(await registerGke(a));
                assert.deepEqual(diagnostics.map(d => `${d.policyName}:${d.enforcementLevel}`), [`${policy}:${level}`], summary(diagnostics).join("\n"));
            });
        }
    });

    it("meets a stack's demand for customer keys with `bootDiskKmsKey`, and reports its absence", async () => {
        const ask = { "gke-nodes-require-boot-disk-cmek": { requireCustomerKeys: true } };
        const byo = stackCluster("Pulumi.gke-byo.yaml");
        assert.deepEqual(summary(await runPack(await registerGke(byo), ask)), []);
        const diagnostics = await runPack(await registerGke({ ...GKE_MINIMAL, rbacSecurityGroup: "gke-security-groups@example.com" }), ask);
        assert.deepEqual([...new Set(diagnostics.map(d => d.policyName))], ["gke-nodes-require-boot-disk-cmek"]);
        assert.equal(diagnostics.length, 2, "the pool and the transient default pool");
    });

    describe("catches each weakening of a registered resource", () => {
        let base: RecordedResource[];
        before(async () => {
            base = await registerGke({ ...GKE_MINIMAL, rbacSecurityGroup: "gke-security-groups@example.com" });
        });

        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        type Inputs = Record<string, any>;
        const CASES: readonly [string, string, (i: Inputs) => void, string][] = [
            ["private endpoint off", "gke-cluster", i => { i.privateClusterConfig.enablePrivateEndpoint = false; }, "gke-cluster-disallow-public-endpoint"],
            ["0.0.0.0/0 authorized", "gke-cluster", i => { i.masterAuthorizedNetworksConfig.cidrBlocks = [{ cidrBlock: "0.0.0.0/0" }]; }, "gke-cluster-restrict-authorized-networks"],
            ["private nodes off", "gke-cluster", i => { i.privateClusterConfig.enablePrivateNodes = false; }, "gke-nodes-disallow-public-ips"],
            ["pool with public IPs", "gke-general", i => { i["networkConfig"] = { enablePrivateNodes: false }; }, "gke-nodes-disallow-public-ips"],
            ["Secrets decrypted", "gke-cluster", i => { i.databaseEncryption.state = "DECRYPTED"; }, "gke-cluster-require-secrets-encryption"],
            ["key rotation removed", "gke-secrets-key", i => { delete i["rotationPeriod"]; }, "gke-encryption-key-require-rotation"],
            ["key rotation of a year", "gke-secrets-key", i => { i["rotationPeriod"] = "31536000s"; }, "gke-encryption-key-require-rotation"],
            ["key grant to someone else", "gke-secrets-key-agent", i => { i["member"] = "user:alice@example.com"; }, "gke-encryption-key-require-agent-grant"],
            ["Workload Identity off", "gke-cluster", i => { delete i["workloadIdentityConfig"]; }, "gke-cluster-require-workload-identity"],
            ["pool on GCE metadata", "gke-general", i => { i.nodeConfig.workloadMetadataConfig = { mode: "GCE_METADATA" }; }, "gke-nodes-require-metadata-server"],
            ["pool on the default account", "gke-general", i => { delete i.nodeConfig.serviceAccount; }, "gke-nodes-disallow-default-service-account"],
            ["node account made Editor", "gke-nodes-artifactregistry-reader", i => { i["role"] = "roles/editor"; }, "gke-node-service-account-restrict-roles"],
            ["client certificate", "gke-cluster", i => { i["masterAuth"] = { clientCertificateConfig: { issueClientCertificate: true } }; }, "gke-cluster-disallow-client-certificate"],
            ["legacy ABAC", "gke-cluster", i => { i["enableLegacyAbac"] = true; }, "gke-cluster-disallow-legacy-abac"],
            ["insecure RBAC binding", "gke-cluster", i => { i.rbacBindingConfig.enableInsecureBindingSystemUnauthenticated = true; }, "gke-cluster-disallow-insecure-rbac-bindings"],
            ["anonymous authentication", "gke-cluster", i => { delete i["anonymousAuthenticationConfig"]; }, "gke-cluster-restrict-anonymous-authentication"],
            ["no Google Groups", "gke-cluster", i => { delete i["authenticatorGroupsConfig"]; }, "gke-cluster-require-google-groups"],
            ["legacy dataplane", "gke-cluster", i => { i["datapathProvider"] = "LEGACY_DATAPATH"; }, "gke-cluster-require-network-policy"],
            ["routes-based", "gke-cluster", i => { i["networkingMode"] = "ROUTES"; }, "gke-cluster-require-vpc-native"],
            ["secure boot off", "gke-general", i => { i.nodeConfig.shieldedInstanceConfig = { enableSecureBoot: false, enableIntegrityMonitoring: true }; }, "gke-nodes-require-shielded-boot"],
            ["Ubuntu nodes", "gke-general", i => { i.nodeConfig.imageType = "UBUNTU_CONTAINERD"; }, "gke-nodes-require-cos-containerd"],
            ["auto-upgrade off", "gke-general", i => { i.management.autoUpgrade = false; }, "gke-nodes-require-auto-upgrade"],
            ["no release channel", "gke-cluster", i => { delete i["releaseChannel"]; }, "gke-cluster-require-release-channel"],
            ["kubelet read-only port on", "gke-general", i => { i.nodeConfig.kubeletConfig = { insecureKubeletReadonlyPortEnabled: "TRUE" }; }, "gke-nodes-disallow-kubelet-readonly-port"],
            ["Binary Authorization off", "gke-cluster", i => { delete i["binaryAuthorization"]; }, "gke-cluster-require-binary-authorization"],
            ["API server logs off", "gke-cluster", i => { i.loggingConfig.enableComponents = ["SYSTEM_COMPONENTS"]; }, "gke-cluster-require-control-plane-logging"],
            ["alpha features", "gke-cluster", i => { i["enableKubernetesAlpha"] = true; }, "gke-cluster-disallow-alpha-features"],
            ["deletion protection off", "gke-cluster", i => { i["deletionProtection"] = false; }, "gke-cluster-require-deletion-protection"],
            ["default pool kept", "gke-cluster", i => { i["removeDefaultNodePool"] = false; }, "gke-cluster-disallow-default-node-pool"],
            ["Kubernetes tokens on the DNS endpoint", "gke-cluster", i => { i.controlPlaneEndpointsConfig.dnsEndpointConfig.enableK8sTokensViaDns = true; }, "gke-cluster-restrict-dns-endpoint-credentials"],
            ["private-endpoint enforcement off", "gke-cluster", i => { i.masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled = false; }, "gke-cluster-restrict-authorized-networks"],
            ["the internet in two halves", "gke-cluster", i => { i.masterAuthorizedNetworksConfig.cidrBlocks = [{ cidrBlock: "0.0.0.0/1" }, { cidrBlock: "128.0.0.0/1" }]; }, "gke-cluster-restrict-authorized-networks"],
            ["legacy metadata endpoints back on", "gke-general", i => { i.nodeConfig.metadata = { "disable-legacy-endpoints": "false" }; }, "gke-nodes-disallow-legacy-metadata"],
            ["security posture off", "gke-cluster", i => { i["securityPostureConfig"] = { mode: "DISABLED" }; }, "gke-cluster-require-security-posture"],
            ["intranode visibility off", "gke-cluster", i => { i["enableIntranodeVisibility"] = false; }, "gke-cluster-require-intranode-visibility"],
            ["the pool's kubelet setting dropped while the cluster's default is on", "gke-cluster", i => { i.nodePoolDefaults.nodeConfigDefaults.insecureKubeletReadonlyPortEnabled = "TRUE"; }, "gke-nodes-disallow-kubelet-readonly-port"],
        ];
        for (const [label, resource, mutate, policy] of CASES) {
            it(`catches ${label} with ${policy}`, async () => {
                assert.ok(base.some(r => r.name === resource), `the component registers ${resource}`);
                const diagnostics = await runPack(mutated(base, resource, i => mutate(i as Inputs)));
                assert.deepEqual([...new Set(diagnostics.map(d => d.policyName))], [policy], summary(diagnostics).join("\n"));
            });
        }

        it("catches a cluster that no longer waits for its key grant", async () => {
            const grant = base.find(r => r.name === "gke-secrets-key-agent") as RecordedResource;
            const loosened = base.map(r => (r.name === "gke-cluster" ? { ...r, dependencies: r.dependencies.filter(d => d !== grant.urn) } : r));
            const diagnostics = await runPack(loosened);
            assert.deepEqual(summary(diagnostics).map(s => s.split(" [")[0]), ["gke-encryption-key-require-agent-grant"]);
            assert.match(diagnostics[0].message, /must depend on the grant/);
        });
    });
});
