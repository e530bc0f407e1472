/**
 * Facts drawn once from a stack's resources for the cross-resource policies: namespaces by name,
 * the namespace each namespaced object lives in, and NetworkPolicies by namespace.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknownValueError } from "./define";
import { parseKubernetesToken } from "./kubernetes-types";
import { MalformedValueError, Obj } from "./read";

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
/** A server-side apply patch of a namespace (pulumi-kubernetes): it sets the labels it names. */
export const NAMESPACE_PATCH_TYPE = "kubernetes:core/v1:NamespacePatch";
export const NETWORK_POLICY_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** The namespace a namespaced object lands in when neither it nor its provider names one (see fallbackNamespaceOf). */
export const DEFAULT_NAMESPACE = "default";

/** A namespace's name as the engine knows it: a string, or unknown during preview. */
export type NamespaceName = { readonly known: true; readonly name: string } | { readonly known: false };

export interface StackIndex {
    /**
     * Namespace resources of the stack by Kubernetes name (those whose name is known); a
     * NamespacePatch stands for its namespace when no Namespace of that name is among the inputs.
     */
    readonly namespacesByName: ReadonlyMap<string, PolicyResource>;
    /** Namespace resources of the stack by URN. */
    readonly namespacesByUrn: ReadonlyMap<string, PolicyResource>;
    /** The Namespace resource an object lives in, when that namespace is part of the stack. */
    namespaceResourceOf(resource: PolicyResource): PolicyResource | undefined;
    /** The name of the namespace an object lives in; unknown during preview when computed. */
    namespaceNameOf(resource: PolicyResource): NamespaceName;
    /** NetworkPolicies by the namespace resource or name they live in. */
    networkPoliciesIn(namespace: PolicyResource): readonly PolicyResource[];
}

function metadataOf(props: unknown): Obj | undefined {
    const m = (props as Obj)["metadata"];
    return m && typeof m === "object" && !Array.isArray(m) ? (m as Obj) : undefined;
}

/**
 * Reads metadata[field]; undefined when absent, `unknown` when not known during preview. With
 * `strict`, a value of another type raises MalformedValueError: a workload whose namespace cannot
 * be read must not be judged as if it lived elsewhere.
 */
function readMetadataString(resource: PolicyResource, field: string, strict = false): string | undefined | typeof UNKNOWN {
    try {
        if (strict) {
            const raw = (resource.props as Obj)["metadata"];
            if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
                throw new MalformedValueError("metadata", "an object", raw);
            }
        }
        const value = metadataOf(resource.props)?.[field];
        if (strict && value !== undefined && value !== null && typeof value !== "string") {
            throw new MalformedValueError(`metadata.${field}`, "a string", value);
        }
        return typeof value === "string" ? value : undefined;
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

const UNKNOWN = Symbol("unknown");

/**
 * The namespace a namespaced object that names none lands in. pulumi-kubernetes resolves it as
 * "1. `.metadata.namespace` set on the resource. 2. This `namespace` parameter [of its Provider].
 * 3. `namespace` set for the active context in the kubeconfig" (@pulumi/kubernetes provider.d.ts,
 * ProviderArgs.namespace), then `default`. The provider's `namespace` is read from the provider
 * the engine names for the resource; a kubeconfig context's namespace is not read (the kubeconfig
 * is a secret input, and the Pulumi CLI sends the analyzer no provider for a `kubectl apply`).
 */
export function fallbackNamespaceOf(resource: Pick<PolicyResource, "provider">): NamespaceName {
    let value: unknown;
    try {
        value = resource.provider?.props?.["namespace"];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return { known: false };
        }
        throw e;
    }
    return { known: true, name: typeof value === "string" && value !== "" ? value : DEFAULT_NAMESPACE };
}

/** A Kubernetes object's own name, as known; undefined when absent or unknown. */
export function kubernetesNameOf(resource: PolicyResource): string | undefined {
    const name = readMetadataString(resource, "name");
    return typeof name === "string" ? name : undefined;
}

const cache = new WeakMap<readonly PolicyResource[], StackIndex>();

export function stackIndexOf(resources: readonly PolicyResource[]): StackIndex {
    let index = cache.get(resources);
    if (!index) {
        index = buildIndex(resources);
        cache.set(resources, index);
    }
    return index;
}

function buildIndex(resources: readonly PolicyResource[]): StackIndex {
    const namespacesByName = new Map<string, PolicyResource>();
    const namespaceUrns = new Map<string, PolicyResource>();
    const patches: PolicyResource[] = [];
    for (const r of resources) {
        if (r.type === NAMESPACE_PATCH_TYPE) {
            patches.push(r);
        }
        if (r.type !== NAMESPACE_TYPE) {
            continue;
        }
        namespaceUrns.set(r.urn, r);
        const name = kubernetesNameOf(r);
        if (name !== undefined && !namespacesByName.has(name)) {
            namespacesByName.set(name, r);
        }
    }
    for (const r of patches) {
        namespaceUrns.set(r.urn, r);
        const name = kubernetesNameOf(r);
        if (name !== undefined && !namespacesByName.has(name)) {
            namespacesByName.set(name, r);
        }
    }

    const namespaceNameOf = (r: PolicyResource): NamespaceName => {
        const ns = readMetadataString(r, "namespace", true);
        if (ns === UNKNOWN) {
            return { known: false };
        }
        return ns === undefined || ns === "" ? fallbackNamespaceOf(r) : { known: true, name: ns };
    };

    const namespaceResourceOf = (r: PolicyResource): PolicyResource | undefined => {
        const ns = namespaceNameOf(r);
        if (ns.known) {
            return namespacesByName.get(ns.name);
        }
        // A namespace computed from another resource (`namespace: ns.metadata.name`) is unknown
        // during preview; the metadata's dependency on a Namespace of the stack names it.
        for (const dep of r.propertyDependencies?.["metadata"] ?? []) {
            const found = namespaceUrns.get(dep.urn);
            if (found) {
                return found;
            }
        }
        return undefined;
    };

    // Built on first use: only the default-deny policy needs it.
    let policiesByNamespace: Map<PolicyResource, PolicyResource[]> | undefined;
    const networkPoliciesIn = (ns: PolicyResource): readonly PolicyResource[] => {
        if (!policiesByNamespace) {
            policiesByNamespace = new Map();
            for (const r of resources) {
                if (r.type !== NETWORK_POLICY_TYPE) {
                    continue;
                }
                let owner: PolicyResource | undefined;
                try {
                    owner = namespaceResourceOf(r);
                } catch (e) {
                    // A NetworkPolicy whose namespace cannot be read protects no namespace we know.
                    if (!(e instanceof MalformedValueError)) throw e;
                }
                if (owner) {
                    const list = policiesByNamespace.get(owner) ?? [];
                    list.push(r);
                    policiesByNamespace.set(owner, list);
                }
            }
        }
        return policiesByNamespace.get(ns) ?? [];
    };

    return {
        namespacesByName,
        namespacesByUrn: namespaceUrns,
        namespaceResourceOf,
        namespaceNameOf,
        networkPoliciesIn,
    };
}

/** True for namespaced Kubernetes kinds we place in namespaces (everything but cluster-scoped kinds). */
export function isKubernetesType(type: string): boolean {
    return parseKubernetesToken(type) !== undefined;
}
