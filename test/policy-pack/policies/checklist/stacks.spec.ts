/**
 * The checklist stack policies over every example stack as the program plans it: clean as planned,
 * a mandatory finding naming the checklist line when a control is removed, and every other way of
 * building the control accepted in its place.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { planStack } from "../../../../cli/commands/plan";
import { EngineResource } from "../../../../cli/engine/model";
import { listStacks } from "../../../../cli/plan/stacks";
import { packageRoot } from "../../../../cli/paths";
import { CONTROLS } from "../../../../components/controls";
import { TOKENS } from "../../../../components/tokens";
import { Finding, analyze, describeFindings, mandatory } from "../../../helpers/component";

const ROOT = packageRoot();
const PACK_CONFIG = JSON.parse(fs.readFileSync(path.join(ROOT, "stacks", "policy-config.json"), "utf8"));
const BINAUTHZ_POLICY = "gcp:binaryauthorization/policy:Policy";
/** The GKE cluster's own control, which the managed Binary Authorization policy builds too. */
const GKE_BINAUTHZ = "gke-project-require-binary-authorization-policy";
const CHECKLIST_POLICIES = ["k8s-stack-require-runtime-detection", "k8s-stack-require-external-secrets", "k8s-stack-require-image-verification", "k8s-namespace-require-mesh-mtls"];

const planned = new Map<string, EngineResource[]>();

/** The planned stacks that hold the baseline (a cluster-only stage registers its StackStage marker without it). */
function baselineStacks(): [string, EngineResource[]][] {
    return [...planned].filter(([, resources]) => {
        const marker = resources.find(r => r.type === TOKENS.stackStage);
        return !marker || (marker.inputs["layers"] as string[]).includes("baseline");
    });
}

async function findings(resources: readonly EngineResource[], config: unknown = PACK_CONFIG): Promise<Finding[]> {
    return analyze(resources as never, config);
}

function checklistLineOf(policy: string): string {
    return CONTROLS.find(c => c.policies.includes(policy))!.checklist;
}

let counter = 0;
/** A resource as the engine would hand it over, with the props in inputs and outputs. */
function resource(type: string, props: Record<string, unknown>, name = `extra-${++counter}`): EngineResource {
    return { type, name, urn: `urn:pulumi:test::hcb::${type}::${name}`, inputs: props, outputs: props, dependencies: [], propertyDependencies: {} };
}

function chartOf(r: EngineResource): string {
    const chart = r.inputs["chart"];
    return typeof chart === "string" ? chart.split("/").pop()! : "";
}

function kindOf(r: EngineResource): string {
    return r.type.split(":").pop()!;
}

function at(r: EngineResource, ...path: string[]): unknown {
    return path.reduce<unknown>((node, k) => (node && typeof node === "object" ? (node as Record<string, unknown>)[k] : undefined), r.inputs);
}

function withProps(r: EngineResource, patch: (props: Record<string, unknown>) => Record<string, unknown>): EngineResource {
    return { ...r, inputs: patch({ ...r.inputs }), outputs: patch({ ...r.outputs }) };
}

/** What builds each control in the example stacks, to remove. */
const REMOVALS: Record<string, (r: EngineResource) => boolean> = {
    "k8s-stack-require-runtime-detection": r => r.type === "kubernetes:helm.sh/v3:Release" && chartOf(r) === "falco",
    "k8s-stack-require-external-secrets": r => kindOf(r) === "ClusterSecretStore",
    // Both ways the GKE stacks build it: Kyverno in the baseline and the project's Binary Authorization policy.
    "k8s-stack-require-image-verification": r => kindOf(r) === "ClusterPolicy" || r.type === BINAUTHZ_POLICY,
    "k8s-namespace-require-mesh-mtls": r => kindOf(r) === "PeerAuthentication",
};

describe("checklist stack policies over the example stacks", function () {
    this.timeout(300_000);

    before(async () => {
        const program = path.join(ROOT, "dist", "index.js");
        for (const name of listStacks(ROOT)) {
            planned.set(name, [...(await planStack(ROOT, program, name)).stack.resources] as unknown as EngineResource[]);
        }
    });

    it("plans every example stack clean: no mandatory finding, no checklist finding", async () => {
        assert.ok(planned.size >= 7, [...planned.keys()].join(", "));
        assert.ok(baselineStacks().length >= 5, baselineStacks().map(([n]) => n).join(", "));
        for (const [name, resources] of planned) {
            const found = await findings(resources);
            assert.deepEqual(mandatory(found), [], `${name}:\n${describeFindings(found)}`);
            // A stack may opt out by name (aks renders its baseline for Flux): only advisories carrying the reason.
            const checklist = found.filter(f => CHECKLIST_POLICIES.includes(f.policyName));
            assert.ok(checklist.every(f => f.enforcementLevel === "advisory" && /(^|\n)exempted: .*Opted out by ClusterBaseline 'baseline'.*\njustification: /s.test(f.message)), `${name}:\n${describeFindings(checklist)}`);
        }
    });

    for (const [policy, removes] of Object.entries(REMOVALS)) {
        it(`${policy}: removing the control from each stack gives one mandatory finding naming its checklist line`, async () => {
            for (const [name, resources] of baselineStacks()) {
                // The cloud's own runtime detection (aks-byo turns Defender on) is another way to build it: off too.
                const removed = resources.filter(r => !removes(r));
                const kept = policy === "k8s-stack-require-runtime-detection" ? withoutCloudRuntime(removed) : removed;
                if (kept.length === resources.length) {
                    // Opted out by name: nothing of ours to remove, and the pack reports the reason.
                    const optedOut = (await findings(resources)).filter(f => f.policyName === policy);
                    assert.ok(optedOut.length > 0 && optedOut.every(f => f.enforcementLevel === "advisory" && f.message.includes("Opted out by")), `${name}:\n${describeFindings(optedOut)}`);
                    continue;
                }
                const found = mandatory(await findings(kept));
                // Removing a GKE stack's Binary Authorization policy also fails the cluster's own control, on the same checklist line.
                const gke = resources.some(r => r.type === BINAUTHZ_POLICY && removes(r)) ? [GKE_BINAUTHZ] : [];
                assert.deepEqual(found.map(f => f.policyName).sort(), [policy, ...gke].sort(), `${name}:\n${describeFindings(found)}`);
                for (const f of found) {
                    assert.ok(f.message.includes(`(checklist "${checklistLineOf(policy)}")`), f.message);
                }
            }
        });
    }

    describe("every way to build a control is accepted", () => {
        const cluster = (type: string, fn: (p: Record<string, unknown>) => Record<string, unknown>) => (r: EngineResource) => (r.type === type ? withProps(r, fn) : r);

        const falcoDaemonSet = resource("kubernetes:apps/v1:DaemonSet", {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: { name: "falco", namespace: "security" },
            spec: { selector: { matchLabels: { app: "falco" } }, template: { metadata: { labels: { app: "falco" } }, spec: { containers: [{ name: "falco", image: "docker.io/falcosecurity/falco:0.44.1" }] } } },
        });
        const cases: [string, string, string, EngineResource[], ((r: EngineResource) => EngineResource)?][] = [
            ["a user's own Falco Helm release", "eks-byo", "k8s-stack-require-runtime-detection", [resource("kubernetes:helm.sh/v3:Release", { chart: "falcosecurity/falco", version: "9.1.0" })]],
            ["a Flux HelmRelease of Falco", "gke", "k8s-stack-require-runtime-detection", [resource("kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease", { spec: { chart: { spec: { chart: "falco", version: "9.1.0" } } } })]],
            ["Falco's DaemonSet from manifests", "gke-ci", "k8s-stack-require-runtime-detection", [falcoDaemonSet]],
            [
                "GuardDuty EKS Runtime Monitoring with its managed agent",
                "eks-byo",
                "k8s-stack-require-runtime-detection",
                [resource("aws:guardduty/detectorFeature:DetectorFeature", { detectorId: "d1", name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] })],
            ],
            [
                "GuardDuty Runtime Monitoring with the aws-guardduty-agent add-on",
                "eks-byo",
                "k8s-stack-require-runtime-detection",
                [resource("aws:guardduty/detectorFeature:DetectorFeature", { detectorId: "d1", name: "EKS_RUNTIME_MONITORING", status: "ENABLED" }), resource("aws:eks/addon:Addon", { clusterName: "c", addonName: "aws-guardduty-agent" })],
            ],
            ["GKE threat detection (security posture ENTERPRISE)", "gke", "k8s-stack-require-runtime-detection", [], cluster("gcp:container/cluster:Cluster", p => ({ ...p, securityPostureConfig: { mode: "ENTERPRISE" } }))],
            [
                "Defender for Containers",
                "aks-byo",
                "k8s-stack-require-runtime-detection",
                [],
                cluster("azure-native:containerservice:ManagedCluster", p => ({ ...p, securityProfile: { ...(p["securityProfile"] as object), defender: { logAnalyticsWorkspaceResourceId: "/x", securityMonitoring: { enabled: true } } } })),
            ],
            [
                "a hand-written ClusterSecretStore (v1beta1) on the cluster's cloud through workload identity",
                "gke",
                "k8s-stack-require-external-secrets",
                [resource("kubernetes:external-secrets.io/v1beta1:ClusterSecretStore", { apiVersion: "external-secrets.io/v1beta1", kind: "ClusterSecretStore", metadata: { name: "gsm" }, spec: { provider: { gcpsm: { projectID: "p" } } } })],
            ],
            ["the Secrets Store CSI driver's AWS provider", "eks-byo", "k8s-stack-require-external-secrets", [resource("kubernetes:helm.sh/v3:Release", { chart: "secrets-store-csi-driver-provider-aws", version: "2.0.0" })]],
            [
                "the AKS Key Vault Secrets Provider add-on",
                "aks-byo",
                "k8s-stack-require-external-secrets",
                [],
                cluster("azure-native:containerservice:ManagedCluster", p => ({ ...p, addonProfiles: { ...(p["addonProfiles"] as object), azureKeyvaultSecretsProvider: { enabled: true } } })),
            ],
            ["the GKE Secret Manager add-on", "gke-ci", "k8s-stack-require-external-secrets", [], cluster("gcp:container/cluster:Cluster", p => ({ ...p, secretManagerConfig: { enabled: true } }))],
            [
                "a hand-written Kyverno ClusterPolicy enforcing at the policy level",
                "eks-byo",
                "k8s-stack-require-image-verification",
                [
                    resource("kubernetes:kyverno.io/v1:ClusterPolicy", {
                        apiVersion: "kyverno.io/v1",
                        kind: "ClusterPolicy",
                        metadata: { name: "check-signatures" },
                        spec: { validationFailureAction: "Enforce", rules: [{ name: "r", verifyImages: [{ imageReferences: ["ghcr.io/acme/*"], attestors: [{ entries: [{ keyless: { subject: "https://github.com/acme/*", issuer: "https://token.actions.githubusercontent.com" } }] }] }] }] },
                    }),
                ],
            ],
            [
                "a Kyverno ImageValidatingPolicy that denies",
                "aks-byo",
                "k8s-stack-require-image-verification",
                [resource("kubernetes:policies.kyverno.io/v1beta1:ImageValidatingPolicy", { spec: { validationActions: ["Deny"], attestors: [{ name: "cosign", cosign: { key: { data: "k" } } }] } })],
            ],
            ["a Sigstore ClusterImagePolicy", "eks-byo", "k8s-stack-require-image-verification", [resource("kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy", { spec: { images: [{ glob: "ghcr.io/acme/**" }], authorities: [{ keyless: { url: "https://fulcio.sigstore.dev" } }] } })]],
            [
                "a managed GKE Binary Authorization policy that requires attestations",
                "gke",
                "k8s-stack-require-image-verification",
                [
                    resource("gcp:binaryauthorization/policy:Policy", {
                        defaultAdmissionRule: { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: ["projects/p/attestors/built-by-ci"] },
                    }),
                ],
            ],
            [
                "AKS Image Integrity with an assigned verification definition named in the config",
                "aks-byo",
                "k8s-stack-require-image-verification",
                [resource("azure-native:authorization:PolicyAssignment", { policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/verify-signed-images", scope: "/x" })],
                cluster("azure-native:containerservice:ManagedCluster", p => ({
                    ...p,
                    securityProfile: { ...(p["securityProfile"] as object), imageIntegrity: { enabled: true } },
                    addonProfiles: { ...(p["addonProfiles"] as object), azurepolicy: { enabled: true } },
                })),
            ],
        ];
        for (const [what, stack, policy, extra, patch] of cases) {
            it(`${policy} accepts ${what} (${stack})`, async () => {
                const config = { ...PACK_CONFIG, "k8s-stack-require-image-verification": { azurePolicyDefinitionIds: ["verify-signed-images"] } };
                const removed = planned.get(stack)!.filter(r => !REMOVALS[policy](r));
                const bareStack = policy === "k8s-stack-require-runtime-detection" ? withoutCloudRuntime(removed) : removed;
                const resources = bareStack.map(r => (patch ? patch(r) : r));
                const found = (await findings([...resources, ...extra], config)).filter(f => f.policyName === policy);
                assert.deepEqual(found, [], describeFindings(found));
                // And without the alternative, the same stack is refused (the case is not clean by accident).
                const bare = (await findings(bareStack, config)).filter(f => f.policyName === policy);
                assert.equal(mandatory(bare).length, 1, describeFindings(bare));
            });
        }

        it("k8s-namespace-require-mesh-mtls accepts Linkerd all-authenticated and Cilium mutual authentication in place of Istio", async () => {
            const stripIstio = (r: EngineResource) =>
                kindOf(r) === "Namespace" && (r.inputs["metadata"] as { name: string }).name === "payments"
                    ? withProps(r, p => ({ ...p, metadata: { ...(p["metadata"] as object), labels: { "kubernetes.io/metadata.name": "payments" }, annotations: { "linkerd.io/inject": "enabled", "config.linkerd.io/default-inbound-policy": "all-authenticated" } } }))
                    : r;
            const linkerd = (await findings(planned.get("eks-byo")!.filter(r => !REMOVALS["k8s-namespace-require-mesh-mtls"](r)).map(stripIstio))).filter(f => f.policyName === "k8s-namespace-require-mesh-mtls" && f.message.includes("'payments'"));
            assert.deepEqual(linkerd, [], describeFindings(linkerd));
            const cilium = resource("kubernetes:cilium.io/v2:CiliumNetworkPolicy", { metadata: { name: "mutual-auth", namespace: "payments" }, spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{}], authentication: { mode: "required" } }] } });
            const noMesh = (r: EngineResource) =>
                kindOf(r) === "Namespace" && (r.inputs["metadata"] as { name: string }).name === "payments" ? withProps(r, p => ({ ...p, metadata: { ...(p["metadata"] as object), labels: {} } })) : r;
            const withCilium = (await findings([...planned.get("aks-byo")!.map(noMesh), cilium])).filter(f => f.policyName === "k8s-namespace-require-mesh-mtls" && f.message.includes("'payments'"));
            assert.deepEqual(withCilium, [], describeFindings(withCilium));
            const without = (await findings(planned.get("aks-byo")!.map(noMesh))).filter(f => f.policyName === "k8s-namespace-require-mesh-mtls");
            assert.deepEqual(mandatory(without).map(f => f.message.split("\n").pop()!.split(":")[0]), ["Namespace 'payments' must carry its traffic over STRICT mTLS (checklist \"service-to-service mTLS\")"]);
        });
    });

    describe("weakened ways are refused", () => {
        const weakCases: [string, string, string, EngineResource[], RegExp][] = [
            [
                "GuardDuty Runtime Monitoring without an agent",
                "eks-byo",
                "k8s-stack-require-runtime-detection",
                [resource("aws:guardduty/detectorFeature:DetectorFeature", { detectorId: "d1", name: "RUNTIME_MONITORING", status: "ENABLED" })],
                /runs no agent on the cluster/,
            ],
            [
                "a ClusterSecretStore with a stored key",
                "aks-byo",
                "k8s-stack-require-external-secrets",
                [resource("kubernetes:external-secrets.io/v1:ClusterSecretStore", { metadata: { name: "kv" }, spec: { provider: { azurekv: { vaultUrl: "https://v.vault.azure.net", authSecretRef: { clientId: { name: "s", key: "id" } } } } } })],
                /authenticates with "ServicePrincipal" and a stored secret/,
            ],
            [
                "a ClusterSecretStore on another cloud",
                "eks-byo",
                "k8s-stack-require-external-secrets",
                [resource("kubernetes:external-secrets.io/v1:ClusterSecretStore", { metadata: { name: "gsm" }, spec: { provider: { gcpsm: { projectID: "p" } } } })],
                /not the cluster's cloud \(aws\)/,
            ],
            [
                "a Kyverno verifyImages policy in Audit mode",
                "gke",
                "k8s-stack-require-image-verification",
                [resource("kubernetes:kyverno.io/v1:ClusterPolicy", { metadata: { name: "audit-only" }, spec: { rules: [{ name: "r", verifyImages: [{ imageReferences: ["*"], attestors: [{ entries: [{ keys: { publicKeys: "k" } }] }] }] }] } })],
                /verifies no image in Enforce mode/,
            ],
        ];
        for (const [what, stack, policy, extra, reason] of weakCases) {
            it(`${policy} refuses ${what} (${stack})`, async () => {
                const removed = planned.get(stack)!.filter(r => !REMOVALS[policy](r));
                const resources = policy === "k8s-stack-require-runtime-detection" ? withoutCloudRuntime(removed) : removed;
                const found = mandatory(await findings([...resources, ...extra])).filter(f => f.policyName === policy);
                assert.equal(found.length, 1, describeFindings(found));
                assert.match(found[0].message, reason);
            });
        }

        it("k8s-stack-require-image-verification refuses GKE enforcing the project policy with no managed policy", async () => {
            const found = mandatory(await findings(planned.get("gke")!.filter(r => !REMOVALS["k8s-stack-require-image-verification"](r))));
            assert.deepEqual(found.map(f => f.policyName).sort(), [GKE_BINAUTHZ, "k8s-stack-require-image-verification"], describeFindings(found));
            for (const f of found) {
                assert.match(f.message, /no policy is managed in the stack: a project's default policy admits every image/);
            }
        });
    });

    describe("GKE: the project's Binary Authorization policy (gke-project-require-binary-authorization-policy)", () => {
        const GKE_STACKS = ["gke", "gke-ci", "gke-byo"];
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const REASON = "the project's policy is managed by stack platform/binauthz";
        const policyOf = (rs: readonly EngineResource[]) => rs.find(r => r.type === BINAUTHZ_POLICY)!;
        const patchPolicy = (rs: readonly EngineResource[], fn: (p: Record<string, unknown>) => Record<string, unknown>) => rs.map(r => (r.type === BINAUTHZ_POLICY ? withProps(r, fn) : r));
        /** The stack as if GkeCluster had named the opt-out instead of managing the policy. */
        const optedOut = (rs: readonly EngineResource[]) =>
            rs.filter(r => r.type !== BINAUTHZ_POLICY).map(r => (r.type === TOKENS.gkeCluster ? withProps(r, p => ({ ...p, optOuts: { binaryAuthorizationPolicy: { reason: REASON } } })) : r));

        it("every GKE example stack manages a deny-by-default policy, clean", async () => {
            for (const name of GKE_STACKS) {
                const resources = planned.get(name)!;
                assert.equal(at(policyOf(resources), "defaultAdmissionRule", "evaluationMode"), "REQUIRE_ATTESTATION", name);
                const found = (await findings(resources)).filter(f => f.policyName === GKE_BINAUTHZ);
                assert.deepEqual(found, [], `${name}:\n${describeFindings(found)}`);
            }
        });

        it("removing the policy from each GKE stack gives one mandatory finding naming the checklist line, though Kyverno still verifies", async () => {
            for (const name of GKE_STACKS) {
                const found = mandatory(await findings(planned.get(name)!.filter(r => r.type !== BINAUTHZ_POLICY)));
                assert.deepEqual(found.map(f => f.policyName), [GKE_BINAUTHZ], `${name}:\n${describeFindings(found)}`);
                assert.ok(found[0].message.includes('(checklist "image signing and verification")'), found[0].message);
                assert.match(found[0].message, /Cluster '.*' enforces the project's policy, but no policy is managed in the stack/);
            }
        });

        const WEAK: readonly [string, (p: Record<string, unknown>) => Record<string, unknown>, RegExp][] = [
            ["a default rule that allows every image", p => ({ ...p, defaultAdmissionRule: { evaluationMode: "ALWAYS_ALLOW", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG" } }), /admits images without attestation \(default rule "ALWAYS_ALLOW"\)/],
            ["attestation required with no attestor", p => ({ ...p, defaultAdmissionRule: { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: [] } }), /admits images without attestation/],
            ["a dry-run default rule", p => ({ ...p, defaultAdmissionRule: { ...(p["defaultAdmissionRule"] as object), enforcementMode: "DRYRUN_AUDIT_LOG_ONLY" } }), /does not enforce its default rule/],
            ["a cluster rule that allows every image", p => ({ ...p, clusterAdmissionRules: [{ cluster: "europe-west1.gke", evaluationMode: "ALWAYS_ALLOW", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG" }] }), /admits every image on "europe-west1.gke"/],
        ];
        for (const [what, patch, reason] of WEAK) {
            it(`refuses ${what} (gke-ci)`, async () => {
                const found = mandatory(await findings(patchPolicy(planned.get("gke-ci")!, patch)));
                assert.deepEqual(found.map(f => f.policyName), [GKE_BINAUTHZ], describeFindings(found));
                assert.match(found[0].message, reason);
            });
        }

        it("accepts an ALWAYS_DENY default rule, and a hand-written policy in place of GkeCluster's", async () => {
            const deny = await findings(patchPolicy(planned.get("gke")!, p => ({ ...p, defaultAdmissionRule: { evaluationMode: "ALWAYS_DENY", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG" } })));
            assert.deepEqual(deny.filter(f => f.policyName === GKE_BINAUTHZ), []);
            const own = resource(BINAUTHZ_POLICY, { defaultAdmissionRule: { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: ["projects/p/attestors/a"] } });
            const handWritten = await findings([...planned.get("gke")!.filter(r => r.type !== BINAUTHZ_POLICY), own]);
            assert.deepEqual(handWritten.filter(f => f.policyName === GKE_BINAUTHZ), []);
        });

        it("reports GkeCluster's named opt-out (another stack owns the project's policy) as an advisory with its reason", async () => {
            const found = (await findings(optedOut(planned.get("gke-byo")!))).filter(f => f.policyName === GKE_BINAUTHZ);
            assert.equal(found.length, 1, describeFindings(found));
            assert.equal(found[0].enforcementLevel, "advisory");
            assert.match(found[0].message, /Opted out by GkeCluster 'gke' \(`optOuts.binaryAuthorizationPolicy`\)/);
            assert.ok(found[0].message.includes(REASON), found[0].message);
        });

        it("k8s-stack-require-image-verification cannot tell from a policy managed in another stack, and says so", async () => {
            const withoutKyverno = optedOut(planned.get("gke")!).filter(r => kindOf(r) !== "ClusterPolicy");
            const found = (await findings(withoutKyverno)).filter(f => f.policyName === "k8s-stack-require-image-verification");
            assert.equal(found.length, 1, describeFindings(found));
            assert.equal(found[0].enforcementLevel, "advisory");
            assert.match(found[0].message, /cannot be checked for checklist "image signing and verification" during preview: the project's Binary Authorization policy, which GkeCluster 'gke' says is managed outside this stack/);
        });

        it("says it cannot tell while the policy's rules or the cluster's mode are unknown at preview", async () => {
            const rulesUnknown = (await findings(patchPolicy(planned.get("gke-byo")!, p => ({ ...p, defaultAdmissionRule: UNKNOWN })))).filter(f => f.policyName === GKE_BINAUTHZ);
            assert.deepEqual(rulesUnknown.map(f => f.enforcementLevel), ["advisory"], describeFindings(rulesUnknown));
            assert.match(rulesUnknown[0].message, /cannot be checked .* the rules of gcp:binaryauthorization\/policy:Policy '.*' is not known yet/);
            const modeUnknown = planned.get("gke-byo")!.filter(r => r.type !== BINAUTHZ_POLICY).map(r => (r.type === "gcp:container/cluster:Cluster" ? withProps(r, p => ({ ...p, binaryAuthorization: UNKNOWN })) : r));
            const found = (await findings(modeUnknown)).filter(f => f.policyName === GKE_BINAUTHZ);
            assert.deepEqual(found.map(f => f.enforcementLevel), ["advisory"], describeFindings(found));
            assert.match(found[0].message, /cannot be checked/);
        });

        it("does not apply to a stack whose cluster does not enforce Binary Authorization, nor to other clouds", async () => {
            const disabled = planned.get("gke-byo")!.filter(r => r.type !== BINAUTHZ_POLICY).map(r => (r.type === "gcp:container/cluster:Cluster" ? withProps(r, p => ({ ...p, binaryAuthorization: { evaluationMode: "DISABLED" } })) : r));
            const found = await findings(disabled);
            assert.deepEqual(found.filter(f => f.policyName === GKE_BINAUTHZ), []);
            assert.deepEqual(mandatory(found).map(f => f.policyName), ["gke-cluster-require-binary-authorization"], describeFindings(found));
            for (const name of ["eks-byo", "aks-byo"]) {
                assert.deepEqual((await findings(planned.get(name)!)).filter(f => f.policyName === GKE_BINAUTHZ), []);
            }
        });
    });

    describe("each stack is judged on the layer it holds", () => {
        it("judges the cluster-only eks stage on its StackStage marker: no checklist finding without a baseline", async () => {
            const resources = planned.get("eks")!;
            const marker = resources.find(r => r.type === TOKENS.stackStage);
            assert.deepEqual(marker?.inputs["layers"], ["cluster"]);
            assert.ok(!resources.some(r => r.type === TOKENS.clusterBaseline));
            const found = (await findings(resources)).filter(f => CHECKLIST_POLICIES.includes(f.policyName));
            assert.deepEqual(found, [], describeFindings(found));
        });

        const marker = (layers: string[]) => resource(TOKENS.stackStage, { layers }, "stage");
        /** The planned stack without the marker the program registers. */
        const unmarked = (name: string) => planned.get(name)!.filter(r => r.type !== TOKENS.stackStage);

        it("does not flag a cluster-only stage for the baseline another stage deploys", async () => {
            // The cluster stage of a staged pair: no baseline component, none of its add-ons.
            const clusterOnly = withoutCloudRuntime(unmarked("eks-byo").filter(r => r.type !== TOKENS.clusterBaseline && !Object.values(REMOVALS).some(removes => removes(r))));
            const strict = mandatory(await findings(clusterOnly)).map(f => f.policyName).sort();
            assert.deepEqual(strict, ["k8s-namespace-require-mesh-mtls", "k8s-stack-require-external-secrets", "k8s-stack-require-image-verification", "k8s-stack-require-runtime-detection"]);
            const declared = await findings([...clusterOnly, marker(["cluster"])]);
            assert.deepEqual(mandatory(declared), [], describeFindings(declared));
            // The unmeshed namespace with a cross-namespace flow is left as "cannot tell": the mesh is another stage's.
            assert.ok(declared.some(f => f.policyName === "k8s-namespace-require-mesh-mtls" && /cannot be checked/.test(f.message)), describeFindings(declared));
        });

        it("names the strict default in the finding of a stack with a cluster and no declared stage", async () => {
            const found = mandatory(await findings(unmarked("gke").filter(r => !REMOVALS["k8s-stack-require-runtime-detection"](r))));
            assert.match(found[0].message, /Stage: cluster, baseline \(from the strict default: the stack holds a cluster and declares no stage\)\.$/);
        });

        it("takes the layers from the pack config over the marker", async () => {
            const resources = [...unmarked("gke").filter(r => r.type !== TOKENS.clusterBaseline && !REMOVALS["k8s-stack-require-runtime-detection"](r)), marker(["cluster"])];
            assert.deepEqual(mandatory(await findings(resources)), []);
            const config = { ...PACK_CONFIG, "k8s-stack-require-runtime-detection": { layers: ["baseline"] } };
            const found = mandatory(await findings(resources, config));
            assert.deepEqual(found.map(f => f.policyName), ["k8s-stack-require-runtime-detection"]);
            assert.match(found[0].message, /from the policy's `layers` setting/);
        });

        it("does not flag an applications stack (no cluster, no baseline) for the cluster's add-ons", async () => {
            const found = await findings([falcoLessApp()]);
            assert.deepEqual(found.filter(f => f.policyName.startsWith("k8s-stack-")), []);
        });

        it("refuses a marker whose layers are not a list of layers", async () => {
            const unknownMarker = resource(TOKENS.stackStage, { layers: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, "stage");
            const found = (await findings([...unmarked("eks-byo"), unknownMarker])).filter(f => f.policyName.startsWith("k8s-stack-"));
            // A marker whose layers are no list of layers cannot be trusted: each checklist policy refuses it.
            assert.deepEqual(mandatory(found).map(f => f.policyName).sort(), ["k8s-stack-require-external-secrets", "k8s-stack-require-image-verification", "k8s-stack-require-runtime-detection"]);
            assert.ok(mandatory(found).every(f => /must declare the layers it holds/.test(f.message)));
        });
    });
});

/**
 * The resource without the clouds' runtime detection (Defender's sensor, GKE's ENTERPRISE posture,
 * GuardDuty's detector features: a stack without any no longer manages GuardDuty).
 */
function withoutCloudRuntime(resources: readonly EngineResource[]): EngineResource[] {
    return resources.filter(r => !r.type.startsWith("aws:guardduty/")).map(withoutCloudRuntimeProps);
}

function withoutCloudRuntimeProps(r: EngineResource): EngineResource {
    const strip = (p: Record<string, unknown>) => {
        const out = { ...p };
        if (r.type === "azure-native:containerservice:ManagedCluster" && out["securityProfile"]) {
            const { defender: _defender, ...rest } = out["securityProfile"] as Record<string, unknown>;
            out["securityProfile"] = rest;
        }
        if (r.type === "gcp:container/cluster:Cluster") {
            delete out["securityPostureConfig"];
        }
        return out;
    };
    return { ...r, inputs: strip({ ...r.inputs }), outputs: strip({ ...r.outputs }) };
}

function falcoLessApp(): EngineResource {
    return resource("kubernetes:apps/v1:Deployment", {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop" },
        spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "ghcr.io/acme/web@sha256:" + "a".repeat(64) }] } } },
    });
}
