import { strict as assert } from "node:assert";
import { runUnderMocks } from "../../../cli/plan/mock-runtime";
import { refusedBeforeRegistering } from "../../helpers/component";
import { GKE_DEFAULTS, GkeCluster, GkeClusterArgs, GKE_NODE_ROLES, resolveGkeArgs } from "../../../components/gcp";
import { InvalidArgsError } from "../../../components/kubernetes/args";
import { deployGke } from "../../../program/gcp";
import { RecordedResource } from "../../../cli/plan/mock-runtime";
import { STACK, byType, only, registerGke, stackCluster, GKE_MINIMAL } from "./helpers";

const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";

describe("GkeCluster", () => {
    describe("defaults", () => {
        it("pins the documented defaults", () => {
            assert.deepEqual(GKE_DEFAULTS, {
                releaseChannel: "REGULAR",
                network: { nodesCidr: "10.0.0.0/20", podsCidr: "10.16.0.0/14", servicesCidr: "10.20.0.0/20", cloudNat: false },
                masterIpv4CidrBlock: "172.16.0.0/28",
                masterAuthorizedNetworks: [],
                masterGlobalAccess: false,
                dnsEndpoint: true,
                ipEndpoints: true,
                allowPublicEndpoint: false,
                keyRotationPeriod: "7776000s",
                grantKeyToServiceAgent: true,
                nodePool: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 3, diskSizeGb: 100, spot: false },
                nodePools: [{ name: "general" }],
                limitAnonymousAuthentication: true,
                enforceBinaryAuthorization: true,
                dataAccessAuditLogs: false,
                deletionProtection: true,
                protect: true,
                enableApis: true,
                webhookPorts: [],
                maintenanceWindow: { startTime: "2025-01-04T02:00:00Z", endTime: "2025-01-04T10:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" },
                maintenanceExclusions: [],
                intranodeVisibility: true,
            });
        });

        it("registers the APIs and GKE agent, a VPC, a rotating protected key granted to the agent, a node account, the cluster, a pool and a provider", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL });
            assert.deepEqual(rs.filter(r => r.custom || r.type.startsWith("pulumi:providers")).map(r => r.type).sort(), [
                "gcp:binaryauthorization/policy:Policy",
                "gcp:compute/network:Network",
                "gcp:compute/subnetwork:Subnetwork",
                CLUSTER,
                POOL,
                "gcp:kms/cryptoKey:CryptoKey",
                "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
                "gcp:kms/keyRing:KeyRing",
                "gcp:projects/iAMMember:IAMMember",
                "gcp:projects/iAMMember:IAMMember",
                "gcp:projects/service:Service",
                "gcp:projects/service:Service",
                "gcp:projects/service:Service",
                "gcp:projects/serviceIdentity:ServiceIdentity",
                "gcp:serviceaccount/account:Account",
                "pulumi:providers:kubernetes",
            ]);
            const component = only(rs, "hardened:gcp:GkeCluster");
            for (const r of rs.filter(x => x.type.startsWith("gcp:") || x.type.startsWith("pulumi:providers"))) {
                assert.equal(r.parent, component.urn, `${r.name} is a child of the component`);
                assert.ok(r.name.startsWith("gke-"), `${r.name} is named after the component`);
            }
            const key = only(rs, "gcp:kms/cryptoKey:CryptoKey");
            assert.equal(key.inputs["rotationPeriod"], "7776000s");
            assert.equal(key.protect, true);
            assert.equal(only(rs, "gcp:kms/keyRing:KeyRing").protect, true);
            const grant = only(rs, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
            assert.equal(grant.inputs["role"], "roles/cloudkms.cryptoKeyEncrypterDecrypter");
            assert.equal(grant.inputs["member"], "serviceAccount:service-123456789@container-engine-robot.iam.gserviceaccount.com");
            assert.deepEqual(byType(rs, "gcp:projects/iAMMember:IAMMember").map(r => r.inputs["role"]).sort(), [...GKE_NODE_ROLES].sort());
            const subnet = only(rs, "gcp:compute/subnetwork:Subnetwork");
            assert.equal(subnet.inputs["privateIpGoogleAccess"], true);
            assert.deepEqual(subnet.inputs["secondaryIpRanges"], [
                { rangeName: "pods", ipCidrRange: "10.16.0.0/14" },
                { rangeName: "services", ipCidrRange: "10.20.0.0/20" },
            ]);
            assert.equal(byType(rs, "gcp:compute/routerNat:RouterNat").length, 0, "no Cloud NAT unless asked");
        });

        it("builds the cluster private, encrypted, audited and depending on the key grant", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL });
            const cluster = only(rs, CLUSTER);
            const i = cluster.inputs;
            assert.equal(cluster.protect, true);
            assert.ok(cluster.dependencies.includes(only(rs, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember").urn));
            assert.deepEqual(i["privateClusterConfig"], { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: "172.16.0.0/28", masterGlobalAccessConfig: { enabled: false } });
            assert.deepEqual(i["masterAuthorizedNetworksConfig"], { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false, privateEndpointEnforcementEnabled: true });
            assert.deepEqual(i["controlPlaneEndpointsConfig"], {
                dnsEndpointConfig: { allowExternalTraffic: true, enableK8sTokensViaDns: false, enableK8sCertsViaDns: false },
                ipEndpointsConfig: { enabled: true },
            });
            assert.equal(i["enableIntranodeVisibility"], true);
            assert.deepEqual(i["securityPostureConfig"], { mode: "BASIC" });
            assert.deepEqual(i["maintenancePolicy"], { recurringWindow: { startTime: "2025-01-04T02:00:00Z", endTime: "2025-01-04T10:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } });
            assert.deepEqual(i["databaseEncryption"], { state: "ENCRYPTED", keyName: "gke-secrets-key-id" });
            assert.deepEqual(i["workloadIdentityConfig"], { workloadPool: "hcb-project.svc.id.goog" });
            assert.deepEqual(i["masterAuth"], { clientCertificateConfig: { issueClientCertificate: false } });
            assert.equal(i["enableLegacyAbac"], false);
            assert.deepEqual(i["rbacBindingConfig"], { enableInsecureBindingSystemAuthenticated: false, enableInsecureBindingSystemUnauthenticated: false });
            assert.deepEqual(i["anonymousAuthenticationConfig"], { mode: "LIMITED" });
            assert.equal(i["authenticatorGroupsConfig"], undefined);
            assert.equal(i["datapathProvider"], "ADVANCED_DATAPATH");
            assert.equal(i["enableShieldedNodes"], true);
            assert.deepEqual(i["releaseChannel"], { channel: "REGULAR" });
            assert.deepEqual(i["binaryAuthorization"], { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
            assert.deepEqual(i["loggingConfig"], { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] });
            assert.deepEqual(i["nodePoolDefaults"], { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: "FALSE" } });
            assert.equal(i["removeDefaultNodePool"], true);
            assert.equal(i["deletionProtection"], true);
            assert.equal(i["networkingMode"], "VPC_NATIVE");
            assert.deepEqual(i["ipAllocationPolicy"], { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
        });

        it("hardens every node pool and the transient default pool alike", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL });
            const pool = only(rs, POOL);
            assert.deepEqual(pool.inputs["management"], { autoRepair: true, autoUpgrade: true });
            assert.deepEqual(pool.inputs["autoscaling"], { minNodeCount: 1, maxNodeCount: 3 });
            const nc = pool.inputs["nodeConfig"] as Record<string, unknown>;
            assert.equal(nc["imageType"], "COS_CONTAINERD");
            assert.equal(nc["machineType"], "e2-standard-4");
            assert.deepEqual(nc["workloadMetadataConfig"], { mode: "GKE_METADATA" });
            assert.deepEqual(nc["shieldedInstanceConfig"], { enableSecureBoot: true, enableIntegrityMonitoring: true });
            assert.deepEqual(nc["kubeletConfig"], { insecureKubeletReadonlyPortEnabled: "FALSE" });
            assert.deepEqual(nc["metadata"], { "disable-legacy-endpoints": "true" });
            assert.ok((pool.propertyDependencies["nodeConfig"] ?? []).includes(only(rs, "gcp:serviceaccount/account:Account").urn), "runs as the dedicated account");
            const defaultPool = only(rs, CLUSTER).inputs["nodeConfig"] as Record<string, unknown>;
            for (const k of ["imageType", "workloadMetadataConfig", "shieldedInstanceConfig", "kubeletConfig"]) {
                assert.deepEqual(defaultPool[k], nc[k], k);
            }
        });

        it("hands out the kubeconfig as a secret, with the exec plugin and no static credential", async () => {
            let kubeconfig: string | undefined;
            let secret: boolean | undefined;
            await runUnderMocks(async () => {
                const gke = new GkeCluster("gke", { ...GKE_MINIMAL });
                secret = await (gke.kubeconfig as unknown as { isSecret: Promise<boolean> }).isSecret;
                kubeconfig = await new Promise<string>(resolve => gke.kubeconfig.apply(k => resolve(k)));
            }, { ...STACK, preview: false });
            assert.equal(secret, true);
            const doc = JSON.parse(kubeconfig as string);
            assert.equal(doc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
            assert.equal(doc.users[0].user.token, undefined);
            assert.equal(doc.users[0].user["client-certificate-data"], undefined);
        });
    });

    describe("documented configurations", () => {
        it("Pulumi.gke-ci.yaml: DNS endpoint only, Cloud NAT, Google Groups, Data Access logs, a maintenance policy, two pools", async () => {
            const rs = await registerGke(stackCluster("Pulumi.gke-ci.yaml"));
            const i = only(rs, CLUSTER).inputs;
            assert.deepEqual(i["controlPlaneEndpointsConfig"], {
                dnsEndpointConfig: { allowExternalTraffic: true, enableK8sTokensViaDns: false, enableK8sCertsViaDns: false },
                ipEndpointsConfig: { enabled: false },
            });
            assert.deepEqual(i["privateClusterConfig"], { enablePrivateNodes: true, masterIpv4CidrBlock: "172.16.0.0/28" });
            assert.equal(i["masterAuthorizedNetworksConfig"], undefined, "authorized networks filter IP endpoints, and there are none");
            assert.deepEqual(i["maintenancePolicy"], {
                recurringWindow: { startTime: "2025-01-06T01:00:00Z", endTime: "2025-01-06T07:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH" },
                maintenanceExclusions: [{ exclusionName: "black-friday", startTime: "2026-11-20T00:00:00Z", endTime: "2026-12-02T00:00:00Z", exclusionOptions: { scope: "NO_UPGRADES" } }],
            });
            assert.deepEqual(i["authenticatorGroupsConfig"], { securityGroup: "gke-security-groups@example.com" });
            assert.equal(byType(rs, "gcp:compute/router:Router").length, 1);
            assert.equal(byType(rs, "gcp:compute/routerNat:RouterNat").length, 1);
            const audit = only(rs, "gcp:projects/iAMAuditConfig:IAMAuditConfig");
            assert.equal(audit.inputs["service"], "container.googleapis.com");
            assert.deepEqual(byType(rs, POOL).map(p => p.name), ["gke-system", "gke-workloads"]);
            assert.equal((byType(rs, POOL)[1].inputs["nodeConfig"] as Record<string, unknown>)["spot"], true);
        });

        it("Pulumi.gke-byo.yaml: uses the given VPC, keys and node account, and still grants the keys and the host project's roles first", async () => {
            const rs = await registerGke(stackCluster("Pulumi.gke-byo.yaml"));
            for (const t of ["gcp:compute/network:Network", "gcp:kms/cryptoKey:CryptoKey", "gcp:kms/keyRing:KeyRing", "gcp:serviceaccount/account:Account"]) {
                assert.equal(byType(rs, t).length, 0, `no ${t}`);
            }
            assert.deepEqual(byType(rs, "gcp:projects/iAMMember:IAMMember").map(r => r.name), ["gke-host-agent-user"], "no node-role grant to a brought account");
            const cluster = only(rs, CLUSTER);
            assert.equal(cluster.inputs["subnetwork"], "projects/my-host-project/regions/europe-west1/subnetworks/gke");
            assert.deepEqual(cluster.inputs["ipAllocationPolicy"], { clusterSecondaryRangeName: "gke-pods", servicesSecondaryRangeName: "gke-services" });
            const key = "projects/my-kms-project/locations/europe-west1/keyRings/gke/cryptoKeys/secrets";
            assert.deepEqual(cluster.inputs["databaseEncryption"], { state: "ENCRYPTED", keyName: key });
            const grant = rs.find(r => r.name === "gke-secrets-key-agent") as RecordedResource;
            assert.equal(grant.inputs["cryptoKeyId"], key);
            assert.ok(cluster.dependencies.includes(grant.urn));
            const nodeConfig = only(rs, POOL).inputs["nodeConfig"] as Record<string, unknown>;
            assert.equal(nodeConfig["serviceAccount"], "gke-nodes@my-gke-project.iam.gserviceaccount.com");
            const bootKey = "projects/my-kms-project/locations/europe-west1/keyRings/gke/cryptoKeys/boot-disks";
            assert.equal(nodeConfig["bootDiskKmsKey"], bootKey);
            assert.equal((cluster.inputs["nodeConfig"] as Record<string, unknown>)["bootDiskKmsKey"], bootKey, "the transient default pool too");
            const bootGrant = rs.find(r => r.name === "gke-boot-disk-key-agent") as RecordedResource;
            assert.deepEqual([bootGrant.inputs["cryptoKeyId"], bootGrant.inputs["member"]], [bootKey, "serviceAccount:service-123456789@compute-system.iam.gserviceaccount.com"]);
            assert.ok(cluster.dependencies.includes(bootGrant.urn) && only(rs, POOL).dependencies.includes(bootGrant.urn), "disks are encrypted from the first boot");
            // Shared VPC: the host project's grants, before the cluster.
            const host = only(rs, "gcp:projects/iAMMember:IAMMember");
            assert.deepEqual([host.inputs["project"], host.inputs["role"], host.inputs["member"]], [
                "my-host-project", "roles/container.hostServiceAgentUser", "serviceAccount:service-123456789@container-engine-robot.iam.gserviceaccount.com",
            ]);
            const subnetGrants = byType(rs, "gcp:compute/subnetworkIAMMember:SubnetworkIAMMember");
            assert.deepEqual(subnetGrants.map(g => [g.inputs["project"], g.inputs["region"], g.inputs["subnetwork"], g.inputs["role"], g.inputs["member"]]), [
                ["my-host-project", "europe-west1", "gke", "roles/compute.networkUser", "serviceAccount:service-123456789@container-engine-robot.iam.gserviceaccount.com"],
                ["my-host-project", "europe-west1", "gke", "roles/compute.networkUser", "serviceAccount:123456789@cloudservices.gserviceaccount.com"],
            ]);
            for (const g of [host, ...subnetGrants]) {
                assert.ok(cluster.dependencies.includes(g.urn), `the cluster waits for ${g.name}`);
            }
            assert.equal((cluster.inputs["privateClusterConfig"] as Record<string, unknown>)["masterIpv4CidrBlock"], "172.16.0.32/28");
        });

        it("writes each opt-out into the cluster where the pack can see it", async () => {
            const rs = await registerGke({
                location: "europe-west1-b",
                allowPublicEndpoint: true,
                masterAuthorizedNetworks: [{ cidrBlock: "203.0.113.0/24" }],
                limitAnonymousAuthentication: false,
                enforceBinaryAuthorization: false,
                deletionProtection: false,
                protect: false,
            });
            const cluster = only(rs, CLUSTER);
            const i = cluster.inputs;
            assert.equal((i["privateClusterConfig"] as Record<string, unknown>)["enablePrivateEndpoint"], false);
            assert.deepEqual(i["anonymousAuthenticationConfig"], { mode: "ENABLED" });
            assert.deepEqual(i["binaryAuthorization"], { evaluationMode: "DISABLED" });
            assert.equal(i["deletionProtection"], false);
            assert.equal(cluster.protect, false);
            assert.equal(only(rs, "gcp:compute/subnetwork:Subnetwork").inputs["region"], "europe-west1", "a zonal cluster's VPC is in its region");
        });
    });

    describe("bad arguments", () => {
        const bad = {
            location: "Europe",
            network: { podsCidr: "10.16.0.0" },
            existingNetwork: { network: "n", subnetwork: "", podsRangeName: "p", servicesRangeName: "s" },
            masterAuthorizedNetworks: [{ cidrBlock: "0.0.0.0/0" }],
            keyRotationPeriod: "31536000s",
            nodeServiceAccount: "123-compute@developer.gserviceaccount.com",
            nodePools: [{ name: "Pool_1", minNodes: 5, maxNodes: 2 }],
            rbacSecurityGroup: "admins@example.com",
            enforceBinaryAuthorization: "no",
            publicEndpoint: true,
        };

        it("reports every problem at once, naming each property", () => {
            let error: unknown;
            try {
                resolveGkeArgs(bad);
            } catch (e) {
                error = e;
            }
            assert.ok(error instanceof InvalidArgsError);
            const text = error.problems.join("\n");
            for (const p of [
                "`location`", "`network` and `existingNetwork` conflict", "`network.podsCidr`", "`existingNetwork.subnetwork`",
                "`masterAuthorizedNetworks[0].cidrBlock` must not be 0.0.0.0/0", "`keyRotationPeriod`", "`nodeServiceAccount` must not be the Compute Engine default",
                "`nodePools[0].name`", "`nodePools[0].minNodes` (5) must not exceed", "`rbacSecurityGroup`", "`enforceBinaryAuthorization` must be true or false",
                "`publicEndpoint` is not an argument of GkeCluster", "`masterIpv4CidrBlock` is required with `existingNetwork`",
                "`binaryAuthorizationPolicy` is required",
            ]) {
                assert.ok(text.includes(p), `mentions ${p}:\n${text}`);
            }
            assert.equal(error.problems.length, 14);
        });

        it("refuses a public endpoint without authorized networks, and a key rotation on a brought key", () => {
            assert.throws(() => resolveGkeArgs({ ...GKE_MINIMAL, allowPublicEndpoint: true }), /`allowPublicEndpoint: true` needs `masterAuthorizedNetworks`/);
            assert.throws(
                () => resolveGkeArgs({ ...GKE_MINIMAL, secretsKey: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k", keyRotationPeriod: "86400s" }),
                /`keyRotationPeriod` and `secretsKey` conflict/,
            );
            assert.throws(() => resolveGkeArgs({ ...GKE_MINIMAL, secretsKey: "projects/p/locations/us-east1/keyRings/r/cryptoKeys/k" }), /`secretsKey` must be in the cluster's region/);
            assert.throws(() => resolveGkeArgs({}), /`location` is required/);
        });

        it("refuses `grantKeyToServiceAgent: false` on the key it creates, and takes it with a brought key", () => {
            let error: unknown;
            try {
                resolveGkeArgs({ ...GKE_MINIMAL, grantKeyToServiceAgent: false });
            } catch (e) {
                error = e;
            }
            assert.ok(error instanceof InvalidArgsError);
            assert.equal(error.problems.length, 1, error.problems.join("\n"));
            assert.match(error.problems[0], /^`grantKeyToServiceAgent: false` needs `secretsKey`/);
            const byo = resolveGkeArgs({ ...GKE_MINIMAL, grantKeyToServiceAgent: false, secretsKey: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" });
            assert.equal(byo.grantKeyToServiceAgent, false);
        });

        for (const [what, args] of [
            ["every problem", bad],
            ["a wrong location alone", { location: "Europe" }],
            ["an ungranted created key", { ...GKE_MINIMAL, grantKeyToServiceAgent: false }],
        ] as const) {
            it(`registers nothing, not even the component, on ${what}`, async () => {
                await refusedBeforeRegistering(() => new GkeCluster("gke", args as unknown as GkeClusterArgs), STACK);
            });
        }

        it("records no raw argument as the component's inputs", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL, project: "my-gke-project" });
            assert.deepEqual(only(rs, "hardened:gcp:GkeCluster").inputs, {});
        });
    });

    describe("deployGke (program/gcp.ts)", () => {
        it("builds the cluster of Pulumi.gke.yaml and hands on a provider, a secret kubeconfig and outputs", async () => {
            let outputs: string[] = [];
            const rs = await runUnderMocks(() => {
                const deployed = deployGke(stackCluster("Pulumi.gke.yaml"));
                outputs = Object.keys(deployed.outputs).sort();
            }, STACK);
            assert.deepEqual(outputs, ["clusterName", "dnsEndpoint", "endpoint", "location", "nodeServiceAccount", "projectId", "rbacSecurityGroup", "secretsKeyName", "workloadPool"]);
            assert.equal(only(rs, "pulumi:providers:kubernetes").name, "gke-k8s");
            assert.deepEqual(only(rs, CLUSTER).inputs["resourceLabels"], { environment: "production" });
        });

        it("rejects a wrong hcb:cluster before any child exists", async () => {
            await assert.rejects(runUnderMocks(() => deployGke({ location: 42 }), STACK), /`location` must be a GCP region/);
        });
    });
});
