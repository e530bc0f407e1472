/**
 * The registry of the pack: the pinned names of the Kubernetes and Pod Security policies (the
 * eks-/gke-/aks- families are pinned by their own specs), the control each serves, and the
 * invariants every policy of every family keeps.
 */
import * as assert from "node:assert/strict";
import Ajv from "ajv";
import { CONTROLS, controlOfPolicy, getControl } from "../../components/controls";
import { POLICIES } from "../../policy-pack/policies";

const CLOUD_PREFIXES = ["eks-", "gke-", "aks-"];
const VERBS = ["require", "disallow", "restrict", "enforce", "limit"];

/** [policy, control, enforcement level]: security controls mandatory, hygiene advisory. */
const KUBERNETES_POLICIES: readonly (readonly [string, string, "mandatory" | "advisory"])[] = [
    ["k8s-helm-require-pinned-chart", "k8s-helm-chart-pinned", "mandatory"],
    ["k8s-namespace-require-default-deny", "k8s-network-default-deny", "mandatory"],
    ["k8s-namespace-require-pod-security-labels", "k8s-namespace-pod-security-labels", "mandatory"],
    ["k8s-namespace-require-verified-controls", "k8s-namespace-pod-security-labels", "advisory"],
    ["k8s-networkpolicy-disallow-allow-all", "k8s-network-default-deny", "mandatory"],
    ["k8s-rbac-disallow-anonymous-bindings", "k8s-rbac-anonymous", "mandatory"],
    ["k8s-rbac-disallow-pod-exec", "k8s-rbac-pod-exec", "mandatory"],
    ["k8s-rbac-disallow-privilege-escalation", "k8s-rbac-escalation", "mandatory"],
    ["k8s-rbac-disallow-wildcards", "k8s-rbac-wildcards", "mandatory"],
    ["k8s-rbac-restrict-aggregated-roles", "k8s-rbac-aggregation", "mandatory"],
    ["k8s-rbac-restrict-cluster-admin-bindings", "k8s-rbac-cluster-admin", "mandatory"],
    ["k8s-rbac-restrict-secret-reads", "k8s-rbac-secret-reads", "mandatory"],
    ["k8s-rbac-restrict-workload-writes", "k8s-rbac-workload-writes", "mandatory"],
    ["k8s-secret-disallow-literal-data", "k8s-external-secrets", "advisory"],
    ["k8s-service-restrict-external-exposure", "k8s-service-exposure", "advisory"],
    ["k8s-workload-disallow-token-automount", "k8s-service-account-token", "advisory"],
    ["k8s-workload-require-image-digest", "k8s-image-digest", "mandatory"],
    ["k8s-workload-require-read-only-root-filesystem", "k8s-read-only-root-filesystem", "mandatory"],
    ["k8s-workload-require-resource-limits", "k8s-resource-limits", "advisory"],
    ["k8s-workload-restrict-image-registries", "k8s-image-registries", "mandatory"],
    ["pss-disallow-host-namespaces", "pss-host-namespaces", "mandatory"],
    ["pss-disallow-host-path-volumes", "pss-host-path-volumes", "mandatory"],
    ["pss-disallow-host-ports", "pss-host-ports", "mandatory"],
    ["pss-disallow-privilege-escalation", "pss-allow-privilege-escalation", "mandatory"],
    ["pss-disallow-privileged", "pss-privileged", "mandatory"],
    ["pss-disallow-probe-and-lifecycle-hosts", "pss-host-probes-lifecycle", "mandatory"],
    ["pss-disallow-run-as-root-user", "pss-run-as-user", "mandatory"],
    ["pss-disallow-unconfined-seccomp", "pss-seccomp-baseline", "mandatory"],
    ["pss-disallow-windows-host-process", "pss-windows-host-process", "mandatory"],
    ["pss-enforce-default-proc-mount", "pss-proc-mount-restricted", "mandatory"],
    ["pss-require-drop-all-capabilities", "pss-capabilities-restricted", "mandatory"],
    ["pss-require-run-as-non-root", "pss-run-as-non-root", "mandatory"],
    ["pss-require-seccomp-profile", "pss-seccomp-restricted", "mandatory"],
    ["pss-restrict-added-capabilities", "pss-capabilities-baseline", "mandatory"],
    ["pss-restrict-apparmor-profile", "pss-apparmor-profile", "mandatory"],
    ["pss-restrict-proc-mount", "pss-proc-mount-baseline", "mandatory"],
    ["pss-restrict-selinux-options", "pss-selinux-options", "mandatory"],
    ["pss-restrict-sysctls", "pss-sysctls", "mandatory"],
    ["pss-restrict-volume-types", "pss-restricted-volumes", "mandatory"],
];

describe("POLICIES (the registry)", () => {
    it("pins the sorted Kubernetes and Pod Security policies, the control each serves and its level", () => {
        const actual = POLICIES.filter(p => !CLOUD_PREFIXES.some(prefix => p.name.startsWith(prefix)))
            .map(p => [p.name, p.control, p.enforcementLevel] as const)
            .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        assert.deepEqual(actual, KUBERNETES_POLICIES);
    });

    it("keeps the pinned list sorted", () => {
        const names = KUBERNETES_POLICIES.map(([name]) => name);
        assert.deepEqual(names, [...names].sort());
    });

    it("has at least one policy for every control of the catalogue", () => {
        const served = new Set(POLICIES.map(p => p.control));
        const missing = CONTROLS.filter(c => !served.has(c.id)).map(c => c.id);
        assert.deepEqual(missing, []);
        for (const control of CONTROLS) {
            assert.ok(control.policies.length > 0, control.id);
            for (const name of control.policies) {
                assert.ok(POLICIES.some(p => p.name === name), `${control.id} lists ${name}, which is not registered`);
            }
        }
    });

    it("has every policy serve a control that lists it", () => {
        for (const p of POLICIES) {
            const control = getControl(p.control);
            assert.ok(control.policies.includes(p.name), `${p.control} does not list ${p.name}`);
            assert.equal(controlOfPolicy(p.name)?.id, p.control, p.name);
        }
    });

    it("names policies <subject>-<verb>-<object> in kebab-case with a verb from the fixed set", () => {
        for (const p of POLICIES) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
            const parts = p.name.split("-");
            const verbAt = parts.findIndex(part => VERBS.includes(part));
            assert.ok(verbAt >= 1 && verbAt < parts.length - 1, `${p.name} has no verb from ${VERBS.join(", ")} between a subject and an object`);
        }
    });

    it("names every policy once", () => {
        const names = POLICIES.map(p => p.name);
        assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
    });

    it("gives every policy a one-sentence description, a severity and a mandatory or advisory level", () => {
        for (const p of POLICIES) {
            assert.match(p.description, /^\S[^\n]*\.$/, p.name);
            assert.equal((p as { severity?: string }).severity, getControl(p.control).severity, p.name);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", `${p.name}: ${p.enforcementLevel}`);
        }
    });

    it("gives every policy a config schema that validates its own defaults and accepts exemptions", () => {
        const ajv = new Ajv({ allErrors: true, strict: false });
        for (const p of POLICIES) {
            const properties = p.configSchema?.properties ?? {};
            assert.ok("exemptions" in properties, `${p.name} has no exemptions setting`);
            assert.ok(!("enforcementLevel" in properties), `${p.name} must not declare enforcementLevel as a property`);
            const defaults = Object.fromEntries(Object.entries(properties).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
            const validate = ajv.compile({ type: "object", properties, required: p.configSchema?.required ?? [] });
            assert.ok(validate(defaults), `${p.name}: ${JSON.stringify(validate.errors)}`);
        }
    });

    it("makes every policy a resource or a stack policy, never both", () => {
        for (const p of POLICIES) {
            const resource = "validateResource" in p && typeof p.validateResource === "function";
            const stack = "validateStack" in p && typeof p.validateStack === "function";
            assert.ok(resource !== stack, p.name);
        }
    });
});
