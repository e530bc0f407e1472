import { DEFAULT_POD_SECURITY_LEVEL, POD_SECURITY_LABELS, SYSTEM_NAMESPACES } from "../../components/controls";
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { NAMESPACE_PATCH_TYPE, NAMESPACE_TYPE } from "../lib/stack-index";
import { optObject, optString, optStringMap } from "../lib/read";
import { Level, parseLevel, parseVersion } from "../lib/pss";

export interface NamespaceLabelsConfig {
    /** Levels a namespace may enforce; add "baseline" or "privileged" only as a named, reviewed opt-out. */
    readonly allowedLevels: readonly Level[];
    /** Namespaces left to the platform (kube-system, ...). */
    readonly exemptNamespaces: readonly string[];
}

const STRICTNESS: Readonly<Record<Level, number>> = { privileged: 0, baseline: 1, restricted: 2 };

/**
 * CIS 5.2.1; checklist "Pod Security Standards enforced": every namespace enforces an allowed
 * level at a pinned version (so a cluster upgrade cannot change what is admitted), and audits and
 * warns at a level at least as strict. A NamespacePatch is judged on the labels it sets: a label it
 * leaves unset keeps the live namespace's value, which no input shows.
 */
export function checkNamespaceLabels(resource: CheckedResource, config: NamespaceLabelsConfig): string[] {
    const metadata = optObject(resource.props["metadata"], "metadata");
    const name = optString(metadata?.["name"], "metadata.name");
    if (name !== undefined && (config.exemptNamespaces ?? []).includes(name)) {
        return [];
    }
    const labels = optStringMap(metadata?.["labels"], "metadata.labels");
    const patch = resource.type === NAMESPACE_PATCH_TYPE;
    const problems: string[] = [];
    const allowed = config.allowedLevels ?? [DEFAULT_POD_SECURITY_LEVEL];

    const enforceValue = labels.get(POD_SECURITY_LABELS.enforce);
    const enforce = enforceValue === undefined ? undefined : parseLevel(enforceValue);
    if (enforceValue === undefined) {
        if (!patch) problems.push(`${POD_SECURITY_LABELS.enforce} is missing`);
    } else if (enforce === undefined) {
        problems.push(`${POD_SECURITY_LABELS.enforce}=${JSON.stringify(enforceValue)} is not a level`);
    } else if (!allowed.includes(enforce)) {
        problems.push(`${POD_SECURITY_LABELS.enforce}=${enforce} is not an allowed level (${allowed.join(", ")})`);
    }

    const versionValue = labels.get(POD_SECURITY_LABELS.enforceVersion);
    const version = versionValue === undefined ? undefined : parseVersion(versionValue);
    if (versionValue === undefined) {
        if (!patch) problems.push(`${POD_SECURITY_LABELS.enforceVersion} is missing`);
    } else if (version === undefined) {
        problems.push(`${POD_SECURITY_LABELS.enforceVersion}=${JSON.stringify(versionValue)} is not a version`);
    } else if (version.latest) {
        problems.push(`${POD_SECURITY_LABELS.enforceVersion}=latest is not pinned`);
    }

    for (const key of [POD_SECURITY_LABELS.auditVersion, POD_SECURITY_LABELS.warnVersion]) {
        // Optional, but an invalid one is refused by the admission plugin: say so before deploying.
        const value = labels.get(key);
        if (value !== undefined && parseVersion(value) === undefined) {
            problems.push(`${key}=${JSON.stringify(value)} is not a version`);
        }
    }

    for (const mode of ["audit", "warn"] as const) {
        const key = POD_SECURITY_LABELS[mode];
        const value = labels.get(key);
        const level = value === undefined ? undefined : parseLevel(value);
        if (value === undefined) {
            if (!patch) problems.push(`${key} is missing`);
        } else if (level === undefined) {
            problems.push(`${key}=${JSON.stringify(value)} is not a level`);
        } else if (enforce !== undefined && STRICTNESS[level] < STRICTNESS[enforce]) {
            problems.push(`${key}=${level} is weaker than the enforced ${enforce}`);
        }
    }
    return problems.length ? [`${subjectOf(resource)} must enforce, audit and warn at an allowed Pod Security level with a pinned version: ${problems.join("; ")}.`] : [];
}

export const namespaceLabelsPolicy = resourcePolicy<NamespaceLabelsConfig>({
    name: "k8s-namespace-require-pod-security-labels",
    control: "k8s-namespace-pod-security-labels",
    enforcementLevel: "mandatory",
    types: [NAMESPACE_TYPE, NAMESPACE_PATCH_TYPE],
    config: {
        allowedLevels: {
            type: "array",
            items: { type: "string", enum: ["privileged", "baseline", "restricted"] },
            minItems: 1,
            default: [DEFAULT_POD_SECURITY_LEVEL],
            description: "Pod Security levels a namespace may enforce.",
        },
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            default: [...SYSTEM_NAMESPACES],
            description: "Namespaces run by the platform, left out of this policy.",
        },
    },
    check: checkNamespaceLabels,
});
