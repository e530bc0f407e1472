/**
 * CIS AKS 2.1.1: the control plane's audit log leaves the cluster. AKS has a fixed audit policy; the
 * only switch is a diagnostic setting on the cluster exporting `kube-audit-admin` (writes; PSRule
 * Azure.AKS.AuditAdmin, for cost) or `kube-audit` (everything), and `guard` (Entra and Azure RBAC
 * decisions), to a workspace, storage account or event hub. A stack policy: the setting is its own
 * resource, linked to the cluster by `resourceUri` (a property dependency during preview, when the
 * cluster id is not known yet, or the id itself).
 */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknownValueError, stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optArray, optBoolean, optObject, optString } from "../../lib/read";
import { DIAGNOSTIC_SETTING_TYPE, MANAGED_CLUSTER_TYPE, dependsThrough, knownValue, sameAzureId } from "./resources";

export const AUDIT_CATEGORIES: readonly string[] = ["kube-audit-admin", "kube-audit"];
export const GUARD_CATEGORY = "guard";
/** Category groups that include the audit categories and guard on managedClusters. */
export const AUDIT_CATEGORY_GROUPS: readonly string[] = ["audit", "allLogs"];
export const DESTINATIONS: readonly string[] = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"];

export interface NamedSetting {
    readonly name: string;
    readonly props: Obj;
}

/** How a setting's destination reads: set, unset, or set to a value not known until `up` (a workspace created in the same stack). */
type Destination = { readonly state: "set" | "unset" } | { readonly state: "unknown"; readonly error: Error };

function destinationOf(props: Obj): Destination {
    let unknown: Error | undefined;
    for (const key of DESTINATIONS) {
        // Presence is read from the keys, so an unknown value never hides the categories' verdict.
        if (!Object.keys(props).includes(key)) {
            continue;
        }
        try {
            if (props[key] !== null && props[key] !== undefined) {
                return { state: "set" };
            }
        } catch (e) {
            if (!isUnknownValueError(e)) {
                throw e;
            }
            unknown = e;
        }
    }
    return unknown ? { state: "unknown", error: unknown } : { state: "unset" };
}

/** What a diagnostic setting lacks to carry the audit log (empty when it does), and whether its destination is known. */
export function missingFromSetting(props: Obj): string[] {
    return judgeSetting(props).missing;
}

function judgeSetting(props: Obj): { missing: string[]; destination: Destination } {
    const enabled = new Set<string>();
    const groups = new Set<string>();
    optArray(props["logs"], "logs").forEach((entry, i) => {
        const log = optObject(entry, `logs[${i}]`) ?? {};
        if (optBoolean(log["enabled"], `logs[${i}].enabled`) !== true) {
            return;
        }
        const category = optString(log["category"], `logs[${i}].category`);
        const group = optString(log["categoryGroup"], `logs[${i}].categoryGroup`);
        if (category !== undefined) {
            enabled.add(category);
        }
        if (group !== undefined) {
            groups.add(group);
        }
    });
    const byGroup = AUDIT_CATEGORY_GROUPS.some(g => groups.has(g));
    const missing: string[] = [];
    if (!byGroup && !AUDIT_CATEGORIES.some(c => enabled.has(c))) {
        missing.push(`an enabled "kube-audit-admin" or "kube-audit" log`);
    }
    if (!byGroup && !enabled.has(GUARD_CATEGORY)) {
        missing.push(`an enabled "guard" log`);
    }
    const destination = destinationOf(props);
    if (destination.state === "unset") {
        missing.push("a destination (`workspaceId`, `storageAccountId` or `eventHubAuthorizationRuleId`)");
    }
    return { missing, destination };
}

/**
 * The details for one cluster, given the diagnostic settings that target it. The categories are
 * judged even when a destination is not known yet (a workspace created in the same stack): a
 * setting without the audit categories is a finding whatever its workspace. Only a complete
 * setting whose destination is unknown is "cannot tell" (the unknown value is rethrown, which the
 * stack policy reports as an advisory "can't run during preview").
 */
export function checkAuditLogs(settings: readonly NamedSetting[]): string[] {
    if (settings.length === 0) {
        return ["no diagnostic setting (azure-native:monitor:DiagnosticSetting) has the cluster as its `resourceUri`"];
    }
    const judged = settings.map(s => ({ name: s.name, ...judgeSetting(s.props) }));
    const complete = judged.filter(g => g.missing.length === 0);
    if (complete.some(g => g.destination.state === "set")) {
        return [];
    }
    const pending = complete.find(g => g.destination.state === "unknown");
    if (pending !== undefined && pending.destination.state === "unknown") {
        throw pending.destination.error;
    }
    return judged.map(g => `diagnostic setting '${g.name}' lacks ${g.missing.join(", ")}`);
}

/** The diagnostic settings of the stack whose `resourceUri` is this cluster. */
export function settingsOf(cluster: PolicyResource, settings: readonly PolicyResource[]): NamedSetting[] {
    const clusterId = knownValue(cluster.props as Obj, "id");
    return settings
        .filter(s => dependsThrough(s, "resourceUri", cluster) || sameAzureId(knownValue(s.props as Obj, "resourceUri"), clusterId))
        .map(s => ({ name: s.name, props: s.props as Obj }));
}

export const auditLogsPolicy = stackPolicy<object, readonly PolicyResource[]>({
    name: "aks-cluster-require-audit-logs",
    control: "aks-audit-logging",
    enforcementLevel: "mandatory",
    description: "Every AKS cluster has a diagnostic setting exporting kube-audit-admin (or kube-audit) and guard logs to a destination.",
    selects: type => type === MANAGED_CLUSTER_TYPE,
    context: resources => resources.filter(r => r.type === DIAGNOSTIC_SETTING_TYPE),
    check: (resource, settings, _config, raw) =>
        checkAuditLogs(settingsOf(raw, settings)).map(detail => `${subjectOf(resource)} must export its audit logs: ${detail}.`),
});
