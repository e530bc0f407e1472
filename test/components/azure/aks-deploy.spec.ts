/**
 * AksCluster as a first `pulumi up` and its updates meet them (issues 13 and 16): the reach path
 * and the identities the in-cluster layer needs, the roles the control plane needs before it
 * exists, the address plan, and the settings that keep day-2 updates working.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, runUnderMocks } from "../../../cli/plan/mock-runtime";
import { AksCluster, AksClusterArgs, BUILT_IN_ROLES, FLUX_NAMESPACE, resolveAksClusterArgs } from "../../../components/azure";
import { InvalidArgsError } from "../../../components/args";
import { AGENT_POOL, LOCK, MANAGED_CLUSTER, MINIMAL_ARGS, ofType, only, runAks, runStackFile, stackConfigOf } from "./harness";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000003";
const VNET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
const NODES = `${VNET}/subnets/nodes`;
const API = `${VNET}/subnets/api`;
const ROUTES = `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/routeTables/rt-egress`;
const ZONE = `${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/private.westeurope.azmk8s.io`;
const DES = `${SUB}/resourceGroups/rg-sec/providers/Microsoft.Compute/diskEncryptionSets/des`;
const CI = "00000000-0000-0000-0000-00000000c001";
const REASON = "a written reason of enough length";
const RUNNER = { description: "self-hosted runner in snet-runners of the spoke VNet" };

type Props = Record<string, any>;

function problemsOf(args: AksClusterArgs): readonly string[] {
    try {
        resolveAksClusterArgs(args);
    } catch (e) {
        assert.ok(e instanceof InvalidArgsError, String(e));
        return e.problems;
    }
    return [];
}

/** [role name, scope, role definition GUID] of every role assignment. */
function grants(resources: readonly RecordedResource[]): string[][] {
    return ofType(resources, "azure-native:authorization:RoleAssignment")
        .map(r => [r.name, String(r.inputs["scope"]), String(r.inputs["roleDefinitionId"]).split("/").pop()!])
        .sort();
}

describe("AksCluster deployability", () => {
    describe("reach path (issue 13)", () => {
        async function reachOf(args: AksClusterArgs): Promise<{ kind: string; detail: string }> {
            let reach: { kind: string; detail: string } | undefined;
            await runUnderMocks(() => {
                reach = new AksCluster("aks", args).reach;
            }, { project: "hcb", stack: "test" });
            return reach!;
        }

        it("declares none for a private cluster with no path, naming the options", async () => {
            const reach = await reachOf(MINIMAL_ARGS);
            assert.equal(reach.kind, "none");
            assert.match(reach.detail, /`gitops`.*`runnerNetwork`.*later stage/);
        });

        it("declares gitops and builds the Flux extension and configuration after the user pools", async () => {
            const args: AksClusterArgs = { ...MINIMAL_ARGS, gitops: { url: "https://github.com/contoso/baseline", path: "./clusters/prod" } };
            assert.equal((await reachOf(args)).kind, "gitops");
            const resources = await runAks(args);
            const extension = only(resources, "azure-native:kubernetesconfiguration:Extension");
            const inputs = extension.inputs as Props;
            assert.deepEqual(
                [inputs.extensionType, inputs.clusterRp, inputs.clusterResourceName, inputs.releaseTrain, inputs.scope],
                ["microsoft.flux", "Microsoft.ContainerService", "managedClusters", "Stable", { cluster: { releaseNamespace: FLUX_NAMESPACE } }],
            );
            assert.match(extension.propertyDependencies["clusterName"][0], /ManagedCluster::aks-cluster$/);
            const pool = only(resources, AGENT_POOL);
            assert.ok(extension.dependencies.includes(pool.urn), "Flux waits for a user pool: the system pool is tainted");
            const flux = only(resources, "azure-native:kubernetesconfiguration:FluxConfiguration");
            const config = flux.inputs as Props;
            assert.equal(config.sourceKind, "GitRepository");
            assert.deepEqual(config.gitRepository.repositoryRef, { branch: "main" });
            assert.equal(config.gitRepository.url, "https://github.com/contoso/baseline");
            assert.equal(config.kustomizations.baseline.path, "./clusters/prod");
            assert.equal(config.kustomizations.baseline.prune, true);
            assert.ok(flux.dependencies.includes(extension.urn));
        });

        it("declares network only for a runner in a brought network, and refuses it on a VNet this run creates", async () => {
            const byo: AksClusterArgs = { ...MINIMAL_ARGS, network: { existing: { nodeSubnetId: NODES, apiServerSubnetId: API } }, runnerNetwork: RUNNER };
            const reach = await reachOf(byo);
            assert.equal(reach.kind, "network");
            assert.match(reach.detail, /snet-runners/);
            const problems = problemsOf({ ...MINIMAL_ARGS, runnerNetwork: RUNNER });
            assert.equal(problems.length, 1);
            assert.match(problems[0], /^`runnerNetwork` needs `network.existing`: no runner can sit in a VNet this same run creates/);
            assert.match(problemsOf({ ...byo, runnerNetwork: { description: "inside" } })[0], /^`runnerNetwork.description` must say where the runner sits/);
        });

        it("declares the public endpoint of an opted-out public API server", async () => {
            const reach = await reachOf({ ...MINIMAL_ARGS, optOuts: { publicApiServer: { reason: REASON, authorizedIpRanges: ["203.0.113.0/24"] } } });
            assert.equal(reach.kind, "public-endpoint");
            assert.match(reach.detail, /203\.0\.113\.0\/24/);
        });

        it("refuses malformed GitOps settings with the fix", () => {
            const problems = problemsOf({ ...MINIMAL_ARGS, gitops: { url: "git@github.com:contoso/x.git", branch: "main", commit: "abc", path: "../up" } });
            assert.deepEqual(problems.map(p => p.split(" ")[0]), ["`gitops.url`", "`gitops.branch`", "`gitops.commit`", "`gitops.path`"]);
        });
    });

    describe("identities (issue 13)", () => {
        it("grants each deployer RBAC Cluster Admin on the cluster, and the admin groups the kubeconfig role", async () => {
            const resources = await runAks({ ...MINIMAL_ARGS, deployers: [{ objectId: CI, principalType: "ServicePrincipal" }] });
            const deployer = ofType(resources, "azure-native:authorization:RoleAssignment").find(r => r.name === "aks-deployer-0")!;
            assert.equal(deployer.inputs["principalId"], CI);
            assert.equal(deployer.inputs["principalType"], "ServicePrincipal");
            assert.equal(String(deployer.inputs["roleDefinitionId"]).split("/").pop(), BUILT_IN_ROLES.aksRbacClusterAdmin);
            assert.match(deployer.propertyDependencies["scope"][0], /ManagedCluster::aks-cluster$/);
            const admins = ofType(resources, "azure-native:authorization:RoleAssignment").find(r => r.name === "aks-admins-0")!;
            assert.deepEqual([admins.inputs["principalType"], String(admins.inputs["roleDefinitionId"]).split("/").pop()], ["Group", BUILT_IN_ROLES.aksClusterUser]);
        });

        it("refuses a deployer that is not an Entra object id or has no principal type", () => {
            const problems = problemsOf({ ...MINIMAL_ARGS, deployers: [{ objectId: "ci@contoso.com" } as never] });
            assert.match(problems[0], /^`deployers\[0\]\.objectId` must be an Entra object id \(a GUID\)/);
            assert.match(problems[1], /^`deployers\[0\]\.principalType` is required/);
        });

        it("names people by Entra object id, with Azure RBAC on", async () => {
            let subjects: AksCluster["subjects"] | undefined;
            await runUnderMocks(() => {
                subjects = new AksCluster("aks", MINIMAL_ARGS).subjects;
            }, { project: "hcb", stack: "test" });
            assert.equal(subjects!.format, "entra-object-id");
            assert.equal(subjects!.azureRbac, true);
            assert.deepEqual(subjects!.adminGroupObjectIds, MINIMAL_ARGS.adminGroupObjectIds);
        });
    });

    describe("the program and the example stacks", () => {
        async function programOf(file: string): Promise<{ reach: string; outputs: string[]; deployers: number }> {
            let out: { reach: string; outputs: string[] } | undefined;
            const resources = await runUnderMocks(async () => {
                const { readStackConfig } = await import("../../../program/config");
                const { deployAks } = await import("../../../program/azure");
                const deployed = deployAks(readStackConfig().cluster);
                out = { reach: deployed.reach.kind, outputs: Object.keys(deployed.outputs).sort() };
            }, { project: "hcb", stack: "test", config: stackConfigOf(file) });
            return { ...out!, deployers: resources.filter(r => r.name.startsWith("aks-deployer-")).length };
        }

        it("delivers the default stack's baseline through Flux, and the brought-network stack's from a runner in the VNet", async () => {
            const byDefault = await programOf("Pulumi.aks.yaml");
            assert.equal(byDefault.reach, "gitops");
            assert.equal(byDefault.deployers, 1);
            for (const key of ["clusterName", "resourceGroupName", "reach", "subjects", "prerequisites", "oidcIssuerUrl", "gitopsConfigurationName"]) {
                assert.ok(byDefault.outputs.includes(key), `missing output ${key}`);
            }
            const byo = await programOf("Pulumi.aks-byo.yaml");
            assert.equal(byo.reach, "network");
            assert.equal(byo.deployers, 1);
        });

        it("writes people as Entra object ids in the example stacks' baselines", () => {
            for (const file of ["Pulumi.aks.yaml", "Pulumi.aks-byo.yaml"]) {
                const baseline = JSON.parse(stackConfigOf(file)["hcb:baseline"]) as Props;
                const groups = [...baseline.namespaces.flatMap((n: Props) => n.developerGroups ?? []), ...(baseline.access?.readOnlyGroups ?? [])];
                assert.ok(groups.length > 0);
                for (const g of groups) {
                    assert.match(g, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, `${file}: ${g}`);
                }
            }
        });
    });

    describe("private DNS (issue 16)", () => {
        it("refuses privateDnsZone none unless the public FQDN is kept, and keeps it when opted out", async () => {
            const refused = problemsOf({ ...MINIMAL_ARGS, privateDnsZone: "none" });
            assert.equal(refused.length, 1);
            assert.match(refused[0], /^`privateDnsZone: "none"` is supported by AKS only with the public FQDN on/);
            const cluster = only(await runAks({ ...MINIMAL_ARGS, privateDnsZone: "none", optOuts: { privateClusterPublicFqdn: { reason: REASON } } }), MANAGED_CLUSTER).inputs as Props;
            assert.equal(cluster.apiServerAccessProfile.privateDNSZone, "none");
            assert.equal(cluster.apiServerAccessProfile.enablePrivateClusterPublicFQDN, true);
        });

        it("grants Private DNS Zone Contributor on a custom zone before the cluster is created", async () => {
            const resources = await runAks({ ...MINIMAL_ARGS, privateDnsZone: ZONE });
            const grant = ofType(resources, "azure-native:authorization:RoleAssignment").find(r => r.name === "aks-dns-zone")!;
            assert.equal(grant.inputs["scope"], ZONE);
            assert.equal(String(grant.inputs["roleDefinitionId"]).split("/").pop(), BUILT_IN_ROLES.privateDnsZoneContributor);
            const cluster = only(resources, MANAGED_CLUSTER);
            assert.ok(cluster.dependencies.includes(grant.urn), "the cluster waits for the zone role");
            assert.equal((cluster.inputs as Props).apiServerAccessProfile.privateDNSZone, ZONE);
        });

        it("refuses a custom zone AKS would refuse", () => {
            const table: [string, Partial<AksClusterArgs>, RegExp][] = [
                ["not an AKS zone", { privateDnsZone: `${SUB}/resourceGroups/r/providers/Microsoft.Network/privateDnsZones/contoso.internal` }, /must name a zone "privatelink.<region>.azmk8s.io"/],
                ["another region", { privateDnsZone: ZONE.replace("westeurope", "northeurope") }, /is for region "northeurope" but `location` is "westeurope"/],
                ["private zone without VNet integration", { privateDnsZone: ZONE, apiServerVnetIntegration: false, encryption: { keyVaultNetworkAccess: "Public" } }, /"private.<region>.azmk8s.io" is for API server VNet integration/],
            ];
            for (const [label, change, expected] of table) {
                const problems = problemsOf({ ...MINIMAL_ARGS, ...change });
                assert.equal(problems.length, 1, `${label}: ${problems.join("; ")}`);
                assert.match(problems[0], expected, label);
            }
            assert.deepEqual(problemsOf({ ...MINIMAL_ARGS, privateDnsZone: ZONE.replace("private.westeurope", "team1.privatelink.westeurope") }), []);
        });
    });

    describe("brought network and keys (issue 16)", () => {
        it("grants Network Contributor on a custom-DNS spoke VNet and on the route table, and Reader on the disk encryption set, all before the cluster", async () => {
            const resources = await runAks({
                ...MINIMAL_ARGS,
                network: { existing: { nodeSubnetId: NODES, apiServerSubnetId: API, customDns: true, routeTableId: ROUTES }, outboundType: "userDefinedRouting" },
                diskEncryptionSetId: DES,
            });
            const network = BUILT_IN_ROLES.networkContributor;
            assert.deepEqual(grants(resources).filter(g => !g[0].startsWith("aks-kms") && g[0] !== "aks-admins-0"), [
                ["aks-apiserver-subnet-network", API, network],
                ["aks-disk-encryption-set", DES, BUILT_IN_ROLES.reader],
                ["aks-node-subnet-network", NODES, network],
                ["aks-route-table-network", ROUTES, network],
                ["aks-vnet-network", VNET, network],
            ]);
            const cluster = only(resources, MANAGED_CLUSTER);
            for (const r of ofType(resources, "azure-native:authorization:RoleAssignment").filter(r => r.name !== "aks-admins-0")) {
                assert.ok(cluster.dependencies.includes(r.urn), `the cluster waits for ${r.name}`);
            }
        });

        it("refuses user-defined routing without a route table to grant, and on a VNet it creates", () => {
            const byo = problemsOf({ ...MINIMAL_ARGS, network: { existing: { nodeSubnetId: NODES, apiServerSubnetId: API }, outboundType: "userDefinedRouting" } });
            assert.equal(byo.length, 1);
            assert.match(byo[0], /^`network.existing.routeTableId` is required with `outboundType: "userDefinedRouting"`/);
            const created = problemsOf({ ...MINIMAL_ARGS, network: { outboundType: "userDefinedRouting" } });
            assert.equal(created.length, 1);
            assert.match(created[0], /^`network.outboundType` "userDefinedRouting" needs a route table/);
        });

        it("needs the VNet id with custom DNS when the subnet id is computed", () => {
            const problems = problemsOf({ ...MINIMAL_ARGS, network: { existing: { nodeSubnetId: pulumi.output(NODES), apiServerSubnetId: API, customDns: true } } });
            assert.equal(problems.length, 1);
            assert.match(problems[0], /^`network.existing.vnetId` is required/);
        });
    });

    describe("address plan (issue 16)", () => {
        it("sets the service range and DNS IP it validated", async () => {
            const cluster = only(await runAks({ ...MINIMAL_ARGS, network: { serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.16.0.10" } }), MANAGED_CLUSTER).inputs as Props;
            assert.deepEqual([cluster.networkProfile.serviceCidr, cluster.networkProfile.dnsServiceIP], ["172.16.0.0/16", "172.16.0.10"]);
        });

        it("refuses each plan AKS or the network would break", () => {
            const table: [string, AksClusterArgs["network"], RegExp][] = [
                ["service range /12", { serviceCidr: "172.16.0.0/12", dnsServiceIP: "172.16.0.10" }, /^`network.serviceCidr` \(172.16.0.0\/12\) must be smaller than \/12/],
                ["service range in the VNet", { serviceCidr: "10.226.0.0/16", dnsServiceIP: "10.226.0.10" }, /^`network.serviceCidr` \(10.226.0.0\/16\) must not overlap `network.vnetCidr`/],
                ["service range over the pods", { serviceCidr: "192.168.0.0/20", dnsServiceIP: "192.168.0.10" }, /^`network.serviceCidr` \(192.168.0.0\/20\) must not overlap `network.podCidr`/],
                ["service range over a peered range", { serviceCidr: "10.0.0.0/16", connectedCidrs: ["10.0.0.0/8"] }, /^`network.serviceCidr` \(10.0.0.0\/16\) must not overlap connected range 10.0.0.0\/8/],
                ["pods over a peered range", { podCidr: "172.20.0.0/16", connectedCidrs: ["172.16.0.0/12"] }, /^`network.podCidr` \(172.20.0.0\/16\) must not overlap connected range 172.16.0.0\/12/],
                ["DNS IP outside", { serviceCidr: "172.16.0.0/16", dnsServiceIP: "10.0.0.10" }, /^`network.dnsServiceIP` \(10.0.0.10\) must lie inside `network.serviceCidr`/],
                ["DNS IP first address", { serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.16.0.1" }, /^`network.dnsServiceIP` \(172.16.0.1\) must not be the network or first address/],
                ["DNS IP not an address", { dnsServiceIP: "ten" }, /^`network.dnsServiceIP` must be an IPv4 address/],
            ];
            for (const [label, network, expected] of table) {
                const problems = problemsOf({ ...MINIMAL_ARGS, network });
                assert.equal(problems.length, 1, `${label}: ${problems.join("; ")}`);
                assert.match(problems[0], expected, label);
            }
        });
    });

    describe("updates (issue 16)", () => {
        it("leaves every user pool's count to the autoscaler", async () => {
            const ignored = new Map<string, string[]>();
            await runUnderMocks(() => {
                pulumi.runtime.registerStackTransformation(t => {
                    if (t.type === AGENT_POOL) {
                        ignored.set(t.name, [...(t.opts.ignoreChanges ?? [])]);
                    }
                    return undefined;
                });
                new AksCluster("aks", { ...MINIMAL_ARGS, userPools: [{ name: "web" }, { name: "batch" }] });
            }, { project: "hcb", stack: "test" });
            assert.deepEqual([...ignored.entries()].sort(), [["aks-batch", ["count"]], ["aks-web", ["count"]]]);
        });

        it("requires a user pool unless opted out, since the system pool is tainted", async () => {
            const problems = problemsOf({ ...MINIMAL_ARGS, userPools: [] });
            assert.equal(problems.length, 1);
            assert.match(problems[0], /^`userPools` must hold at least one pool/);
            const resources = await runAks({ ...MINIMAL_ARGS, userPools: [], optOuts: { userPools: { reason: REASON } } });
            assert.equal(ofType(resources, AGENT_POOL).length, 0);
        });

        it("makes the lock depend on every child of the cluster, so a run that lifts it deletes it first", async () => {
            const resources = await runAks({ ...MINIMAL_ARGS, deployers: [{ objectId: CI, principalType: "ServicePrincipal" }], gitops: { url: "https://github.com/contoso/baseline" } });
            const lock = only(resources, LOCK);
            const children = resources.filter(r =>
                [AGENT_POOL, "azure-native:monitor:DiagnosticSetting", "azure-native:monitor:DataCollectionRuleAssociation", "azure-native:kubernetesconfiguration:Extension",
                    "azure-native:kubernetesconfiguration:FluxConfiguration"].includes(r.type) || /aks-(deployer|admins)-/.test(r.name));
            assert.equal(children.length, 7);
            for (const child of children) {
                assert.ok(lock.dependencies.includes(child.urn), `the lock depends on ${child.name}`);
            }
            assert.match(String(lock.inputs["notes"]), /also stops deleting its node pools/);
        });
    });

    describe("Container Insights with Entra auth (issue 16)", () => {
        it("creates the data collection rule to the audit workspace and associates it with the cluster", async () => {
            const resources = await runAks(MINIMAL_ARGS);
            const rule = only(resources, "azure-native:monitor:DataCollectionRule").inputs as Props;
            assert.equal(rule.destinations.logAnalytics[0].workspaceResourceId, "aks-logs-id");
            assert.equal(rule.dataSources.extensions[0].extensionName, "ContainerInsights");
            assert.ok(rule.dataSources.extensions[0].streams.includes("Microsoft-ContainerLogV2"));
            assert.deepEqual(rule.dataFlows[0].destinations, [rule.destinations.logAnalytics[0].name]);
            const association = only(resources, "azure-native:monitor:DataCollectionRuleAssociation");
            assert.match(association.propertyDependencies["resourceUri"][0], /ManagedCluster::aks-cluster$/);
            assert.match(association.propertyDependencies["dataCollectionRuleId"][0], /DataCollectionRule::aks-insights$/);
            const none = await runAks({ ...MINIMAL_ARGS, containerInsights: false });
            assert.equal(ofType(none, "azure-native:monitor:DataCollectionRule").length, 0);
            assert.equal((only(none, MANAGED_CLUSTER).inputs as Props).addonProfiles.omsagent, undefined);
        });
    });

    describe("subscription prerequisites (issue 16)", () => {
        it("lists each feature flag the configuration needs, with the exact command", async () => {
            let listed: AksCluster["prerequisites"] = [];
            let optedOut: AksCluster["prerequisites"] = [];
            await runUnderMocks(() => {
                listed = new AksCluster("aks", { ...MINIMAL_ARGS, gitops: { url: "https://github.com/contoso/baseline" } }).prerequisites;
                optedOut = new AksCluster("other", {
                    ...MINIMAL_ARGS,
                    optOuts: { encryptionAtHost: { reason: REASON }, nodeSsh: { reason: REASON, publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMock" } },
                }).prerequisites;
            }, { project: "hcb", stack: "test" });
            assert.deepEqual(listed.map(p => p.command.split(" && ")[0]), [
                "az feature register --namespace Microsoft.Compute --name EncryptionAtHost",
                "az feature register --namespace Microsoft.ContainerService --name DisableSSHPreview",
                "az provider register --namespace Microsoft.KubernetesConfiguration --wait",
            ]);
            assert.deepEqual(optedOut, []);
        });
    });

    it("builds the brought-network stack with its grants and address plan", async () => {
        const resources = await runStackFile("Pulumi.aks-byo.yaml");
        const names = grants(resources).map(g => g[0]);
        for (const expected of ["aks-vnet-network", "aks-route-table-network", "aks-disk-encryption-set", "aks-deployer-0"]) {
            assert.ok(names.includes(expected), `missing ${expected}`);
        }
        const cluster = only(resources, MANAGED_CLUSTER).inputs as Props;
        assert.equal(cluster.networkProfile.serviceCidr, "172.16.0.0/16");
    });
});

describe("the program's one-run flows on AKS (issue 13)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { registered, runProgram, stackConfig } = require("../../program/helpers") as typeof import("../../program/helpers");

    it("renders the default stack's baseline for Flux in one run, and registers the Flux configuration", async () => {
        const run = await runProgram(stackConfig("aks"));
        assert.equal(run.error, undefined, run.error?.message);
        const flux = run.resources.find(r => r.type === "azure-native:kubernetesconfiguration:FluxConfiguration");
        assert.ok(flux, "the Flux configuration is registered");
        const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
        assert.ok(namespaces.length >= 2);
        const provider = run.resources.find(r => r.type === "pulumi:providers:kubernetes" && r.urn === namespaces[0].provider?.urn);
        assert.ok(provider?.inputs["renderYamlToDirectory"], "the namespaces are rendered, not applied to the unreachable API");
    });

    it("refuses a GitOps stack that would apply the baseline live, before registering anything", async () => {
        const run = await runProgram(stackConfig("aks", { "hcb:renderYamlTo": undefined }));
        assert.ok(run.error);
        assert.match(run.error.message, /delivers the baseline through GitOps \(reach: gitops: .*\), but `hcb:renderYamlTo` is unset/);
        assert.deepEqual(registered(run.resources), []);
    });

    it("refuses the default cluster without a path, naming the AKS options", async () => {
        const cluster = JSON.parse(stackConfig("aks")["hcb:cluster"]) as Props;
        delete cluster.gitops;
        const run = await runProgram(stackConfig("aks", { "hcb:cluster": cluster, "hcb:renderYamlTo": undefined }));
        assert.ok(run.error);
        assert.match(run.error.message, /reach: none: private API server with no declared path/);
        assert.match(run.error.message, /AKS: bootstrap the baseline through the cluster's GitOps \(Flux\) extension/);
        assert.deepEqual(registered(run.resources), []);
    });

    it("applies the brought-network stack's baseline live from the runner in the VNet", async () => {
        const run = await runProgram(stackConfig("aks-byo"));
        assert.equal(run.error, undefined, run.error?.message);
        const namespaces = run.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
        const provider = run.resources.find(r => r.type === "pulumi:providers:kubernetes" && r.urn === namespaces[0]?.provider?.urn);
        assert.match(provider?.urn ?? "", /hardened:azure:AksCluster\$pulumi:providers:kubernetes::/);
    });
});

describe("AksCluster's pod security initiative (issue 16)", () => {
    it("assigns the restricted initiative to the cluster in Audit, only with the Azure Policy add-on", async () => {
        const resources = await runAks(MINIMAL_ARGS);
        const assignment = only(resources, "azure-native:authorization:PolicyAssignment");
        assert.equal(assignment.inputs["policyDefinitionId"], "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00");
        assert.match(assignment.propertyDependencies["scope"][0], /ManagedCluster::aks-cluster$/);
        assert.deepEqual((assignment.inputs as Props).parameters.effect, { value: "Audit" });
        assert.ok(only(resources, LOCK).dependencies.includes(assignment.urn));
        const without = await runAks({ ...MINIMAL_ARGS, optOuts: { azurePolicy: { reason: REASON } } });
        assert.equal(ofType(without, "azure-native:authorization:PolicyAssignment").length, 0);
    });
});
