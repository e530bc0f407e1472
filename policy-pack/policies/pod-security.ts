/**
 * The Pod Security Standards policies: one stack policy per upstream check, generated from the
 * control rows of the catalogue. A stack policy, because a workload is held to the level its
 * namespace enforces, which lives on another resource: the Namespace of the same stack when there
 * is one, else the configured default (restricted, latest).
 */
import type { PolicyResource } from "@pulumi/policy";
import { POD_SECURITY_CONTROL_ROWS } from "../../components/controls";
import { HardenedPolicy, stackPolicy, subjectOf } from "../lib/define";
import { isWorkloadType, podTemplateOf } from "../lib/kubernetes-types";
import { withUnsetFieldsCompliant } from "../lib/patch";
import { Obj } from "../lib/read";
import { ActiveCheck, Level, PssVersion, checksFor, effectiveMinor, formatVersion, parseVersion, policyFromNamespaceLabels } from "../lib/pss";
import { ENFORCE_LEVEL_LABEL } from "../lib/pss/namespace-labels";
import { NAMESPACE_PATCH_TYPE, StackIndex, kubernetesNameOf, stackIndexOf } from "../lib/stack-index";

export interface PodSecurityConfig {
    /** The level for workloads whose namespace is not in the stack. */
    readonly defaultLevel: Level;
    /** The version for those workloads: `latest` or `v1.N`. */
    readonly defaultVersion: string;
}

const activeCache = new Map<string, ReadonlyMap<string, ActiveCheck>>();

/** The checks in force for a level and version, by upstream id (memoised: there are few pairs). */
export function activeChecks(level: Level, version: PssVersion): ReadonlyMap<string, ActiveCheck> {
    const key = `${level}:${effectiveMinor(version)}`;
    let active = activeCache.get(key);
    if (!active) {
        active = new Map(checksFor(level, version).map(c => [c.id, c]));
        activeCache.set(key, active);
    }
    return active;
}

function labelsOf(namespace: { props: unknown }): unknown {
    const metadata = (namespace.props as Obj)["metadata"];
    return metadata && typeof metadata === "object" ? (metadata as Obj)["labels"] : undefined;
}

/**
 * Where a workload's level came from. `labels`: its namespace among the inputs enforces it. Else
 * the configured default (hcb `--pod-security`), as upstream applies the admission
 * configuration's defaults to a namespace without an enforce label: because the namespace is not
 * among the inputs (`absent`), carries no enforce label (`unlabelled`), or is not known during
 * preview (`unknown`).
 */
export type PodSecuritySource =
    | { readonly from: "labels"; readonly namespace: string; readonly patch: boolean }
    | { readonly from: "default"; readonly namespace?: string; readonly why: "absent" | "unlabelled" | "unknown" };

export interface EnforcedPolicy {
    readonly level: Level;
    readonly version: PssVersion;
    readonly source: PodSecuritySource;
}

function hasEnforceLabel(labels: unknown): boolean {
    return labels !== null && typeof labels === "object" && (labels as Obj)[ENFORCE_LEVEL_LABEL] !== undefined;
}

const defaultKeys = new WeakMap<PodSecurityConfig, string>();

/** Per workload and default: every pss- policy asks for the same answer, so find it once. */
const enforced = new WeakMap<PolicyResource, Map<string, EnforcedPolicy>>();

/** The level and version a workload is held to: its namespace's labels, or the configured default. */
export function enforcedPolicyOf(raw: PolicyResource, index: StackIndex, config: PodSecurityConfig): EnforcedPolicy {
    let key = defaultKeys.get(config);
    if (key === undefined) {
        key = `${config.defaultLevel}:${config.defaultVersion}`;
        defaultKeys.set(config, key);
    }
    let byDefault = enforced.get(raw);
    const known = byDefault?.get(key);
    if (known) {
        return known;
    }
    const fallback = { level: config.defaultLevel, version: parseVersion(config.defaultVersion) };
    const namespace = index.namespaceResourceOf(raw);
    const name = index.namespaceNameOf(raw);
    const nsName = namespace ? kubernetesNameOf(namespace) ?? (name.known ? name.name : undefined) : name.known ? name.name : undefined;
    let policy: EnforcedPolicy;
    if (namespace) {
        const labels = labelsOf(namespace);
        const resolved = policyFromNamespaceLabels(labels, fallback);
        const source: PodSecuritySource = hasEnforceLabel(labels)
            ? { from: "labels", namespace: nsName ?? namespace.name, patch: namespace.type === NAMESPACE_PATCH_TYPE }
            : { from: "default", ...(nsName !== undefined ? { namespace: nsName } : {}), why: "unlabelled" };
        policy = { level: resolved.level, version: resolved.version, source };
    } else {
        policy = {
            level: fallback.level,
            version: fallback.version ?? { latest: true as const },
            source: nsName !== undefined ? { from: "default", namespace: nsName, why: "absent" } : { from: "default", why: "unknown" },
        };
    }
    if (!byDefault) {
        byDefault = new Map();
        enforced.set(raw, byDefault);
    }
    byDefault.set(key, policy);
    return policy;
}

export function makePodSecurityPolicy(row: (typeof POD_SECURITY_CONTROL_ROWS)[number]): HardenedPolicy {
    return stackPolicy<PodSecurityConfig, StackIndex>({
        name: row.policy,
        control: row.id,
        description: `${row.title} (Pod Security Standards check ${row.check}).`,
        enforcementLevel: "mandatory",
        config: {
            defaultLevel: {
                type: "string",
                enum: ["privileged", "baseline", "restricted"],
                default: "restricted",
                description: "The Pod Security level for workloads whose namespace is not part of the stack.",
            },
            defaultVersion: {
                type: "string",
                pattern: "^(latest|v1\\.(0|[1-9][0-9]*))$",
                default: "latest",
                description: "The Pod Security version for those workloads: latest or v1.N.",
            },
        },
        selects: isWorkloadType,
        context: resources => stackIndexOf(resources),
        check: (resource, index, config, raw) => {
            const template = podTemplateOf(resource.type, resource.props);
            if (!template) {
                return [];
            }
            const policy = enforcedPolicyOf(raw, index, config);
            const active = activeChecks(policy.level, policy.version).get(row.check);
            if (!active) {
                return [];
            }
            // A patch is judged on what it sets (lib/patch.ts).
            const result = active.check(template.metadata, template.partial ? withUnsetFieldsCompliant(template.spec) : template.spec);
            if (result.allowed) {
                return [];
            }
            const detail = result.detail ? ` (${result.detail})` : "";
            return [`${subjectOf(resource)} must satisfy PodSecurity "${policy.level}:${formatVersion(policy.version)}": ${result.reason}${detail}.`];
        },
    });
}

export const podSecurityPolicies: readonly HardenedPolicy[] = POD_SECURITY_CONTROL_ROWS.map(makePodSecurityPolicy);
