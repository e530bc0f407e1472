import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { DEFAULT_NAMESPACE, kubernetesNameOf, stackIndexOf } from "../../../policy-pack/lib/stack-index";
import {
    DEPLOYMENT_TYPE,
    NAMESPACE_TYPE,
    NETWORK_POLICY_TYPE,
    UNKNOWN,
    defaultDenyNetworkPolicy,
    hardenedNamespace,
    hardenedWorkload,
    policyResource,
    tweaked,
} from "../../helpers/policy";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };

const ns = (name: string, pulumiName = name) => policyResource(NAMESPACE_TYPE, pulumiName, hardenedNamespace(name));
const deployment = (namespace: string | null, deps: Record<string, PolicyResource[]> = {}) =>
    policyResource(DEPLOYMENT_TYPE, "web", hardenedWorkload(DEPLOYMENT_TYPE, { namespace }), deps);
const netpol = (name: string, namespace: string | null, deps: Record<string, PolicyResource[]> = {}) =>
    policyResource(NETWORK_POLICY_TYPE, name, tweaked(defaultDenyNetworkPolicy(), p => (namespace === null ? delete p.metadata.namespace : (p.metadata.namespace = namespace))), deps);

describe("stackIndexOf", () => {
    it("indexes namespaces by Kubernetes name and by URN", () => {
        const apps = ns("apps", "apps-ns");
        const index = stackIndexOf([apps, deployment("apps")]);
        assert.equal(index.namespacesByName.get("apps"), apps);
        assert.equal(index.namespacesByUrn.get(apps.urn), apps);
        assert.equal(index.namespacesByName.size, 1);
    });

    it("keeps the first of two namespaces with the same name", () => {
        const first = ns("apps", "a");
        const index = stackIndexOf([first, ns("apps", "b")]);
        assert.equal(index.namespacesByName.get("apps"), first);
        assert.equal(index.namespacesByUrn.size, 2);
    });

    it("reads an object's namespace: its own, else default", () => {
        const index = stackIndexOf([]);
        assert.deepEqual(index.namespaceNameOf(deployment("apps")), { known: true, name: "apps" });
        assert.deepEqual(index.namespaceNameOf(deployment(null)), { known: true, name: DEFAULT_NAMESPACE });
        assert.deepEqual(index.namespaceNameOf(deployment("")), { known: true, name: DEFAULT_NAMESPACE });
        assert.deepEqual(index.namespaceNameOf(deployment(UNKNOWN.string)), { known: false });
    });

    // pulumi-kubernetes: `.metadata.namespace`, then the Provider's `namespace`, then the kubeconfig context's (provider.d.ts).
    const withProvider = (r: PolicyResource, namespace: unknown): PolicyResource =>
        ({ ...r, provider: { type: "pulumi:providers:kubernetes", name: "k8s", urn: "urn:pulumi:test::hcb::pulumi:providers:kubernetes::k8s", props: proxy.unknownCheckingProxy({ namespace }) } }) as PolicyResource;
    const fallbackCases: { it: string; own: string | null; provider: unknown; expected: ReturnType<ReturnType<typeof stackIndexOf>["namespaceNameOf"]> }[] = [
        { it: "takes the provider's namespace for an object that names none", own: null, provider: "ops", expected: { known: true, name: "ops" } },
        { it: "takes the provider's namespace for an empty one", own: "", provider: "ops", expected: { known: true, name: "ops" } },
        { it: "keeps the object's own namespace over the provider's", own: "apps", provider: "ops", expected: { known: true, name: "apps" } },
        { it: "falls back to default when the provider sets none", own: null, provider: undefined, expected: { known: true, name: DEFAULT_NAMESPACE } },
        { it: "falls back to default when the provider's namespace is empty", own: null, provider: "", expected: { known: true, name: DEFAULT_NAMESPACE } },
        { it: "does not know the namespace while the provider's is unknown during preview", own: null, provider: UNKNOWN.string, expected: { known: false } },
    ];
    for (const c of fallbackCases) {
        it(c.it, () => {
            assert.deepEqual(stackIndexOf([]).namespaceNameOf(withProvider(deployment(c.own), c.provider)), c.expected);
        });
    }

    it("places an object that names no namespace in its provider's Namespace", () => {
        const ops = ns("ops");
        const index = stackIndexOf([ops]);
        assert.equal(index.namespaceResourceOf(withProvider(deployment(null), "ops")), ops);
        assert.equal(index.namespaceResourceOf(deployment(null)), undefined);
    });

    it("finds the Namespace resource an object lives in, by name", () => {
        const apps = ns("apps");
        const index = stackIndexOf([apps]);
        assert.equal(index.namespaceResourceOf(deployment("apps")), apps);
        assert.equal(index.namespaceResourceOf(deployment("other")), undefined);
        assert.equal(index.namespaceResourceOf(deployment(null)), undefined);
    });

    it("finds it through the metadata's propertyDependencies when the name is unknown during preview", () => {
        const apps = ns("apps");
        const other = policyResource("kubernetes:core/v1:ConfigMap", "cm", {});
        const index = stackIndexOf([apps, other]);
        assert.equal(index.namespaceResourceOf(deployment(UNKNOWN.string, { metadata: [other, apps] })), apps);
        assert.equal(index.namespaceResourceOf(deployment(UNKNOWN.string, { spec: [apps] })), undefined);
        assert.equal(index.namespaceResourceOf(deployment(UNKNOWN.string)), undefined);
    });

    it("finds a Namespace whose own name is unknown through propertyDependencies", () => {
        const computed = policyResource(NAMESPACE_TYPE, "apps", tweaked(hardenedNamespace(), n => (n.metadata.name = UNKNOWN.string)));
        const index = stackIndexOf([computed]);
        assert.equal(index.namespacesByName.size, 0);
        assert.equal(index.namespaceResourceOf(deployment(UNKNOWN.string, { metadata: [computed] })), computed);
    });

    it("groups NetworkPolicies by the Namespace they live in", () => {
        const apps = ns("apps");
        const dflt = ns("default");
        const inApps = netpol("a", "apps");
        const computed = netpol("b", UNKNOWN.string, { metadata: [apps] });
        const inDefault = netpol("c", null);
        const elsewhere = netpol("d", "other");
        const index = stackIndexOf([apps, dflt, inApps, computed, inDefault, elsewhere]);
        assert.deepEqual(index.networkPoliciesIn(apps), [inApps, computed]);
        assert.deepEqual(index.networkPoliciesIn(dflt), [inDefault]);
    });

    it("builds the index once per stack", () => {
        const stack = [ns("apps")];
        assert.equal(stackIndexOf(stack), stackIndexOf(stack));
        assert.notEqual(stackIndexOf(stack), stackIndexOf([...stack]));
    });
});

describe("kubernetesNameOf", () => {
    it("reads metadata.name, undefined when absent, unknown or not a string", () => {
        assert.equal(kubernetesNameOf(ns("apps")), "apps");
        assert.equal(kubernetesNameOf(policyResource(NAMESPACE_TYPE, "x", {})), undefined);
        assert.equal(kubernetesNameOf(policyResource(NAMESPACE_TYPE, "x", { metadata: { name: UNKNOWN.string } })), undefined);
        assert.equal(kubernetesNameOf(policyResource(NAMESPACE_TYPE, "x", { metadata: UNKNOWN.object })), undefined);
        assert.equal(kubernetesNameOf(policyResource(NAMESPACE_TYPE, "x", { metadata: { name: 5 } })), undefined);
    });
});
