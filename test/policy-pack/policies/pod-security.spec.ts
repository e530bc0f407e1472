/**
 * The pss-* policies' integration: which level and version a workload is held to (its Namespace
 * in the stack, found by name or through propertyDependencies during preview, else the configured
 * default), restricted overrides, every workload kind, init and ephemeral containers. The checks
 * themselves are tested in test/policy-pack/lib/pss/.
 */
import * as assert from "node:assert/strict";
import { PINNED_POD_SECURITY_VERSION, POD_SECURITY_CONTROL_ROWS, POD_SECURITY_LABELS } from "../../../components/controls";
import { POLICIES } from "../../../policy-pack/policies";
import {
    DEPLOYMENT_TYPE,
    Expected,
    Json,
    NAMESPACE,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    POD_TYPE,
    UNKNOWN,
    WORKLOAD_KINDS,
    WorkloadOptions,
    analyze,
    assertClean,
    assertFindings,
    defaultDenyNetworkPolicy,
    hardenedEphemeralContainer,
    hardenedNamespace,
    hardenedStack,
    hardenedWorkload,
    kindOf,
    policyNamed,
    resource,
    stackInputs,
    stackWith,
    tweaked,
    urnOf,
    validateStack,
} from "../../helpers/policy";

const policyOf = (check: string) => POD_SECURITY_CONTROL_ROWS.find(r => r.check === check)!.policy;
const PRIVILEGED = policyOf("privileged");
const RUN_AS_NON_ROOT = policyOf("runAsNonRoot");
const HOST_PATH = policyOf("hostPathVolumes");
const RESTRICTED_VOLUMES = policyOf("restrictedVolumes");
const HOST_NAMESPACES = policyOf("hostNamespaces");
const HOST_PORTS = policyOf("hostPorts");
const SECCOMP_RESTRICTED = policyOf("seccompProfile_restricted");
const APPARMOR = policyOf("appArmorProfile");
const NS_LABELS = "k8s-namespace-require-pod-security-labels";
const PINNED = `restricted:${PINNED_POD_SECURITY_VERSION}`;

/** Config that lets a namespace opt out of restricted, so only the pss-* findings remain. */
const VERIFIED = "k8s-namespace-require-verified-controls";
/** The advisory that a namespace not among the inputs could not be verified, judged at `level` in its place. */
const unverified = (namespace: string, level: string): Expected => ({
    policy: VERIFIED,
    level: "advisory",
    parts: [`Namespace '${namespace}' must have its Pod Security labels and default-deny NetworkPolicy among the inputs to be verified: no Namespace among the inputs declares it, so its workload was judged at ${level}, the default level (hcb --pod-security), in its place; no NetworkPolicy among the inputs lives in it.`],
});

const OPT_OUT = { [NS_LABELS]: { allowedLevels: ["restricted", "baseline", "privileged"] } };

const privileged = (s: Json) => (s.containers[0].securityContext.privileged = true);
const rootAllowed = (s: Json) => (s.securityContext.runAsNonRoot = false);
const hostPath = (s: Json) => s.volumes.push({ name: "host", hostPath: { path: "/var/run" } });

function workload(options: WorkloadOptions = {}, type = DEPLOYMENT_TYPE, extra: Parameters<typeof resource>[3] = {}) {
    return resource(type, "web", hardenedWorkload(type, options), extra);
}

/** The namespace `apps` enforcing `level` at `version`, with its default deny. */
function namespaceAt(level: string, version = PINNED_POD_SECURITY_VERSION, name = NAMESPACE) {
    const ns = tweaked(hardenedNamespace(name), n => {
        n.metadata.labels[POD_SECURITY_LABELS.enforce] = level;
        n.metadata.labels[POD_SECURITY_LABELS.enforceVersion] = version;
        n.metadata.labels[POD_SECURITY_LABELS.audit] = level;
        n.metadata.labels[POD_SECURITY_LABELS.warn] = level;
    });
    return [resource(NAMESPACE_TYPE, name, ns), resource(NETWORK_POLICY_TYPE, `${name}-default-deny`, defaultDenyNetworkPolicy(name))];
}

function finding(policy: string, kind: string, policyVersion: string, ...parts: string[]): Expected {
    return { policy, level: "mandatory", parts: [`${kind} 'web' must satisfy PodSecurity "${policyVersion}": `, ...parts] };
}

describe("pss-* policies (Pod Security Standards)", () => {
    it("generates one mandatory stack policy per catalogue row", () => {
        const pss = POLICIES.filter(p => p.name.startsWith("pss-"));
        assert.deepEqual(pss.map(p => p.name).sort(), POD_SECURITY_CONTROL_ROWS.map(r => r.policy).sort());
        for (const p of pss) {
            assert.equal(p.enforcementLevel, "mandatory");
            assert.ok("validateStack" in p);
            const row = POD_SECURITY_CONTROL_ROWS.find(r => r.policy === p.name)!;
            assert.equal(p.control, row.id);
            assert.equal(p.description, `${row.title} (Pod Security Standards check ${row.check}).`);
        }
    });

    it("passes a stack of every hardened object under every policy of the pack", async () => {
        assertClean(await analyze(hardenedStack()));
    });

    describe("workload kinds", () => {
        for (const kind of WORKLOAD_KINDS) {
            it(`judges the pod template of a ${kind.type}`, async () => {
                assertClean(await analyze(stackWith(workload({}, kind.type))));
                assertFindings(await analyze(stackWith(workload({ tweak: privileged }, kind.type))), [
                    { ...finding(PRIVILEGED, kindOf(kind.type), PINNED, "privileged", '"app"'), urn: urnOf(kind.type, "web") },
                ]);
            });
            it(`reads the pod template's metadata of a ${kind.type}`, async () => {
                const annotate = (_: Json, meta: Json) => (meta.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" });
                assertFindings(await analyze(stackWith(workload({ tweak: annotate }, kind.type))), [finding(APPARMOR, kindOf(kind.type), PINNED, "AppArmor", "unconfined")]);
            });
        }
    });

    describe("containers", () => {
        it("judges init containers", async () => {
            const found = await analyze(stackWith(workload({ tweak: s => (s.initContainers[0].ports = [{ containerPort: 8080, hostPort: 8080 }]) })));
            assertFindings(found, [finding(HOST_PORTS, "Deployment", PINNED, "hostPort", '"init"', "8080")]);
        });

        it("judges ephemeral containers", async () => {
            const debug = { ...hardenedEphemeralContainer("debug") };
            debug.securityContext = { ...debug.securityContext, privileged: true };
            assertFindings(await analyze(stackWith(workload({ tweak: s => (s.ephemeralContainers = [debug]) }, POD_TYPE))), [
                finding(PRIVILEGED, "Pod", PINNED, "privileged", '"debug"'),
            ]);
        });
    });

    describe("the level a workload is held to", () => {
        it("is its Namespace's enforce level and version when the Namespace is in the stack", async () => {
            // baseline: running as root is allowed, hostPath is not.
            assertClean(await analyze([...namespaceAt("baseline"), workload({ tweak: rootAllowed })], OPT_OUT));
            assertFindings(await analyze([...namespaceAt("baseline"), workload({ tweak: hostPath })], OPT_OUT), [
                finding(HOST_PATH, "Deployment", `baseline:${PINNED_POD_SECURITY_VERSION}`, "hostPath", '"host"'),
            ]);
            // privileged: nothing is checked.
            assertClean(await analyze([...namespaceAt("privileged"), workload({ tweak: s => (s.hostNetwork = true) })], OPT_OUT));
        });

        it("follows the Namespace's pinned version", async () => {
            // The restricted seccomp requirement exists from v1.19 on.
            const noSeccomp = (s: Json) => delete s.securityContext.seccompProfile;
            assertClean(await analyze([...namespaceAt("restricted", "v1.18"), workload({ tweak: noSeccomp })]));
            assertFindings(await analyze([...namespaceAt("restricted", "v1.19"), workload({ tweak: noSeccomp })]), [
                finding(SECCOMP_RESTRICTED, "Deployment", "restricted:v1.19", "seccompProfile"),
            ]);
        });

        it("is the Namespace found through propertyDependencies when the namespace name is unknown during preview", async () => {
            const nsUrn = urnOf(NAMESPACE_TYPE, NAMESPACE);
            const computed = (tweak: (s: Json) => void) =>
                workload({ namespace: UNKNOWN.string, tweak }, DEPLOYMENT_TYPE, { propertyDependencies: { metadata: [nsUrn] } });
            assertClean(await analyze([...namespaceAt("baseline"), computed(rootAllowed)], OPT_OUT));
            assertFindings(await analyze([...namespaceAt("baseline"), computed(privileged)], OPT_OUT), [
                finding(PRIVILEGED, "Deployment", `baseline:${PINNED_POD_SECURITY_VERSION}`, "privileged"),
            ]);
        });

        it("is the configured default when the namespace name is unknown and no Namespace of the stack names it", async () => {
            const computed = workload({ namespace: UNKNOWN.string, tweak: rootAllowed });
            assertFindings(await analyze([...namespaceAt("baseline"), computed], OPT_OUT), [finding(RUN_AS_NON_ROOT, "Deployment", "restricted:latest", "runAsNonRoot")]);
        });

        it("is the configured default (restricted, latest) when the Namespace is not in the stack", async () => {
            assertFindings(await analyze([workload({ tweak: rootAllowed })]), [
                finding(RUN_AS_NON_ROOT, "Deployment", "restricted:latest", "runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false"),
                unverified(NAMESPACE, "restricted:latest"),
            ]);
        });

        it("is the configured defaultLevel and defaultVersion when the Namespace is not in the stack", async () => {
            // As hcb --pod-security does: the same default for the pss- policies and the namespace advisory.
            const all = (config: Json) => Object.fromEntries([...POD_SECURITY_CONTROL_ROWS.map(r => r.policy), VERIFIED].map(p => [p, config]));
            assertFindings(await analyze([workload({ tweak: rootAllowed })], all({ defaultLevel: "baseline" })), [unverified(NAMESPACE, "baseline:latest")]);
            assertFindings(await analyze([workload({ tweak: rootAllowed })], all({ defaultVersion: "v1.18" })), [finding(RUN_AS_NON_ROOT, "Deployment", "restricted:v1.18", "runAsNonRoot"), unverified(NAMESPACE, "restricted:v1.18")]);
            assertFindings(await analyze([workload({ tweak: hostPath })], all({ defaultLevel: "baseline", defaultVersion: "v1.20" })), [finding(HOST_PATH, "Deployment", "baseline:v1.20", "hostPath"), unverified(NAMESPACE, "baseline:v1.20")]);
        });

        it("is the default namespace's when the workload names no namespace", async () => {
            assertClean(await analyze([...namespaceAt("baseline", PINNED_POD_SECURITY_VERSION, "default"), workload({ namespace: null, tweak: rootAllowed })], OPT_OUT));
            assertFindings(await analyze([...namespaceAt("baseline"), workload({ namespace: null, tweak: rootAllowed })], OPT_OUT), [
                finding(RUN_AS_NON_ROOT, "Deployment", "restricted:latest", "runAsNonRoot"),
                unverified("default", "restricted:latest"),
            ]);
        });

        it("is the configured default level, at the Namespace's version, for a Namespace without an enforce label, which is itself reported", async () => {
            const ns = namespaceAt("baseline");
            delete (ns[0].outputs as Json).metadata.labels[POD_SECURITY_LABELS.enforce];
            assertFindings(await analyze([...ns, workload({ tweak: rootAllowed })], OPT_OUT), [
                { policy: NS_LABELS, parts: [`${POD_SECURITY_LABELS.enforce} is missing`] },
                finding(RUN_AS_NON_ROOT, "Deployment", PINNED, "runAsNonRoot"),
            ]);
        });

        it("is restricted for a Namespace whose enforce label is not a level (fail closed)", async () => {
            const ns = namespaceAt("strict");
            assertFindings(await analyze([...ns, workload({ tweak: rootAllowed })], OPT_OUT), [
                { policy: NS_LABELS, parts: [`${POD_SECURITY_LABELS.enforce}="strict" is not a level`] },
                finding(RUN_AS_NON_ROOT, "Deployment", `restricted:${PINNED_POD_SECURITY_VERSION}`, "runAsNonRoot"),
            ]);
        });

        it("is restricted at latest for a Namespace whose labels are not a map (fail closed)", async () => {
            const ns = namespaceAt("privileged");
            (ns[0].outputs as Json).metadata.labels = "privileged";
            assertFindings(await analyze([...ns, workload({ tweak: rootAllowed })], OPT_OUT), [
                { policy: NS_LABELS, parts: ["cannot be verified: `metadata.labels` must be an object, not a string"] },
                finding(RUN_AS_NON_ROOT, "Deployment", "restricted:latest", "runAsNonRoot"),
            ]);
        });
    });

    describe("overrides", () => {
        it("reports a hostPath volume as a restricted volume type at restricted, not as hostPathVolumes", async () => {
            assertFindings(await analyze(stackWith(workload({ tweak: hostPath }))), [finding(RESTRICTED_VOLUMES, "Deployment", PINNED, "restricted volume types", '"host"', "hostPath")]);
        });

        it("reports it as hostPathVolumes at baseline", async () => {
            assertFindings(await analyze([...namespaceAt("baseline"), workload({ tweak: hostPath })], OPT_OUT), [finding(HOST_PATH, "Deployment", `baseline:${PINNED_POD_SECURITY_VERSION}`, "hostPath volumes")]);
        });
    });

    describe("unknown and malformed input", () => {
        it("reports every workload policy, never passes, when the pod template is wrong-typed", async () => {
            const props = tweaked(hardenedWorkload(DEPLOYMENT_TYPE), d => (d.spec.template = "pod"));
            const found = await analyze(stackWith(resource(DEPLOYMENT_TYPE, "web", props)));
            // Every policy that reads a workload's pod template: the 19 pss-* and the 5 workload policies.
            const expected = POLICIES.filter(p => p.name.startsWith("pss-") || p.name.startsWith("k8s-workload-")).map(p => p.name);
            assert.equal(expected.length, POD_SECURITY_CONTROL_ROWS.length + 5);
            assertFindings(
                found,
                expected.map(policy => ({ policy, parts: ["Deployment 'web' cannot be verified: `spec.template` must be an object, not a string."] })),
            );
        });

        it("reports an unknown container list as advisory, per policy, during preview", async () => {
            const found = await analyze(stackWith(workload({ tweak: s => (s.containers = UNKNOWN.array) })));
            assert.ok(found.length > 0);
            for (const f of found) {
                assert.equal(f.level, "advisory", f.detail);
                assert.match(f.detail, /(cannot be checked|can't run policy .*) during preview: Array value at \.spec\.template\.spec\.containers can't be known during preview/);
            }
            assert.ok(found.some(f => f.policy === PRIVILEGED && f.detail.startsWith("Deployment 'web' cannot be checked during preview")));
        });

        it("keeps judging the other workloads of the stack when one holds an unknown value", async () => {
            const unknown = workload({ tweak: s => (s.containers = UNKNOWN.array) });
            const other = resource(DEPLOYMENT_TYPE, "api", hardenedWorkload(DEPLOYMENT_TYPE, { name: "api", tweak: privileged }));
            const found = await analyze(stackWith(unknown, other));
            assert.ok(found.some(f => f.policy === PRIVILEGED && f.level === "mandatory" && f.urn === other.urn && f.detail.includes("Deployment 'api' must satisfy")));
        });

        it("is not applicable to a stack without workloads", async () => {
            const outcome = await validateStack(policyNamed(PRIVILEGED), stackInputs(stackWith()));
            assert.deepEqual(outcome, { reports: [], notApplicable: "No resource in the stack is of a type this policy checks" });
        });
    });

    describe("exemptions", () => {
        const justification = "legacy agent needs host networking until Q3";
        it("turns a finding into an advisory one marked exempted when the justification is long enough", async () => {
            const config = { [HOST_NAMESPACES]: { exemptions: [{ name: "web", justification }] } };
            const found = await analyze(stackWith(workload({ tweak: s => (s.hostNetwork = true) })), config);
            // hostNetwork implies host ports for declared container ports (API defaulting), which stays mandatory.
            assertFindings(found, [
                { policy: HOST_NAMESPACES, level: "advisory", parts: ["exempted: Deployment 'web' must satisfy PodSecurity", "hostNetwork=true", `\njustification: ${justification}`] },
                { policy: HOST_PORTS, level: "mandatory", parts: ["hostPort"] },
            ]);
        });

        it("exempts nothing when the justification is too short", async () => {
            const outcome = await validateStack(policyNamed(HOST_NAMESPACES), stackInputs(stackWith(workload({ tweak: s => (s.hostNetwork = true) }))), {
                exemptions: [{ name: "web", justification: "legacy" }],
            });
            assert.equal(outcome.reports.length, 1);
            assert.equal(outcome.reports[0].enforcementLevel, undefined);
            assert.match(outcome.reports[0].message, /^Deployment 'web' must satisfy PodSecurity/);
        });
    });
});
