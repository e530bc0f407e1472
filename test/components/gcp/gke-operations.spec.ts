import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, runUnderMocks } from "../../../cli/plan/mock-runtime";
import {
    GKE_CLUSTER_IGNORE_CHANGES,
    GKE_REQUIRED_APIS,
    GkeCluster,
    GkeClusterArgs,
    gkeReachOf,
    gkeSubjectProblems,
    gkeWebhookPortsFor,
    resolveGkeArgs,
} from "../../../components/gcp";
import { InvalidArgsError } from "../../../components/args";
import { deployGke, reachOf } from "../../../program/gcp";
import { STACK, byType, only, registerGke, GKE_MINIMAL } from "./helpers";

const CLUSTER = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";

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

/** The resource options each child of GkeCluster is registered with, by resource name. */
async function optionsOf(args: Record<string, unknown>): Promise<Map<string, pulumi.CustomResourceOptions>> {
    const seen = new Map<string, pulumi.CustomResourceOptions>();
    await runUnderMocks(
        () =>
            new GkeCluster("gke", args as unknown as GkeClusterArgs, {
                transformations: [
                    t => {
                        seen.set(t.name, t.opts as pulumi.CustomResourceOptions);
                        return undefined;
                    },
                ],
            }),
        STACK,
    );
    return seen;
}

describe("GkeCluster in a real project", () => {
    describe("a fresh project", () => {
        it("enables the container, cloudkms and binaryauthorization APIs, kept on destroy, and creates the GKE agent after them", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL });
            const apis = byType(rs, "gcp:projects/service:Service");
            assert.deepEqual(apis.map(a => a.inputs["service"]), [...GKE_REQUIRED_APIS]);
            assert.deepEqual(GKE_REQUIRED_APIS, ["container.googleapis.com", "cloudkms.googleapis.com", "binaryauthorization.googleapis.com"]);
            for (const a of apis) {
                assert.equal(a.inputs["disableOnDestroy"], false, `${a.name} stays enabled on destroy`);
            }
            const agent = only(rs, "gcp:projects/serviceIdentity:ServiceIdentity");
            assert.equal(agent.inputs["service"], "container.googleapis.com");
            assert.ok(apis.every(a => agent.dependencies.includes(a.urn)), "the agent waits for the APIs");
        });

        it("orders the key grant after the APIs and the GKE agent, and the cluster after the grant", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL });
            const agent = only(rs, "gcp:projects/serviceIdentity:ServiceIdentity");
            const container = byType(rs, "gcp:projects/service:Service")[0];
            const grant = rs.find(r => r.name === "gke-secrets-key-agent") as RecordedResource;
            assert.ok(grant.dependencies.includes(agent.urn) && grant.dependencies.includes(container.urn));
            assert.ok(only(rs, "gcp:kms/keyRing:KeyRing").dependencies.includes(byType(rs, "gcp:projects/service:Service")[1].urn), "the key ring waits for Cloud KMS");
            const cluster = only(rs, CLUSTER);
            assert.ok(cluster.dependencies.includes(grant.urn) && cluster.dependencies.includes(container.urn));
        });

        it("leaves the APIs and agent to the project's owners with `enableApis: false`", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL, enableApis: false });
            assert.equal(byType(rs, "gcp:projects/service:Service").length, 0);
            assert.equal(byType(rs, "gcp:projects/serviceIdentity:ServiceIdentity").length, 0);
        });
    });

    describe("day 2", () => {
        it("ignores the cluster properties GKE rewrites (default pool's nodeConfig, initial count, pools), as the anchor does", async () => {
            const opts = await optionsOf({ ...GKE_MINIMAL });
            assert.deepEqual(GKE_CLUSTER_IGNORE_CHANGES, ["nodeConfig", "initialNodeCount", "nodePools"]);
            assert.deepEqual(opts.get("gke-cluster")?.ignoreChanges, ["nodeConfig", "initialNodeCount", "nodePools"]);
            assert.equal(opts.get("gke-cluster")?.protect, true);
        });

        it("keeps every pool's node count the autoscaler's", async () => {
            const opts = await optionsOf({ ...GKE_MINIMAL, nodePools: [{ name: "a" }, { name: "b", minNodes: 0 }] });
            for (const pool of ["gke-a", "gke-b"]) {
                assert.deepEqual(opts.get(pool)?.ignoreChanges, ["nodeCount", "initialNodeCount"], pool);
            }
            const rs = await registerGke({ ...GKE_MINIMAL, nodePools: [{ name: "a" }] });
            assert.equal(only(rs, POOL).inputs["nodeCount"], undefined, "no fixed count to fight the autoscaler");
            assert.equal(only(rs, POOL).inputs["name"], undefined, "auto-named, so a replacement is created before the old pool goes");
        });
    });

    describe("Shared VPC", () => {
        const shared = {
            ...GKE_MINIMAL,
            project: "svc-project-1",
            masterIpv4CidrBlock: "172.16.0.48/28",
            existingNetwork: { network: "projects/host-1/global/networks/n", subnetwork: "projects/host-1/regions/europe-west1/subnetworks/s", podsRangeName: "p", servicesRangeName: "v" },
        };

        it("grants nothing on the host when its owners do (`grantHostProjectRoles: false`)", async () => {
            const rs = await registerGke({ ...shared, existingNetwork: { ...shared.existingNetwork, grantHostProjectRoles: false } });
            assert.equal(byType(rs, "gcp:compute/subnetworkIAMMember:SubnetworkIAMMember").length, 0);
            assert.ok(!byType(rs, "gcp:projects/iAMMember:IAMMember").some(r => r.inputs["project"] === "host-1"));
        });

        it("grants nothing on a network of the cluster's own project", async () => {
            const rs = await registerGke({ ...shared, existingNetwork: { ...shared.existingNetwork, subnetwork: "projects/svc-project-1/regions/europe-west1/subnetworks/s" } });
            assert.equal(byType(rs, "gcp:compute/subnetworkIAMMember:SubnetworkIAMMember").length, 0);
        });

        it("requires the control-plane range with a network it does not own, and refuses one overlapping its own ranges or public", () => {
            const { masterIpv4CidrBlock: _, ...withoutRange } = shared;
            assert.match(problemsOf(withoutRange).join("\n"), /`masterIpv4CidrBlock` is required with `existingNetwork`/);
            assert.match(problemsOf({ ...GKE_MINIMAL, masterIpv4CidrBlock: "10.0.0.16/28" }).join("\n"), /must not overlap `network.nodesCidr` \(10.0.0.0\/20\)/);
            assert.match(problemsOf({ ...GKE_MINIMAL, masterIpv4CidrBlock: "8.8.8.0/28" }).join("\n"), /must be a private \(RFC 1918\) \/28/);
            assert.deepEqual(problemsOf({ ...GKE_MINIMAL, masterIpv4CidrBlock: "172.16.0.16/28" }), []);
        });
    });

    describe("admission webhooks on a private cluster", () => {
        it("opens only the named ports from the control-plane range to the nodes' account", async () => {
            const rs = await registerGke({ ...GKE_MINIMAL, webhookPorts: [15017, 9443, 9443] });
            const fw = only(rs, "gcp:compute/firewall:Firewall");
            assert.equal(fw.inputs["direction"], "INGRESS");
            assert.deepEqual(fw.inputs["sourceRanges"], ["172.16.0.0/28"]);
            assert.deepEqual(fw.inputs["allows"], [{ protocol: "tcp", ports: ["9443", "15017"] }]);
            assert.ok((fw.propertyDependencies["targetServiceAccounts"] ?? []).includes(only(rs, "gcp:serviceaccount/account:Account").urn));
            assert.ok((fw.propertyDependencies["network"] ?? []).includes(only(rs, "gcp:compute/network:Network").urn));
        });

        it("opens nothing when no add-on needs it, and puts a Shared VPC's rule in the host project", async () => {
            assert.equal(byType(await registerGke({ ...GKE_MINIMAL }), "gcp:compute/firewall:Firewall").length, 0);
            const rs = await registerGke({
                ...GKE_MINIMAL,
                masterIpv4CidrBlock: "172.16.0.48/28",
                webhookPorts: [9443],
                existingNetwork: { network: "projects/host-1/global/networks/n", subnetwork: "projects/host-1/regions/europe-west1/subnetworks/s", podsRangeName: "p", servicesRangeName: "v" },
            });
            const fw = only(rs, "gcp:compute/firewall:Firewall");
            assert.deepEqual([fw.inputs["project"], fw.inputs["network"], fw.inputs["sourceRanges"]], ["host-1", "projects/host-1/global/networks/n", ["172.16.0.48/28"]]);
        });

        it("derives the ports from the baseline's add-ons (Kyverno 9443, Istio 15017)", async () => {
            assert.deepEqual(gkeWebhookPortsFor(undefined), []);
            assert.deepEqual(gkeWebhookPortsFor({ namespaces: [] }), []);
            assert.deepEqual(gkeWebhookPortsFor({ imageVerification: {}, meshMtls: { mesh: "istio" } }), [9443, 15017]);
            assert.deepEqual(gkeWebhookPortsFor({ meshMtls: { mesh: "linkerd" } }), []);
            const rs = await runUnderMocks(() => deployGke({ ...GKE_MINIMAL }, { imageVerification: {} }), STACK);
            assert.deepEqual(only(rs, "gcp:compute/firewall:Firewall").inputs["allows"], [{ protocol: "tcp", ports: ["9443"] }]);
            const explicit = await runUnderMocks(() => deployGke({ ...GKE_MINIMAL, webhookPorts: [] }, { imageVerification: {} }), STACK);
            assert.equal(byType(explicit, "gcp:compute/firewall:Firewall").length, 0, "the stack's own `webhookPorts` wins");
        });

        it("refuses a port out of range", () => {
            assert.match(problemsOf({ ...GKE_MINIMAL, webhookPorts: [0, 70000] }).join("\n"), /`webhookPorts\[0\]` must be a whole number from 1 to 65535/);
        });
    });

    describe("maintenance policy", () => {
        it("accepts a window of at least 48 hours in 32 days, in blocks of 4 hours or more", () => {
            assert.deepEqual(problemsOf({ ...GKE_MINIMAL, maintenanceWindow: { startTime: "2025-01-01T03:00:00Z", endTime: "2025-01-01T07:00:00Z", recurrence: "FREQ=DAILY" } }), []);
        });

        const BAD: readonly [string, Record<string, unknown>, RegExp][] = [
            ["a 2-hour window", { maintenanceWindow: { startTime: "2025-01-01T03:00:00Z", endTime: "2025-01-01T05:00:00Z", recurrence: "FREQ=DAILY" } }, /must last from 4 to 24 hours/],
            ["one 4-hour window a week (16 hours in 32 days)", { maintenanceWindow: { startTime: "2025-01-04T03:00:00Z", endTime: "2025-01-04T07:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA" } }, /at least 48 hours of maintenance in any 32 days/],
            ["a local time", { maintenanceWindow: { startTime: "2025-01-04T03:00:00+02:00", endTime: "2025-01-04T09:00:00Z", recurrence: "FREQ=DAILY" } }, /`maintenanceWindow.startTime` must be an RFC 3339 time in UTC/],
            ["a monthly rule", { maintenanceWindow: { startTime: "2025-01-04T03:00:00Z", endTime: "2025-01-04T09:00:00Z", recurrence: "FREQ=MONTHLY" } }, /`maintenanceWindow.recurrence` must be an RRULE/],
            ["a 60-day NO_UPGRADES exclusion", { maintenanceExclusions: [{ name: "freeze", startTime: "2026-01-01T00:00:00Z", endTime: "2026-03-02T00:00:00Z" }] }, /lasts 30 days at most/],
            ["an exclusion with an unknown scope", { maintenanceExclusions: [{ name: "freeze", startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-02T00:00:00Z", scope: "EVERYTHING" }] }, /`maintenanceExclusions\[0\].scope` must be one of/],
        ];
        for (const [what, args, expected] of BAD) {
            it(`refuses ${what}`, () => {
                const problems = problemsOf({ ...GKE_MINIMAL, ...args });
                assert.equal(problems.length, 1, problems.join("\n"));
                assert.match(problems[0], expected);
            });
        }
    });

    describe("the reach path and the kubeconfig (issue 13)", () => {
        it("declares, before anything is registered, the DNS endpoint by default, the public endpoint when opted out, and none for a private-IP-only cluster", () => {
            assert.deepEqual(reachOf({ ...GKE_MINIMAL }).kind, "dns-endpoint");
            assert.deepEqual(reachOf({ ...GKE_MINIMAL, dnsEndpoint: false }).kind, "none");
            assert.throws(() => reachOf({ location: "Europe" }), /`location` must be a GCP region/);
            assert.equal(gkeReachOf(resolveGkeArgs({ ...GKE_MINIMAL })).kind, "dns-endpoint");
            assert.equal(gkeReachOf(resolveGkeArgs({ ...GKE_MINIMAL, dnsEndpoint: false })).kind, "none");
            assert.equal(gkeReachOf(resolveGkeArgs({ ...GKE_MINIMAL, dnsEndpoint: false, allowPublicEndpoint: true, masterAuthorizedNetworks: [{ cidrBlock: "203.0.113.0/24" }] })).kind, "public-endpoint");
        });

        it("hands the program the DNS reach, and its kubeconfig dials the DNS endpoint with no pinned CA", async () => {
            let kubeconfig = "";
            let reach = "";
            await pulumi.runtime.setMocks(
                {
                    newResource: a => ({
                        id: `${a.name}-id`,
                        state: a.type === CLUSTER ? { ...a.inputs, endpoint: "10.0.0.2", masterAuth: { clusterCaCertificate: "Q0E=" }, controlPlaneEndpointsConfig: { dnsEndpointConfig: { endpoint: "gke-abc.europe-west1.gke.goog" } } } : a.inputs,
                    }),
                    call: a => (a.token === "gcp:organizations/getProject:getProject" ? { projectId: "p-1", number: "42" } : {}),
                },
                "hcb",
                "gke",
                false,
            );
            const deployed = deployGke({ ...GKE_MINIMAL });
            reach = deployed.reach.kind;
            kubeconfig = await new Promise<string>(resolve => deployed.kubeconfig.apply(k => resolve(k)));
            const doc = JSON.parse(kubeconfig);
            assert.equal(reach, "dns-endpoint");
            assert.equal(doc.clusters[0].cluster.server, "https://gke-abc.europe-west1.gke.goog");
            assert.equal(doc.clusters[0].cluster["certificate-authority-data"], undefined);
            assert.equal(doc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        });

        it("refuses DNS-only without the DNS endpoint, and with IP-endpoint settings", () => {
            const problems = problemsOf({ ...GKE_MINIMAL, ipEndpoints: false, dnsEndpoint: false, allowPublicEndpoint: true, masterAuthorizedNetworks: [{ cidrBlock: "203.0.113.0/24" }] });
            assert.deepEqual(problems.map(p => p.slice(0, p.indexOf(": ", p.indexOf("` ")))), ["`ipEndpoints: false` needs `dnsEndpoint`", "`ipEndpoints: false` and `allowPublicEndpoint` conflict", "`ipEndpoints: false` and `masterAuthorizedNetworks` conflict"]);
        });
    });

    describe("people's identities (gkeSubjectProblems)", () => {
        const withGroups = { securityGroup: "gke-security-groups@example.com" };
        it("accepts Google Group emails of the security group's domain, and user or service-account emails", () => {
            assert.deepEqual(
                gkeSubjectProblems(withGroups, [
                    { kind: "Group", name: "shop-developers@example.com", path: "g" },
                    { kind: "User", name: "alice@other.org", path: "u" },
                    { kind: "User", name: "ci@p-1.iam.gserviceaccount.com", path: "s" },
                ]),
                [],
            );
        });

        const BAD: readonly [string, { securityGroup?: string }, "User" | "Group", string, RegExp][] = [
            ["an oidc: group, which binds nobody without Identity Service", withGroups, "Group", "oidc:shop-developers", /binds nobody on GKE: the `oidc:` prefix/],
            ["an oidc: user", withGroups, "User", "oidc:alice", /binds nobody on GKE/],
            ["a bare group name", withGroups, "Group", "shop-developers", /must be an email address/],
            ["a group when the cluster resolves no groups", {}, "Group", "shop-developers@example.com", /binds nobody: GKE resolves Google Groups only when the cluster sets `rbacSecurityGroup`/],
            ["a group of another domain", withGroups, "Group", "devs@other.org", /must be a group of example.com/],
        ];
        for (const [what, identity, kind, name, expected] of BAD) {
            it(`refuses ${what}`, () => {
                const problems = gkeSubjectProblems(identity, [{ kind, name, path: "namespaces[0].developerGroups[0]" }]);
                assert.equal(problems.length, 1);
                assert.match(problems[0], /^`namespaces\[0\]\.developerGroups\[0\]`/);
                assert.match(problems[0], expected);
            });
        }

        it("exposes the cluster's security group for the validator", async () => {
            let identity: unknown;
            await runUnderMocks(() => {
                identity = new GkeCluster("gke", { ...GKE_MINIMAL, rbacSecurityGroup: "gke-security-groups@example.com" }).identity;
            }, STACK);
            assert.deepEqual(identity, withGroups);
        });
    });
});

describe("the GKE example stacks through the program (issue 13 flows)", () => {
    const root = require("node:path").join(__dirname, "../../..") as string;
    const programPath = require("node:path").join(root, "index.ts") as string;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { planStack } = require("../../../cli/commands/plan") as typeof import("../../../cli/commands/plan");

    it("Pulumi.gke.yaml: one run builds the cluster and the baseline over the DNS endpoint", async () => {
        const { stack } = await planStack(root, programPath, "gke");
        const types = stack.resources.map(r => r.type);
        assert.ok(types.includes(CLUSTER) && types.some(t => t.startsWith("kubernetes:")), "cluster and in-cluster resources in one stack");
        const ns = stack.resources.filter(r => r.type === "kubernetes:core/v1:Namespace");
        assert.ok(ns.length > 0);
        assert.ok(ns.every(n => n.provider?.name === "gke-k8s"), "on the provider whose kubeconfig dials the DNS endpoint");
    });

    it("Pulumi.gke-byo.yaml: the staged flow's first stack holds the cluster alone", async () => {
        const { stack } = await planStack(root, programPath, "gke-byo");
        assert.ok(stack.resources.some(r => r.type === CLUSTER));
        assert.deepEqual(stack.resources.filter(r => r.type.startsWith("kubernetes:")).map(r => r.type), []);
    });

    it("refuses, before registering anything, a one-run GKE stack without the DNS endpoint", async () => {
        const config = {
            "hcb:cloud": "gcp",
            "hcb:cluster": JSON.stringify({ ...GKE_MINIMAL, dnsEndpoint: false }),
            "hcb:baseline": JSON.stringify({ namespaces: [{ name: "shop" }] }),
        };
        await assert.rejects(
            runUnderMocks(() => {
                delete require.cache[require.resolve(programPath)];
                return require(programPath);
            }, { ...STACK, config }),
            /declares no path from this runner to its private API \(reach: none: the private IP endpoint only[\s\S]*DNS-based control-plane endpoint/,
        );
    });
});
