/**
 * Every namespace that workloads use is accounted for. A namespace among the inputs is judged by
 * its own policies (labels, default deny). One that is not (argocd, monitoring, default, ...) or
 * that only a NamespacePatch without an enforce label names cannot be: its Pod Security level and
 * default deny live in the cluster, not in the inputs. This advisory says so once per namespace,
 * on its first workload, with the level its workloads were judged at in its place, so a report
 * never implies a check it did not make.
 */
import type { PolicyResource } from "@pulumi/policy";
import { POD_SECURITY_LABELS } from "../../components/controls";
import { isUnknownValueError, stackPolicy } from "../lib/define";
import { isWorkloadType } from "../lib/kubernetes-types";
import { formatVersion, parseVersion } from "../lib/pss";
import { MalformedValueError, Obj } from "../lib/read";
import { NAMESPACE_PATCH_TYPE, NAMESPACE_TYPE, NETWORK_POLICY_TYPE, stackIndexOf } from "../lib/stack-index";
import { deniedDirections } from "./namespace-default-deny";

export interface VerifiedControlsConfig {
    readonly defaultLevel: string;
    readonly defaultVersion: string;
    readonly exemptNamespaces: readonly string[];
}

/** What the inputs say about one namespace that workloads use. */
export interface NamespaceAccount {
    readonly namespace: string;
    /** The workloads in it, in input order. */
    readonly workloads: readonly PolicyResource[];
    /** `namespace`: a Namespace among the inputs; `patch`: only a NamespacePatch; `absent`: neither. */
    readonly declared: "namespace" | "patch" | "absent";
    /** True when the inputs set its enforce label (a Namespace is judged by its own policy). */
    readonly labelsKnown: boolean;
    /** NetworkPolicies among the inputs in it. */
    readonly networkPolicies: number;
    /** Which directions those policies deny to every pod of the namespace. */
    readonly denies: { readonly ingress: boolean; readonly egress: boolean };
}

function tolerant<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e) || e instanceof MalformedValueError) {
            return fallback;
        }
        throw e;
    }
}

function labelsOf(r: PolicyResource): unknown {
    const metadata = (r.props as Obj)["metadata"];
    return metadata && typeof metadata === "object" ? (metadata as Obj)["labels"] : undefined;
}

const cache = new WeakMap<readonly PolicyResource[], NamespaceAccount[]>();

/** Every namespace the stack's workloads use, with what the inputs say about it (input order). */
export function namespaceAccountsOf(resources: readonly PolicyResource[]): NamespaceAccount[] {
    const cached = cache.get(resources);
    if (cached) {
        return cached;
    }
    const index = stackIndexOf(resources);
    const workloads = new Map<string, PolicyResource[]>();
    const policies = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        const target = isWorkloadType(r.type) ? workloads : r.type === NETWORK_POLICY_TYPE ? policies : undefined;
        if (!target) {
            continue;
        }
        const ns = tolerant(() => index.namespaceNameOf(r), { known: false as const });
        if (ns.known) {
            target.set(ns.name, [...(target.get(ns.name) ?? []), r]);
        }
    }
    const accounts: NamespaceAccount[] = [];
    for (const [namespace, list] of workloads) {
        const declaredBy = index.namespacesByName.get(namespace);
        const declared = !declaredBy ? "absent" : declaredBy.type === NAMESPACE_TYPE ? "namespace" : "patch";
        const labelsKnown =
            declared === "namespace" ||
            (declared === "patch" &&
                tolerant(() => {
                    const labels = labelsOf(declaredBy!);
                    return labels !== null && typeof labels === "object" && typeof (labels as Obj)[POD_SECURITY_LABELS.enforce] === "string";
                }, false));
        const inNamespace = policies.get(namespace) ?? [];
        const denies = { ingress: false, egress: false };
        for (const p of inNamespace) {
            const d = tolerant(() => deniedDirections(p.props as Obj), { ingress: false, egress: false });
            denies.ingress ||= d.ingress;
            denies.egress ||= d.egress;
        }
        accounts.push({ namespace, workloads: list, declared, labelsKnown, networkPolicies: inNamespace.length, denies });
    }
    cache.set(resources, accounts);
    return accounts;
}

/** The finding for one namespace, or none when the inputs verify both its level and its default deny. */
export function checkNamespaceAccount(account: NamespaceAccount, config: VerifiedControlsConfig): string[] {
    if (account.declared === "namespace" || (config.exemptNamespaces ?? []).includes(account.namespace)) {
        return [];
    }
    const denied = account.denies.ingress && account.denies.egress;
    if (account.labelsKnown && denied) {
        return [];
    }
    const missing: string[] = [];
    const details: string[] = [];
    if (!account.labelsKnown) {
        const version = parseVersion(config.defaultVersion ?? "latest");
        const level = `${config.defaultLevel ?? "restricted"}:${version ? formatVersion(version) : config.defaultVersion}`;
        missing.push("Pod Security labels");
        details.push(
            `${account.declared === "absent" ? "no Namespace among the inputs declares it" : `its NamespacePatch sets no ${POD_SECURITY_LABELS.enforce} label`}, ` +
                `so ${account.workloads.length === 1 ? "its workload was" : `its ${account.workloads.length} workloads were`} judged at ${level}, the default level (hcb --pod-security), in its place`,
        );
    }
    if (!denied) {
        missing.push("default-deny NetworkPolicy");
        const partly = account.denies.ingress ? "ingress but not egress" : account.denies.egress ? "egress but not ingress" : undefined;
        details.push(
            account.networkPolicies === 0
                ? "no NetworkPolicy among the inputs lives in it"
                : partly
                  ? `${account.networkPolicies === 1 ? "its NetworkPolicy among the inputs denies" : `its ${account.networkPolicies} NetworkPolicies among the inputs deny`} ${partly} by default`
                  : account.networkPolicies === 1
                    ? "its NetworkPolicy among the inputs does not deny all ingress and egress"
                    : `none of its ${account.networkPolicies} NetworkPolicies among the inputs denies all ingress and egress`,
        );
    }
    return [`Namespace '${account.namespace}' must have its ${missing.join(" and ")} among the inputs to be verified: ${details.join("; ")}.`];
}

export const namespaceVerifiedControlsPolicy = stackPolicy<VerifiedControlsConfig, NamespaceAccount[]>({
    name: "k8s-namespace-require-verified-controls",
    control: "k8s-namespace-pod-security-labels",
    enforcementLevel: "advisory",
    description: "Every namespace that workloads use has its Pod Security labels and default deny among the inputs, or is named as not verified.",
    config: {
        defaultLevel: {
            type: "string",
            enum: ["privileged", "baseline", "restricted"],
            default: "restricted",
            description: "The Pod Security level workloads of a namespace not among the inputs are judged at (as for the pss- policies).",
        },
        defaultVersion: {
            type: "string",
            pattern: "^(latest|v1\\.(0|[1-9][0-9]*))$",
            default: "latest",
            description: "The Pod Security version for those workloads: latest or v1.N.",
        },
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Namespaces whose controls are verified elsewhere, left out of this policy.",
        },
    },
    selects: isWorkloadType,
    context: resources => namespaceAccountsOf(resources),
    // Once per namespace: on its first workload.
    check: (_resource, accounts, config, raw) => {
        const account = accounts.find(a => a.workloads[0] === raw);
        return account ? checkNamespaceAccount(account, config) : [];
    },
});

/** The types whose presence makes a namespace judged by its own policies. */
export const NAMESPACE_DECLARATION_TYPES = [NAMESPACE_TYPE, NAMESPACE_PATCH_TYPE] as const;
