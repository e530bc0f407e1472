import * as assert from "node:assert/strict";
import { WORKLOAD_IDENTITY_ENDPOINTS } from "../../../components/controls";
import { Problems } from "../../../components/args";
import { ClusterAccess, ClusterBaseline, HardenedNamespace } from "../../../components/kubernetes";
import { ClusterIdentity, checkClusterIdentity, subjectProblem } from "../../../components/kubernetes/identities";
import { created, runComponent, runExpectingError } from "../../helpers/component";
import { assertClean, assertObjectsValid, objectsOfKind } from "./fixtures";

const EKS: ClusterIdentity = { cloud: "aws", oidc: { usernamePrefix: "oidc:", groupsPrefix: "oidc:" } };
const EKS_IAM_ONLY: ClusterIdentity = { cloud: "aws" };
const GKE: ClusterIdentity = { cloud: "gcp", securityGroup: "gke-security-groups@example.com" };
const GKE_NO_GROUPS: ClusterIdentity = { cloud: "gcp" };
const AKS: ClusterIdentity = { cloud: "azure" };
const GUID = "6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7";

describe("subjectProblem", () => {
    const accepted: [string, ClusterIdentity, "User" | "Group", string][] = [
        ["an EKS group with the groups prefix", EKS, "Group", "oidc:payments-developers"],
        ["an EKS user with the username prefix", EKS, "User", "oidc:alice@example.com"],
        ["an EKS group with an empty prefix", { cloud: "aws", oidc: { usernamePrefix: "", groupsPrefix: "" } }, "Group", "payments"],
        ["a GKE Google Group email with the security group set", GKE, "Group", "payments-developers@example.com"],
        ["a GKE user email", GKE_NO_GROUPS, "User", "alice@example.com"],
        ["a GKE service account", GKE, "User", "ci@my-project.iam.gserviceaccount.com"],
        ["an AKS group object id", AKS, "Group", GUID],
        ["an AKS user UPN", AKS, "User", "alice@contoso.com"],
        ["an AKS user object id of another tenant", AKS, "User", GUID],
    ];
    for (const [what, identity, kind, name] of accepted) {
        it(`accepts ${what}`, () => assert.equal(subjectProblem(identity, { kind, name }), undefined));
    }
    const refused: [string, ClusterIdentity, "User" | "Group", string, RegExp][] = [
        ["an EKS group without the prefix", EKS, "Group", "payments-developers", /must start with the identity provider config's groupsPrefix "oidc:"/],
        ["an EKS group that is only the prefix", EKS, "Group", "oidc:", /must start with the identity provider config's groupsPrefix/],
        ["an EKS user with the groups prefix of another config", { cloud: "aws", oidc: { usernamePrefix: "idp-user:", groupsPrefix: "idp:" } }, "User", "idp:alice", /usernamePrefix "idp-user:"/],
        ["any subject on an EKS cluster without an identity provider", EKS_IAM_ONLY, "Group", "oidc:payments", /no OIDC identity provider.*set `oidc` on the EKS cluster.*`accessEntries`/],
        ["an oidc: group on GKE", GKE, "Group", "oidc:payments-developers", /must be a Google Group email.*Identity Service for GKE/],
        ["a GKE group without Google Groups for RBAC", GKE_NO_GROUPS, "Group", "payments@example.com", /Google Groups for RBAC is off.*`rbacSecurityGroup`/],
        ["a GKE user that is no email", GKE, "User", "alice", /Google account or service account email/],
        ["an AKS group by name", AKS, "Group", "payments-developers", /Entra group's object id.*az ad group show/],
        ["an AKS group with the oidc: prefix", AKS, "Group", "oidc:payments-developers", /Entra group's object id/],
        ["an AKS user that is neither UPN nor object id", AKS, "User", "alice", /UPN.*or.*object id/],
    ];
    for (const [what, identity, kind, name, message] of refused) {
        it(`refuses ${what}`, () => assert.match(subjectProblem(identity, { kind, name }) ?? "", message));
    }
});

describe("checkClusterIdentity", () => {
    const cases: [string, unknown, RegExp][] = [
        ["no cloud", {}, /`identity.cloud` must be one of aws, gcp, azure/],
        ["a setting of another cloud", { cloud: "azure", securityGroup: "gke-security-groups@example.com" }, /`identity.securityGroup` is not a setting of a azure identity/],
        ["an EKS prefix that is no string", { cloud: "aws", oidc: { usernamePrefix: "oidc:" } }, /`identity.oidc.groupsPrefix` must be/],
        ["a GKE security group of another name", { cloud: "gcp", securityGroup: "admins@example.com" }, /`identity.securityGroup` must be "gke-security-groups@<your domain>"/],
    ];
    for (const [what, value, message] of cases) {
        it(`refuses ${what}`, () => {
            const problems = new Problems();
            assert.equal(checkClusterIdentity(problems, value, "identity"), undefined);
            assert.equal(problems.messages.length, 1, problems.messages.join("\n"));
            assert.match(problems.messages[0], message);
        });
    }
});

describe("subjects checked by the components", () => {
    it("refuses a HardenedNamespace developer group in the wrong form, registering nothing", async () => {
        const { error, resources } = await runExpectingError(provider => new HardenedNamespace("shop", { provider, identity: AKS, developerGroups: ["shop-developers"] }));
        assert.match(error.message, /`developerGroups\[0\]` must be the Entra group's object id/);
        assert.deepEqual(created(resources), []);
    });

    it("refuses ClusterAccess read-only groups and break-glass subjects in the wrong form", async () => {
        const { error } = await runExpectingError(
            provider =>
                new ClusterAccess("access", {
                    provider,
                    identity: GKE,
                    readOnlyGroups: ["oidc:readers"],
                    breakGlass: { subjects: [{ kind: "User", name: "break-glass" }] },
                }),
        );
        assert.match(error.message, /`readOnlyGroups\[0\]` must be a Google Group email/);
        assert.match(error.message, /`breakGlass.subjects\[0\].name` must be a Google account or service account email/);
    });

    it("hands the baseline's identity to every namespace and to access, naming the nested field", async () => {
        const { error } = await runExpectingError(
            provider =>
                new ClusterBaseline("baseline", {
                    provider,
                    identity: EKS,
                    namespaces: [{ name: "shop", developerGroups: ["shop-developers"] }],
                    access: { readOnlyGroups: ["readers"] },
                }),
        );
        assert.match(error.message, /`namespaces\[0\]\.developerGroups\[0\]` must start with the identity provider config's groupsPrefix "oidc:"/);
        assert.match(error.message, /`access\.readOnlyGroups\[0\]` must start with/);
    });

    it("binds subjects written the cloud's way", async () => {
        const run = await runComponent(provider => new HardenedNamespace("shop", { provider, identity: AKS, developerGroups: [GUID] }));
        const binding = objectsOfKind(run.resources, "RoleBinding").get("shop/developer")!;
        assert.deepEqual(binding["subjects"], [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: GUID }]);
        assertClean(run.violations);
    });
});

describe("HardenedNamespace workloadIdentity", () => {
    const egressOf = (policy: Record<string, unknown>) => (policy["spec"] as { egress: unknown[] }).egress;

    for (const cloud of ["aws", "gcp"] as const) {
        it(`opens exactly the ${cloud} credential endpoint to the workload-identity pods, annotated as the identity path`, async () => {
            const identity = cloud === "aws" ? EKS : GKE;
            const run = await runComponent(provider => new HardenedNamespace("shop", { provider, identity, workloadIdentity: { pods: { app: "backend" } } }));
            const policy = objectsOfKind(run.resources, "NetworkPolicy").get("shop/allow-workload-identity-egress")!;
            assert.ok(policy, "the workload-identity policy exists");
            assert.equal((policy["metadata"] as { annotations: Record<string, string> }).annotations["hardened-cluster-blueprint/egress-purpose"], `workload-identity-${cloud}`);
            assert.deepEqual((policy["spec"] as Record<string, unknown>)["podSelector"], { matchLabels: { app: "backend" } });
            assert.deepEqual((policy["spec"] as Record<string, unknown>)["policyTypes"], ["Egress"]);
            assert.deepEqual(
                egressOf(policy),
                WORKLOAD_IDENTITY_ENDPOINTS[cloud].map(e => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map(port => ({ protocol: "TCP", port })) })),
            );
            assertObjectsValid(run.resources);
            assertClean(run.violations);
        });
    }

    it("pins the documented endpoints", () => {
        assert.deepEqual(WORKLOAD_IDENTITY_ENDPOINTS, {
            aws: [{ cidr: "169.254.170.23/32", ports: [80] }, { cidr: "fd00:ec2::23/128", ports: [80] }],
            gcp: [{ cidr: "169.254.169.254/32", ports: [80] }, { cidr: "169.254.169.252/32", ports: [988] }],
            azure: [],
        });
    });

    it("refuses AKS workload identity without a way to the Entra FQDN, naming the options", async () => {
        const { error, resources } = await runExpectingError(provider => new HardenedNamespace("shop", { provider, identity: AKS, workloadIdentity: {} }));
        assert.match(error.message, /`workloadIdentity.entraTokenEgress` is required on AKS.*login.microsoftonline.com.*"cilium-fqdn".*\{ proxy: \{ cidr, port \} \}/);
        assert.deepEqual(created(resources), []);
    });

    it("lets AKS pods reach an egress proxy, annotated as the identity path", async () => {
        const run = await runComponent(provider => new HardenedNamespace("shop", { provider, identity: AKS, workloadIdentity: { entraTokenEgress: { proxy: { cidr: "10.0.1.4/32", port: 3128 } } } }));
        const policy = objectsOfKind(run.resources, "NetworkPolicy").get("shop/allow-workload-identity-egress")!;
        assert.deepEqual(egressOf(policy), [{ to: [{ ipBlock: { cidr: "10.0.1.4/32" } }], ports: [{ protocol: "TCP", port: 3128 }] }]);
        assertClean(run.violations);
    });

    it("lets AKS pods reach the Entra host through a Cilium FQDN policy", async () => {
        const run = await runComponent(provider => new HardenedNamespace("shop", { provider, identity: AKS, workloadIdentity: { pods: { app: "api" }, entraTokenEgress: "cilium-fqdn" } }));
        const cnp = run.resources.find(r => r.type === "kubernetes:cilium.io/v2:CiliumNetworkPolicy");
        assert.ok(cnp);
        const spec = cnp.inputs["spec"] as { endpointSelector: unknown; egress: Record<string, unknown>[] };
        assert.deepEqual(spec.endpointSelector, { matchLabels: { app: "api" } });
        assert.deepEqual(spec.egress[1], { toFQDNs: [{ matchName: "login.microsoftonline.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] });
        assert.deepEqual((spec.egress[0]["toPorts"] as unknown[])[0], { ports: [{ port: "53", protocol: "ANY" }], rules: { dns: [{ matchPattern: "*" }] } });
        assert.equal(objectsOfKind(run.resources, "NetworkPolicy").has("shop/allow-workload-identity-egress"), false);
    });

    const refusals: [string, Record<string, unknown>, RegExp][] = [
        ["no identity", { workloadIdentity: {} }, /`workloadIdentity` needs the cluster's `identity`/],
        ["an Entra setting off AKS", { identity: EKS, workloadIdentity: { entraTokenEgress: "cilium-fqdn" } }, /applies to AKS only/],
        ["a proxy at every address", { identity: AKS, workloadIdentity: { entraTokenEgress: { proxy: { cidr: "0.0.0.0/0", port: 443 } } } }, /must be the proxy's address range, not 0.0.0.0\/0/],
        ["an allow rule named like the identity path", { identity: EKS, allow: [{ name: "workload-identity", from: { pods: {} }, to: { cidr: "10.0.0.0/8" }, ports: [{ port: 443 }] }] }, /must not be "workload-identity"/],
    ];
    for (const [what, args, message] of refusals) {
        it(`refuses ${what}`, async () => {
            const { error } = await runExpectingError(provider => new HardenedNamespace("shop", { provider, ...args }));
            assert.match(error.message, message);
        });
    }
});
