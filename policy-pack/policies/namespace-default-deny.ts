/**
 * Checklist "network policies with default deny"; CIS 5.3.2. Every namespace of the stack has
 * NetworkPolicies that select all its pods (empty podSelector) and deny both ingress and egress
 * (policy types set, no rules); allow rules are added beside them.
 */
import { SYSTEM_NAMESPACES } from "../../components/controls";
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy, subjectOf } from "../lib/define";
import { NAMESPACE_PATCH_TYPE, NAMESPACE_TYPE, StackIndex, stackIndexOf } from "../lib/stack-index";
import { MalformedValueError, Obj, optArray, optObject, optString, optStringArray } from "../lib/read";

export interface DefaultDenyConfig {
    readonly exemptNamespaces: readonly string[];
}

/** True for a selector that selects every pod: `{}`, or empty matchLabels and matchExpressions. */
export function isEmptySelector(selector: Obj | undefined): boolean {
    if (selector === undefined) {
        return false;
    }
    const labels = optObject(selector["matchLabels"], "spec.podSelector.matchLabels");
    const expressions = optArray(selector["matchExpressions"], "spec.podSelector.matchExpressions");
    return (labels === undefined || Object.keys(labels).length === 0) && expressions.length === 0;
}

/** Which directions a NetworkPolicy denies to every pod of its namespace. */
export function deniedDirections(props: Obj): { ingress: boolean; egress: boolean } {
    const spec = optObject(props["spec"], "spec") ?? {};
    if (!isEmptySelector(optObject(spec["podSelector"], "spec.podSelector"))) {
        return { ingress: false, egress: false };
    }
    const ingressRules = optArray(spec["ingress"], "spec.ingress");
    const egressRules = optArray(spec["egress"], "spec.egress");
    // networking/v1: an unset or empty policyTypes defaults to Ingress, plus Egress when egress
    // rules exist (SetDefaults_NetworkPolicy tests len(PolicyTypes) == 0).
    const listed = optStringArray(spec["policyTypes"], "spec.policyTypes");
    const declared = listed.length === 0 ? ["Ingress", ...(egressRules.length ? ["Egress"] : [])] : listed;
    return {
        ingress: declared.includes("Ingress") && ingressRules.length === 0,
        egress: declared.includes("Egress") && egressRules.length === 0,
    };
}

/** deniedDirections of a NetworkPolicy of the stack; a malformed field is reported naming that policy. */
function directionsOf(p: PolicyResource): { ingress: boolean; egress: boolean } {
    try {
        return deniedDirections(p.props as Obj);
    } catch (e) {
        if (e instanceof MalformedValueError) {
            // The path is the NetworkPolicy's, not the Namespace's that the finding is about.
            e.message = `${e.message} in ${subjectOf({ type: p.type, name: p.name, urn: p.urn, props: p.props as Obj })}`;
        }
        throw e;
    }
}

export function checkDefaultDeny(resource: CheckedResource, policies: readonly PolicyResource[], config: DefaultDenyConfig): string[] {
    const metadata = optObject(resource.props["metadata"], "metadata");
    const name = optString(metadata?.["name"], "metadata.name");
    if (name !== undefined && (config.exemptNamespaces ?? []).includes(name)) {
        return [];
    }
    let ingress = false;
    let egress = false;
    for (const p of policies) {
        const denied = directionsOf(p);
        ingress ||= denied.ingress;
        egress ||= denied.egress;
    }
    const missing = [...(ingress ? [] : ["ingress"]), ...(egress ? [] : ["egress"])];
    return missing.length
        ? [`${subjectOf(resource)} must have a default-deny NetworkPolicy (empty podSelector, no rules) for ingress and egress: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not denied by default.`]
        : [];
}

export const defaultDenyPolicy = stackPolicy<DefaultDenyConfig, StackIndex>({
    name: "k8s-namespace-require-default-deny",
    control: "k8s-network-default-deny",
    enforcementLevel: "mandatory",
    config: {
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            default: [...SYSTEM_NAMESPACES],
            description: "Namespaces run by the platform, left out of this policy.",
        },
    },
    // A NamespacePatch patches a namespace that exists outside the inputs, whose NetworkPolicies may
    // too: its default deny is accounted for, as not verified, by k8s-namespace-require-verified-controls.
    selects: type => type === NAMESPACE_TYPE || type === NAMESPACE_PATCH_TYPE,
    context: resources => stackIndexOf(resources),
    check: (resource, index, config) => {
        if (resource.type === NAMESPACE_PATCH_TYPE) {
            return [];
        }
        const ns = index.namespacesByUrn.get(resource.urn);
        return checkDefaultDeny(resource, ns ? index.networkPoliciesIn(ns) : [], config);
    },
});
