import { strict as assert } from "node:assert";
import { clusterOf, gkeDiagnostics, hardenedCluster, hardenedNodePool, nodePoolOf, setPath } from "./fixtures";
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
        { name: "denies ::/0, which Checkov misses", on: "cluster", set: { "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "::/0" }] }, expect: "cover every IPv6 address" },
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
        assert.deepEqual(await gkeDiagnostics([clusterOf(props)]), []);
    });

    it("words a violation as '<Kind> '<name>' must <rule>: <detail>.'", () => {
        const props = hardenedCluster();
        (props["privateClusterConfig"] as Record<string, unknown>)["enablePrivateEndpoint"] = false;
        const resource = { type: CLUSTER_TYPE, name: "c", urn: "u", props };
        assert.deepEqual(checkPublicEndpoint(resource), [
            "gcp:container/cluster:Cluster 'c' must not expose a public control-plane endpoint: `privateClusterConfig.enablePrivateEndpoint` is false. " +
                "Set it to true, or turn the IP endpoints off (`controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false`) and use the DNS endpoint.",
        ]);
        assert.deepEqual(checkSecretsEncryption({ ...resource, props: hardenedCluster() }), []);
    });
});
