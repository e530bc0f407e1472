import { strict as assert } from "node:assert";
import { clusterOf, gkeDiagnostics, hardenedCluster, hardenedNodePool, nodePoolOf, resourceOf, setPath } from "./fixtures";
import { checkPublicEndpoint } from "../../../../policy-pack/policies/gke/cluster-public-endpoint";
import { checkSecretsEncryption } from "../../../../policy-pack/policies/gke/cluster-secrets-encryption";
import { CLUSTER_TYPE } from "../../../../policy-pack/policies/gke/resources";

interface Case {
    readonly name: string;
    readonly on: "cluster" | "pool";
    /** Dotted path → value (undefined deletes). */
    readonly set: Readonly<Record<string, unknown>>;
    /** Substring of the violation, or null when the tweak must pass. */
    readonly expect: string | null;
    /** Other policies the same tweak rightly trips (it weakens their control too). */
    readonly also?: readonly string[];
}

/** One tweak per case, from the hardened baseline; grouped by the policy that must catch it. */
const CASES: Readonly<Record<string, readonly Case[]>> = {
    "gke-cluster-disallow-public-endpoint": [
        { name: "denies a false enablePrivateEndpoint", on: "cluster", set: { "privateClusterConfig.enablePrivateEndpoint": false }, expect: "`privateClusterConfig.enablePrivateEndpoint` is false" },
        { name: "denies an unset private endpoint (GKE default public)", on: "cluster", set: { "privateClusterConfig.enablePrivateEndpoint": undefined }, expect: "is unset (GKE then serves a public endpoint)" },
        { name: "denies a cluster without privateClusterConfig", on: "cluster", set: { privateClusterConfig: undefined, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled": true }, expect: "is unset", also: ["gke-nodes-disallow-public-ips"] },
        { name: "accepts a DNS-only cluster with IP endpoints off", on: "cluster", set: { "privateClusterConfig.enablePrivateEndpoint": false, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled": false }, expect: null },
        { name: "reports a wrong-typed enablePrivateEndpoint as unverifiable", on: "cluster", set: { "privateClusterConfig.enablePrivateEndpoint": "true" }, expect: "`privateClusterConfig.enablePrivateEndpoint` must be a boolean, not a string" },
    ],
    "gke-cluster-restrict-authorized-networks": [
        { name: "denies a missing masterAuthorizedNetworksConfig (CKV_GCP_20)", on: "cluster", set: { masterAuthorizedNetworksConfig: undefined }, expect: "`masterAuthorizedNetworksConfig` is unset" },
        { name: "denies 0.0.0.0/0 (CKV_GCP_18)", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "10.0.0.0/8" }, { cidrBlock: "0.0.0.0/0" }] }, expect: "(10.0.0.0/8 and 0.0.0.0/0) together cover every IPv4 address" },
        { name: "denies ::/0, which Checkov misses", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "::/0" }] }, expect: "(::/0) covers every IPv6 address" },
        { name: "denies two /1 halves, the whole internet by union", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "0.0.0.0/1" }, { cidrBlock: "128.0.0.0/1" }] }, expect: "(0.0.0.0/1 and 128.0.0.0/1) together cover every IPv4 address" },
        { name: "denies overlapping ranges whose union is the whole internet", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "0.0.0.0/2" }, { cidrBlock: "0.0.0.0/1" }, { cidrBlock: "64.0.0.0/2" }, { cidrBlock: "128.0.0.0/2" }, { cidrBlock: "192.0.0.0/2" }] }, expect: "cover every IPv4 address" },
        { name: "denies the IPv6 halves ::/1 and 8000::/1", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "::/1" }, { cidrBlock: "8000::/1" }] }, expect: "cover every IPv6 address" },
        { name: "accepts three quarters of the IPv4 space (a wide range, not the whole internet)", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "0.0.0.0/1" }, { cidrBlock: "128.0.0.0/2" }] }, expect: null },
        { name: "denies private-endpoint enforcement off", on: "cluster", set: { "masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled": false }, expect: "`masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled` is false" },
        { name: "denies private-endpoint enforcement unset (default off)", on: "cluster", set: { "masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled": undefined }, expect: "is unset (default false)" },
        { name: "accepts a DNS-only cluster with no authorized-networks block (Google's recommended form)", on: "cluster", set: { masterAuthorizedNetworksConfig: undefined, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled": false, "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic": true }, expect: null },
        { name: "still denies a missing block when the IP endpoints are explicitly on", on: "cluster", set: { masterAuthorizedNetworksConfig: undefined, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled": true }, expect: "`masterAuthorizedNetworksConfig` is unset" },
        { name: "denies Google Cloud public ranges", on: "cluster", set: { "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled": true }, expect: "gcpPublicCidrsAccessEnabled` is true" },
        { name: "accepts an empty list (no external access)", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [] }, expect: null },
        { name: "reports a wrong-typed cidrBlocks", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": "0.0.0.0/0" }, expect: "must be an array, not a string" },
    ],
    "gke-nodes-disallow-public-ips": [
        { name: "denies enablePrivateNodes false, which Checkov's block test passes", on: "cluster", set: { "privateClusterConfig.enablePrivateNodes": false }, expect: "`privateClusterConfig.enablePrivateNodes` is false" },
        { name: "denies unset private nodes", on: "cluster", set: { "privateClusterConfig.enablePrivateNodes": undefined }, expect: "unset (GKE default: public IPs)" },
        { name: "denies a NodePool that turns public IPs on", on: "pool", set: { "networkConfig.enablePrivateNodes": false }, expect: "`networkConfig.enablePrivateNodes` is false" },
        { name: "denies an inline pool with public IPs", on: "cluster", set: { removeDefaultNodePool: true, nodePools: [{ name: "x", networkConfig: { enablePrivateNodes: false }, nodeConfig: hardenedNodePool()["nodeConfig"] }] }, expect: "node pool 'x' private addresses only", also: ["gke-cluster-disallow-default-node-pool"] },
    ],
    "gke-cluster-require-secrets-encryption": [
        { name: "denies DECRYPTED (safer-cluster's default)", on: "cluster", set: { "databaseEncryption.state": "DECRYPTED" }, expect: '`databaseEncryption.state` is "DECRYPTED"' },
        { name: "denies a missing databaseEncryption", on: "cluster", set: { databaseEncryption: undefined }, expect: "`databaseEncryption.state` is unset" },
        { name: "denies ENCRYPTED without a key", on: "cluster", set: { "databaseEncryption.keyName": undefined }, expect: "`databaseEncryption.keyName` is missing" },
        { name: "denies an empty key name", on: "cluster", set: { "databaseEncryption.keyName": "" }, expect: "`databaseEncryption.keyName` is missing" },
        { name: "reports a wrong-typed keyName", on: "cluster", set: { "databaseEncryption.keyName": 7 }, expect: "`databaseEncryption.keyName` must be a string, not a number", also: ["gke-encryption-key-require-agent-grant"] },
    ],
    "gke-cluster-require-workload-identity": [
        { name: "denies a missing workload pool", on: "cluster", set: { workloadIdentityConfig: undefined }, expect: "`workloadIdentityConfig.workloadPool` is unset" },
        { name: "reports a wrong-typed workload pool", on: "cluster", set: { "workloadIdentityConfig.workloadPool": true }, expect: "must be a string, not a boolean" },
    ],
    "gke-nodes-require-metadata-server": [
        { name: "denies GCE_METADATA on a NodePool (CKV_GCP_69)", on: "pool", set: { "nodeConfig.workloadMetadataConfig.mode": "GCE_METADATA" }, expect: '`nodeConfig.workloadMetadataConfig.mode` is "GCE_METADATA"' },
        { name: "denies an unset mode on the default pool", on: "cluster", set: { "nodeConfig.workloadMetadataConfig": undefined }, expect: "the default node pool the GKE metadata server" },
        { name: "reports a wrong-typed workloadMetadataConfig", on: "pool", set: { "nodeConfig.workloadMetadataConfig": "GKE_METADATA" }, expect: "`nodeConfig.workloadMetadataConfig` must be an object, not a string" },
    ],
    "gke-nodes-disallow-default-service-account": [
        { name: "denies an unset account on a NodePool", on: "pool", set: { "nodeConfig.serviceAccount": undefined }, expect: "`nodeConfig.serviceAccount` is unset" },
        { name: "denies the Compute Engine default account", on: "pool", set: { "nodeConfig.serviceAccount": "123-compute@developer.gserviceaccount.com" }, expect: "is the Compute Engine default account" },
        { name: "denies 'default'", on: "cluster", set: { "nodeConfig.serviceAccount": "default" }, expect: 'default account "default"' },
    ],
    "gke-cluster-disallow-client-certificate": [
        { name: "denies issuing a client certificate (CKV_GCP_13)", on: "cluster", set: { "masterAuth.clientCertificateConfig.issueClientCertificate": true }, expect: "issueClientCertificate` is true" },
        { name: "accepts an unset masterAuth (provider default: none)", on: "cluster", set: { masterAuth: undefined }, expect: null },
    ],
    "gke-cluster-disallow-legacy-abac": [
        { name: "denies legacy ABAC (CKV_GCP_7)", on: "cluster", set: { enableLegacyAbac: true }, expect: "`enableLegacyAbac` is true" },
        { name: "reports a wrong-typed enableLegacyAbac", on: "cluster", set: { enableLegacyAbac: "false" }, expect: "`enableLegacyAbac` must be a boolean" },
    ],
    "gke-cluster-disallow-insecure-rbac-bindings": [
        { name: "denies the system:authenticated binding", on: "cluster", set: { "rbacBindingConfig.enableInsecureBindingSystemAuthenticated": true }, expect: "`rbacBindingConfig.enableInsecureBindingSystemAuthenticated` is not false" },
        { name: "denies an unset rbacBindingConfig", on: "cluster", set: { rbacBindingConfig: undefined }, expect: "enableInsecureBindingSystemAuthenticated` and `rbacBindingConfig.enableInsecureBindingSystemUnauthenticated` are not false" },
    ],
    "gke-cluster-restrict-anonymous-authentication": [
        { name: "denies ENABLED", on: "cluster", set: { "anonymousAuthenticationConfig.mode": "ENABLED" }, expect: '`anonymousAuthenticationConfig.mode` is "ENABLED"' },
        { name: "denies unset (GKE default ENABLED)", on: "cluster", set: { anonymousAuthenticationConfig: undefined }, expect: "unset (GKE default: ENABLED)" },
    ],
    "gke-cluster-require-google-groups": [
        { name: "advises Google Groups when unset (CKV_GCP_65)", on: "cluster", set: { authenticatorGroupsConfig: undefined }, expect: "`authenticatorGroupsConfig.securityGroup` is unset" },
        { name: "advises on a group GKE does not read", on: "cluster", set: { "authenticatorGroupsConfig.securityGroup": "admins@example.com" }, expect: "GKE reads only the group named gke-security-groups@<domain>" },
    ],
    "gke-cluster-require-network-policy": [
        { name: "denies the legacy dataplane without network policy (CKV_GCP_12)", on: "cluster", set: { datapathProvider: "LEGACY_DATAPATH" }, expect: "neither `datapathProvider`" },
        { name: "accepts Calico with its add-on on", on: "cluster", set: { datapathProvider: undefined, networkPolicy: { enabled: true, provider: "CALICO" }, "addonsConfig.networkPolicyConfig.disabled": false }, expect: null },
        { name: "denies Calico with its add-on off", on: "cluster", set: { datapathProvider: undefined, networkPolicy: { enabled: true } }, expect: "`addonsConfig.networkPolicyConfig.disabled` is not false" },
    ],
    "gke-cluster-require-vpc-native": [
        { name: "advises against routes-based networking (CKV_GCP_23)", on: "cluster", set: { networkingMode: "ROUTES" }, expect: '`networkingMode` is "ROUTES"' },
        { name: "advises an ipAllocationPolicy", on: "cluster", set: { ipAllocationPolicy: undefined }, expect: "`ipAllocationPolicy` is unset" },
    ],
    "gke-cluster-restrict-dns-endpoint-credentials": [
        { name: "denies Kubernetes tokens on an external DNS endpoint", on: "cluster", set: { "controlPlaneEndpointsConfig.dnsEndpointConfig": { allowExternalTraffic: true, enableK8sTokensViaDns: true } }, expect: "`controlPlaneEndpointsConfig.dnsEndpointConfig.enableK8sTokensViaDns` is true" },
        { name: "denies client certificates on an external DNS endpoint", on: "cluster", set: { "controlPlaneEndpointsConfig.dnsEndpointConfig": { allowExternalTraffic: true, enableK8sCertsViaDns: true } }, expect: "`controlPlaneEndpointsConfig.dnsEndpointConfig.enableK8sCertsViaDns` is true" },
        { name: "names both when both are on", on: "cluster", set: { "controlPlaneEndpointsConfig.dnsEndpointConfig": { allowExternalTraffic: true, enableK8sTokensViaDns: true, enableK8sCertsViaDns: true } }, expect: "enableK8sTokensViaDns` and `controlPlaneEndpointsConfig.dnsEndpointConfig.enableK8sCertsViaDns` are true" },
        { name: "accepts the IAM-only DNS endpoint (the component's form)", on: "cluster", set: { "controlPlaneEndpointsConfig.dnsEndpointConfig": { allowExternalTraffic: true, enableK8sTokensViaDns: false, enableK8sCertsViaDns: false } }, expect: null },
        { name: "accepts tokens on a DNS endpoint closed to user traffic", on: "cluster", set: { "controlPlaneEndpointsConfig.dnsEndpointConfig": { allowExternalTraffic: false, enableK8sTokensViaDns: true } }, expect: null },
    ],
    "gke-nodes-disallow-legacy-metadata": [
        { name: "denies a NodePool that turns the legacy endpoints back on (CKV_GCP_67)", on: "pool", set: { "nodeConfig.metadata": { "disable-legacy-endpoints": "false" } }, expect: '`nodeConfig.metadata["disable-legacy-endpoints"]` is "false"' },
        { name: "denies the default pool turning them on, whatever the case", on: "cluster", set: { "nodeConfig.metadata": { "disable-legacy-endpoints": "FALSE" } }, expect: "on the default node pool" },
        { name: "accepts the key unset (GKE 1.12+ disables them)", on: "pool", set: { "nodeConfig.metadata": { team: "a" } }, expect: null },
        { name: "accepts the key set to true", on: "pool", set: { "nodeConfig.metadata": { "disable-legacy-endpoints": "true" } }, expect: null },
    ],
    "gke-cluster-require-intranode-visibility": [
        { name: "advises intranode visibility when off (CKV_GCP_74)", on: "cluster", set: { enableIntranodeVisibility: false }, expect: "`enableIntranodeVisibility` is false" },
        { name: "advises it when unset (off on Standard)", on: "cluster", set: { enableIntranodeVisibility: undefined }, expect: "is unset (default off)" },
    ],
    "gke-cluster-require-security-posture": [
        { name: "denies security posture DISABLED", on: "cluster", set: { securityPostureConfig: { mode: "DISABLED" } }, expect: '`securityPostureConfig.mode` is "DISABLED"' },
        { name: "accepts BASIC", on: "cluster", set: { securityPostureConfig: { mode: "BASIC" } }, expect: null },
        { name: "accepts ENTERPRISE", on: "cluster", set: { securityPostureConfig: { mode: "ENTERPRISE", vulnerabilityMode: "VULNERABILITY_ENTERPRISE" } }, expect: null },
        { name: "accepts GKE's default when unset", on: "cluster", set: { securityPostureConfig: undefined }, expect: null },
    ],
    "gke-nodes-require-shielded-boot": [
        { name: "denies shielded nodes off (CKV_GCP_71)", on: "cluster", set: { enableShieldedNodes: false }, expect: "`enableShieldedNodes` is false" },
        { name: "denies secure boot unset (CKV_GCP_68, default off)", on: "pool", set: { "nodeConfig.shieldedInstanceConfig.enableSecureBoot": undefined }, expect: "unset (default: off)" },
        { name: "denies integrity monitoring off (CKV_GCP_72)", on: "pool", set: { "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring": false }, expect: "enableIntegrityMonitoring` is false" },
        { name: "denies secure boot off on the default pool", on: "cluster", set: { "nodeConfig.shieldedInstanceConfig.enableSecureBoot": false }, expect: "boot the default node pool with secure boot" },
    ],
    "gke-nodes-require-cos-containerd": [
        { name: "denies Ubuntu (CKV_GCP_22)", on: "pool", set: { "nodeConfig.imageType": "UBUNTU_CONTAINERD" }, expect: '`nodeConfig.imageType` is "UBUNTU_CONTAINERD"' },
        { name: "accepts the GKE default when unset", on: "pool", set: { "nodeConfig.imageType": undefined }, expect: null },
    ],
    "gke-nodes-require-auto-upgrade": [
        { name: "denies auto-upgrade off (CKV_GCP_10)", on: "pool", set: { "management.autoUpgrade": false }, expect: "`management.autoUpgrade` is false" },
        { name: "denies auto-repair off (CKV_GCP_9)", on: "pool", set: { "management.autoRepair": false }, expect: "`management.autoRepair` is false" },
        { name: "accepts the provider default (on) when unset", on: "pool", set: { management: undefined }, expect: null },
    ],
    "gke-cluster-require-release-channel": [
        { name: "advises a release channel when unset (CKV_GCP_70)", on: "cluster", set: { releaseChannel: undefined }, expect: "`releaseChannel.channel` is unset" },
        { name: "advises against UNSPECIFIED", on: "cluster", set: { "releaseChannel.channel": "UNSPECIFIED" }, expect: '"UNSPECIFIED"' },
    ],
    "gke-nodes-disallow-kubelet-readonly-port": [
        { name: "denies a NodePool with the port on", on: "pool", set: { "nodeConfig.kubeletConfig.insecureKubeletReadonlyPortEnabled": "TRUE" }, expect: '`nodeConfig.kubeletConfig.insecureKubeletReadonlyPortEnabled` is "TRUE"' },
        { name: "denies a NodePool that leaves it unset", on: "pool", set: { "nodeConfig.kubeletConfig": undefined }, expect: "is unset" },
        { name: "denies a cluster without the pool default", on: "cluster", set: { nodePoolDefaults: undefined }, expect: "`nodePoolDefaults.nodeConfigDefaults.insecureKubeletReadonlyPortEnabled` is unset" },
        { name: "denies a NodePool that states nothing and whose cluster is elsewhere", on: "pool", set: { "nodeConfig.kubeletConfig": undefined }, expect: "and its cluster is not in this stack to inherit from" },
    ],
    "gke-cluster-require-binary-authorization": [
        { name: "denies DISABLED (CKV_GCP_66)", on: "cluster", set: { "binaryAuthorization.evaluationMode": "DISABLED" }, expect: '`binaryAuthorization.evaluationMode` is "DISABLED"' },
        { name: "denies unset", on: "cluster", set: { binaryAuthorization: undefined }, expect: "is unset" },
        { name: "accepts the legacy enabled flag", on: "cluster", set: { binaryAuthorization: { enabled: true } }, expect: null },
    ],
    "gke-cluster-require-control-plane-logging": [
        { name: "denies loggingService none (CKV_GCP_1)", on: "cluster", set: { loggingService: "none" }, expect: '`loggingService` is "none"' },
        { name: "denies monitoringService none (CKV_GCP_8)", on: "cluster", set: { monitoringService: "none" }, expect: '`monitoringService` is "none"' },
        { name: "denies the GKE default components, without the API server", on: "cluster", set: { loggingConfig: undefined }, expect: "is unset, so it lacks APISERVER" },
        { name: "reports wrong-typed components", on: "cluster", set: { "loggingConfig.enableComponents": "APISERVER" }, expect: "must be an array" },
    ],
    "gke-cluster-disallow-alpha-features": [
        { name: "denies alpha clusters (CKV2_GCP_19)", on: "cluster", set: { enableKubernetesAlpha: true }, expect: "`enableKubernetesAlpha` is true" },
    ],
    "gke-cluster-require-deletion-protection": [
        { name: "advises keeping deletion protection", on: "cluster", set: { deletionProtection: false }, expect: "`deletionProtection` is false" },
    ],
    "gke-cluster-disallow-default-node-pool": [
        { name: "advises removing the default pool", on: "cluster", set: { removeDefaultNodePool: undefined }, expect: "`removeDefaultNodePool` is not true" },
        { name: "advises against inline pools (CKV_GCP_123)", on: "cluster", set: { nodePools: [{ name: "x", nodeConfig: hardenedNodePool()["nodeConfig"], management: {} }] }, expect: "must not define node pools inline" },
    ],
};

describe("GKE resource policies over resources built by hand", () => {
    it("accept the hardened Cluster and NodePool", async () => {
        assert.deepEqual(await gkeDiagnostics([clusterOf(hardenedCluster()), nodePoolOf(hardenedNodePool())]), []);
    });

    for (const [policy, cases] of Object.entries(CASES)) {
        describe(policy, () => {
            for (const c of cases) {
                it(c.name, async () => {
                    const props = c.on === "cluster" ? hardenedCluster() : hardenedNodePool();
                    for (const [path, value] of Object.entries(c.set)) {
                        setPath(props, path, value);
                    }
                    const diagnostics = await gkeDiagnostics([c.on === "cluster" ? clusterOf(props) : nodePoolOf(props)]);
                    if (c.expect === null) {
                        assert.deepEqual(diagnostics, []);
                        return;
                    }
                    const expected = new Set([policy, ...(c.also ?? [])]);
                    assert.deepEqual(
                        [...new Set(diagnostics.map(d => d.policyName))].sort(),
                        [...expected].sort(),
                        `only ${policy} reports:\n${diagnostics.map(d => `${d.policyName}: ${d.message}`).join("\n")}`,
                    );
                    assert.ok(diagnostics.length > 0, `${policy} reports the tweak`);
                    assert.ok(diagnostics.some(d => d.policyName === policy && d.message.includes(c.expect as string)), diagnostics.map(d => d.message).join("\n"));
                });
            }
        });
    }

    it("skips node checks on Autopilot clusters, which manage their nodes", async () => {
        const props = hardenedCluster();
        for (const k of ["nodeConfig", "removeDefaultNodePool", "initialNodeCount", "nodePoolDefaults"]) {
            delete props[k];
        }
        props["enableAutopilot"] = true;
        props["nodePoolAutoConfig"] = { nodeKubeletConfig: { insecureKubeletReadonlyPortEnabled: "FALSE" } };
        // Autopilot nodes inherit autoProvisioningDefaults: a named account, as every pool needs.
        props["clusterAutoscaling"] = { autoProvisioningDefaults: { serviceAccount: "nodes@proj-1.iam.gserviceaccount.com" } };
        assert.deepEqual(await gkeDiagnostics([clusterOf(props)]), []);
    });

    describe("settings GKE's own pools inherit (node auto-provisioning, Autopilot)", () => {
        const autopilot = () => {
            const props = hardenedCluster();
            for (const k of ["nodeConfig", "removeDefaultNodePool", "initialNodeCount", "nodePoolDefaults"]) {
                delete props[k];
            }
            props["enableAutopilot"] = true;
            props["nodePoolAutoConfig"] = { nodeKubeletConfig: { insecureKubeletReadonlyPortEnabled: "FALSE" } };
            return props;
        };
        const nap = (defaults: Record<string, unknown>) => ({ ...hardenedCluster(), clusterAutoscaling: { enabled: true, autoProvisioningDefaults: defaults } });
        const SECURE = { serviceAccount: "nodes@proj-1.iam.gserviceaccount.com", shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true } };
        const CASES: readonly [string, () => Record<string, unknown>, string | null, string?][] = [
            ["denies Autopilot nodes on the Compute Engine default account (no autoProvisioningDefaults)", autopilot, "its Autopilot nodes as a dedicated service account: `clusterAutoscaling.autoProvisioningDefaults.serviceAccount` is unset", "gke-nodes-disallow-default-service-account"],
            ["denies auto-provisioned pools without an account", () => nap({ shieldedInstanceConfig: SECURE.shieldedInstanceConfig }), "auto-provisioned node pools as a dedicated service account", "gke-nodes-disallow-default-service-account"],
            ["denies auto-provisioned pools on the default account by name", () => nap({ ...SECURE, serviceAccount: "123-compute@developer.gserviceaccount.com" }), "is the Compute Engine default account", "gke-nodes-disallow-default-service-account"],
            ["denies auto-provisioned pools without secure boot (default off)", () => nap({ serviceAccount: SECURE.serviceAccount }), "`clusterAutoscaling.autoProvisioningDefaults.shieldedInstanceConfig.enableSecureBoot` is unset (default: off)", "gke-nodes-require-shielded-boot"],
            ["accepts auto-provisioning with a dedicated account and secure boot", () => nap(SECURE), null],
            ["judges no autoProvisioningDefaults when the cluster provisions no pools", () => ({ ...hardenedCluster(), clusterAutoscaling: { enabled: false } }), null],
        ];
        for (const [name, build, expected, policy] of CASES) {
            it(name, async () => {
                const d = await gkeDiagnostics([clusterOf(build())]);
                if (expected === null) {
                    assert.deepEqual(d, []);
                    return;
                }
                assert.deepEqual(d.map(x => x.policyName), [policy]);
                assert.ok(d[0].message.includes(expected), d[0].message);
            });
        }
    });

    it("words a violation as '<Kind> '<name>' must <rule>: <detail>.'", () => {
        const props = hardenedCluster();
        (props["privateClusterConfig"] as Record<string, unknown>)["enablePrivateEndpoint"] = false;
        const resource = { type: CLUSTER_TYPE, name: "c", urn: "u", props };
        assert.deepEqual(checkPublicEndpoint(resource), [
            "GKE cluster 'c' must not expose a public control-plane endpoint: `privateClusterConfig.enablePrivateEndpoint` is false. " +
                "Set it to true, or turn the IP endpoints off (`controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false`) and use the DNS endpoint.",
        ]);
        assert.deepEqual(checkSecretsEncryption({ ...resource, props: hardenedCluster() }), []);
    });
});

describe("GKE policies judged over the cluster and its pools together", () => {
    const CLUSTER_URN = clusterOf(hardenedCluster()).urn;
    const withCluster = (clusterProps: Record<string, unknown>, poolProps: Record<string, unknown>, link: "dependency" | "name") => {
        const cluster = clusterOf({ ...clusterProps, name: "prod" });
        const pool = nodePoolOf({ ...poolProps, cluster: link === "name" ? "projects/p/locations/europe-west1/clusters/prod" : "a-name-no-cluster-has" });
        return [cluster, link === "dependency" ? { ...pool, propertyDependencies: { cluster: [CLUSTER_URN] } } : pool];
    };
    const quietPool = () => {
        const p = hardenedNodePool();
        delete (p["nodeConfig"] as Record<string, unknown>)["kubeletConfig"];
        return p;
    };

    for (const link of ["dependency", "name"] as const) {
        it(`accepts a NodePool that inherits its cluster's nodePoolDefaults (found by ${link})`, async () => {
            assert.deepEqual(await gkeDiagnostics(withCluster(hardenedCluster(), quietPool(), link)), []);
        });
    }

    it("denies a NodePool that states nothing when its cluster's default is not FALSE", async () => {
        const c = hardenedCluster();
        (c["nodePoolDefaults"] as Record<string, Record<string, unknown>>)["nodeConfigDefaults"]["insecureKubeletReadonlyPortEnabled"] = "TRUE";
        const d = await gkeDiagnostics(withCluster(c, quietPool(), "dependency"));
        assert.deepEqual([...new Set(d.map(x => x.policyName))], ["gke-nodes-disallow-kubelet-readonly-port"]);
        assert.ok(d.some(x => x.message.includes("its cluster's `nodePoolDefaults.nodeConfigDefaults.insecureKubeletReadonlyPortEnabled` it inherits is \"TRUE\"")), d.map(x => x.message).join("\n"));
    });

    it("still denies a NodePool that turns the port on over its cluster's default", async () => {
        const p = hardenedNodePool();
        (p["nodeConfig"] as Record<string, unknown>)["kubeletConfig"] = { insecureKubeletReadonlyPortEnabled: "TRUE" };
        const d = await gkeDiagnostics(withCluster(hardenedCluster(), p, "dependency"));
        assert.deepEqual(d.map(x => x.policyName), ["gke-nodes-disallow-kubelet-readonly-port"]);
    });

    it("denies a service account key (CIS GCP 1.4), and nothing else about it", async () => {
        const d = await gkeDiagnostics([resourceOf("gcp:serviceaccount/key:Key", "ci-key", { serviceAccountId: "ci@p.iam.gserviceaccount.com" })]);
        assert.deepEqual(d.map(x => x.policyName), ["gke-service-account-disallow-keys"]);
        assert.match(d[0].message, /Service account key 'ci-key' must not exist: a service account key is a long-lived credential/);
    });

    describe("gke-nodes-require-boot-disk-cmek (where the stack asks for customer keys)", () => {
        const ask = { "gke-nodes-require-boot-disk-cmek": { requireCustomerKeys: true } };
        const KEY = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/disks";
        const cmekCluster = () => {
            const c = hardenedCluster();
            (c["nodeConfig"] as Record<string, unknown>)["bootDiskKmsKey"] = KEY;
            return c;
        };
        const cmekPool = () => {
            const p = hardenedNodePool();
            (p["nodeConfig"] as Record<string, unknown>)["bootDiskKmsKey"] = KEY;
            return p;
        };

        it("asks nothing by default (Google-managed keys encrypt every disk)", async () => {
            assert.deepEqual(await gkeDiagnostics([clusterOf(hardenedCluster()), nodePoolOf(hardenedNodePool())]), []);
        });

        it("accepts every pool under a customer key when asked", async () => {
            assert.deepEqual(await gkeDiagnostics([clusterOf(cmekCluster()), nodePoolOf(cmekPool())], ask), []);
        });

        const CASES: readonly [string, () => Record<string, unknown>[], RegExp][] = [
            ["a NodePool without a key", () => [cmekCluster(), hardenedNodePool()], /the boot disks of its nodes with a customer key: `nodeConfig.bootDiskKmsKey` is unset/],
            ["the default pool without a key", () => [hardenedCluster(), cmekPool()], /the boot disks of the default node pool/],
            [
                "node auto-provisioning without a key",
                () => {
                    const c = cmekCluster();
                    c["clusterAutoscaling"] = { enabled: true, autoProvisioningDefaults: { serviceAccount: "n@p.iam.gserviceaccount.com", shieldedInstanceConfig: { enableSecureBoot: true } } };
                    return [c, cmekPool()];
                },
                /auto-provisioned nodes .* `clusterAutoscaling.autoProvisioningDefaults.bootDiskKmsKey` is unset/,
            ],
        ];
        for (const [what, build, expected] of CASES) {
            it(`denies ${what} when asked`, async () => {
                const [c, p] = build();
                const d = await gkeDiagnostics([clusterOf(c), nodePoolOf(p)], ask);
                assert.deepEqual(d.map(x => x.policyName), ["gke-nodes-require-boot-disk-cmek"]);
                assert.match(d[0].message, expected);
            });
        }
    });
});
