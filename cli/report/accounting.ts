/**
 * What a report accounts for beyond findings: which resources a policy judged and which kinds no
 * policy reads, the Pod Security level and version each workload was judged at and where that
 * came from, and the namespaces whose labels and default deny the inputs do not show. Computed
 * with the pack's own functions over the stack as the stack policies see it, so the report says
 * what the policies did.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { judgesOf } from "../../policy-pack/lib/define";
import { isOperatorPodType, isPatchType, isWorkloadType, parseKubernetesToken } from "../../policy-pack/lib/kubernetes-types";
import { formatVersion, Level, parseLevel } from "../../policy-pack/lib/pss";
import { NAMESPACE_PATCH_TYPE, NAMESPACE_TYPE, NETWORK_POLICY_TYPE, stackIndexOf } from "../../policy-pack/lib/stack-index";
import { EnforcedPolicy, PodSecurityConfig, enforcedPolicyOf } from "../../policy-pack/policies/pod-security";
import { namespaceAccountsOf } from "../../policy-pack/policies/namespace-verified-controls";
import { EngineResource, PackConfig } from "../engine/model";
import { containsUnknown, deserializeProperties } from "../engine/wire";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };

/** The level and version a workload was judged at, and where they came from. */
export interface PodSecurityStatement {
    readonly level: string;
    readonly version: string;
    /** `namespace-labels`: its namespace among the inputs enforces it; `default`: `--pod-security` (the pss- policies' defaultLevel). */
    readonly from: "namespace-labels" | "default";
    readonly namespace?: string;
    /** One sentence: the level, its source, and when the labels are weaker than the default. */
    readonly statement: string;
}

export interface KindNotJudged {
    readonly type: string;
    readonly kind: string;
    readonly count: number;
    /** Why a kind that describes pods is not judged. */
    readonly note?: string;
}

export interface NamespaceNotVerified {
    readonly namespace: string;
    readonly workloads: number;
    /** `absent`: no Namespace among the inputs; `patch`: only a NamespacePatch. */
    readonly declared: "absent" | "patch";
    /** What could not be verified from the inputs. */
    readonly unverified: readonly ("pod-security-labels" | "default-deny")[];
    readonly judgedAt?: string;
}

const STRICTNESS: Readonly<Record<Level, number>> = { privileged: 0, baseline: 1, restricted: 2 };

function enabled(policy: HardenedPolicy, config: PackConfig | undefined): boolean {
    return (config?.[policy.name]?.enforcementLevel ?? policy.enforcementLevel) !== "disabled";
}

/** The stack as the stack policies receive it: outputs deserialized, unknowns behind the SDK's proxy. */
function policyResourcesOf(resources: readonly EngineResource[]): PolicyResource[] {
    const made = resources.map(r => {
        // Only the kinds the accounting reads are deserialized: the others are never opened.
        const props = isReadType(r.type) ? deserializeProperties(r.outputs) : {};
        // The provider names the namespace of an object that names none (lib/stack-index.ts fallbackNamespaceOf).
        const provider = r.provider && isReadType(r.type) ? { provider: providerOf(r.provider) } : {};
        return { type: r.type, name: r.name, urn: r.urn, props: containsUnknown(props) ? unknownCheckingProxy(props) : props, dependencies: [], propertyDependencies: {}, ...provider } as unknown as PolicyResource & { propertyDependencies: Record<string, PolicyResource[]> };
    });
    const byUrn = new Map(made.map(m => [m.urn, m]));
    resources.forEach((r, i) => {
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            made[i].propertyDependencies[key] = urns.map(u => byUrn.get(u)).filter((x): x is (typeof made)[number] => x !== undefined);
        }
    });
    return made;
}

function providerOf(p: NonNullable<EngineResource["provider"]>): NonNullable<PolicyResource["provider"]> {
    const props = deserializeProperties(p.inputs);
    return { type: p.type, name: p.name, urn: p.urn, props: containsUnknown(props) ? unknownCheckingProxy(props) : props };
}

function isReadType(type: string): boolean {
    return isWorkloadType(type) || type === NAMESPACE_TYPE || type === NAMESPACE_PATCH_TYPE || type === NETWORK_POLICY_TYPE;
}

function podSecurityConfigOf(policies: readonly HardenedPolicy[], config: PackConfig | undefined): PodSecurityConfig | undefined {
    const pss = policies.find(p => p.name.startsWith("pss-") && judgesOf(p) !== undefined && enabled(p, config));
    if (!pss) {
        return undefined;
    }
    const props = config?.[pss.name]?.properties ?? {};
    const level = typeof props["defaultLevel"] === "string" ? props["defaultLevel"] : "restricted";
    const version = typeof props["defaultVersion"] === "string" ? props["defaultVersion"] : "latest";
    return { defaultLevel: (parseLevel(level) ?? "restricted") as Level, defaultVersion: version };
}

/**
 * How a workload came to be in its namespace when it names none: its Kubernetes provider's
 * namespace, else `default` (lib/stack-index.ts fallbackNamespaceOf). Said in the statement, since
 * applied elsewhere (kubectl apply -n, another provider) such a workload lands elsewhere.
 */
function placementOf(r: PolicyResource): string {
    try {
        const metadata = (r.props as Record<string, unknown>)["metadata"] as Record<string, unknown> | undefined;
        const own = metadata?.["namespace"];
        if (typeof own === "string" && own !== "") {
            return "";
        }
        const fromProvider = r.provider?.props?.["namespace"];
        return typeof fromProvider === "string" && fromProvider !== "" ? " (it names none: its provider's)" : " (it names none)";
    } catch {
        return "";
    }
}

function statementOf(policy: EnforcedPolicy, defaults: PodSecurityConfig, placement = ""): PodSecurityStatement {
    const version = formatVersion(policy.version);
    const at = `${policy.level}:${version}`;
    const source = policy.source;
    if (source.from === "labels") {
        const weaker = STRICTNESS[policy.level] < STRICTNESS[defaults.defaultLevel]
            ? `, weaker than --pod-security ${defaults.defaultLevel}, which applies only where a namespace sets no enforce label`
            : "";
        return {
            level: policy.level,
            version,
            from: "namespace-labels",
            namespace: source.namespace,
            statement: `${at} from the labels of ${source.patch ? "NamespacePatch" : "Namespace"} '${source.namespace}'${placement}${weaker}`,
        };
    }
    const why =
        source.why === "absent"
            ? `in place of namespace '${source.namespace}'${placement}, which is not among the inputs`
            : source.why === "unlabelled"
              ? `as namespace '${source.namespace}'${placement} sets no enforce label`
              : "as its namespace is not known until deployment";
    return {
        level: policy.level,
        version,
        from: "default",
        ...(source.namespace !== undefined ? { namespace: source.namespace } : {}),
        statement: `${at}, the default level (--pod-security), ${why}`,
    };
}

export interface StackAccounting {
    /** Per input resource, in order: judged by at least one enabled policy. */
    readonly judged: readonly boolean[];
    /** Per input resource, for workloads when the Pod Security policies ran. */
    readonly podSecurity: readonly (PodSecurityStatement | undefined)[];
    /** Per input resource: what the reader should know about how it was judged. */
    readonly notes: readonly (readonly string[])[];
    readonly namespacesNotVerified: readonly NamespaceNotVerified[];
}

/**
 * `policies` are this pack's, or only the names of another pack's (hcb check --policy-pack): a
 * policy whose types are not known counts as judging everything, and the Pod Security and
 * namespace accounting, which are this pack's, are left out for another pack.
 */
export function accountStack(resources: readonly EngineResource[], anyPolicies: readonly Pick<HardenedPolicy, "name" | "description">[], config: PackConfig | undefined): StackAccounting {
    const policies = anyPolicies as readonly HardenedPolicy[];
    const judges = policies.filter(p => enabled(p, config)).map(judgesOf);
    const judgedByType = new Map<string, boolean>();
    const judged = resources.map(r => {
        let out = judgedByType.get(r.type);
        if (out === undefined) {
            // A policy without the marker is counted as judging everything: never under-report it.
            out = judges.some(j => (j ? j(r.type) : true));
            judgedByType.set(r.type, out);
        }
        return out;
    });
    const notes = resources.map((r, i) =>
        isPatchType(r.type) && judged[i]
            ? [`${parseKubernetesToken(r.type)?.kind ?? r.type} is judged on the fields it sets; the fields it leaves unset keep the live object's values, which no input shows.`]
            : [],
    );
    const defaults = podSecurityConfigOf(policies, config);
    const stack = policyResourcesOf(resources);
    const index = stackIndexOf(stack);
    const podSecurity = stack.map(r => {
        if (!defaults || !isWorkloadType(r.type)) {
            return undefined;
        }
        try {
            return statementOf(enforcedPolicyOf(r, index, defaults), defaults, placementOf(r));
        } catch {
            // A namespace that cannot be read is reported by the policies themselves.
            return undefined;
        }
    });
    const verifiedPolicy = policies.find(p => p.name === "k8s-namespace-require-verified-controls" && judgesOf(p) !== undefined);
    const exempt = (config?.[verifiedPolicy?.name ?? ""]?.properties?.["exemptNamespaces"] as string[] | undefined) ?? [];
    const namespacesNotVerified: NamespaceNotVerified[] = [];
    for (const a of verifiedPolicy ? namespaceAccountsOf(stack) : []) {
        const unverified = [...(a.labelsKnown ? [] : ["pod-security-labels" as const]), ...(a.denies.ingress && a.denies.egress ? [] : ["default-deny" as const])];
        if (a.declared === "namespace" || unverified.length === 0 || exempt.includes(a.namespace)) {
            continue;
        }
        const first = podSecurity[stack.indexOf(a.workloads[0])];
        namespacesNotVerified.push({
            namespace: a.namespace,
            workloads: a.workloads.length,
            declared: a.declared,
            unverified,
            ...(first && first.from === "default" ? { judgedAt: `${first.level}:${first.version}` } : {}),
        });
    }
    return { judged, podSecurity, notes, namespacesNotVerified };
}

/** The kinds no enabled policy read, with counts, most frequent first. */
export function kindsNotJudged(resources: readonly { readonly type: string; readonly judged: boolean }[]): KindNotJudged[] {
    const byType = new Map<string, number>();
    for (const r of resources) {
        if (!r.judged) {
            byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
        }
    }
    return [...byType]
        .map(([type, count]) => {
            const parts = parseKubernetesToken(type);
            const note = isOperatorPodType(type)
                ? "describes pods that its operator builds from its own fields; no policy judges them"
                : isPatchType(type)
                  ? "a server-side apply patch of a kind no policy reads"
                  : undefined;
            return { type, kind: parts ? parts.kind : type, count, ...(note ? { note } : {}) };
        })
        .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}
