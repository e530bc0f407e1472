/**
 * Checklist "secrets encrypted at rest". GKE encrypts Secrets as its service agent
 * (service-<project number>@container-engine-robot): without the key role granted first, cluster
 * creation fails, or worse, a later revocation makes Secrets unreadable. A cross-resource rule:
 * a cluster whose Secrets key is made in this stack has a grant of the key role on that key to the
 * GKE service agent, and depends on it, so the grant exists before the cluster. Keys brought from
 * outside the stack may be granted outside it; a grant in the stack must still come first.
 * A grant on the key's ring counts: Cloud KMS IAM on a key ring is inherited by every key in it
 * (Cloud KMS "Permissions and roles"; GKE's application-layer secrets guide grants on the key,
 * safer-cluster's users often on the ring), so refusing it was a false alarm.
 */
import type { PolicyResource } from "@pulumi/policy";
import { GKE_KEY_ROLE, GKE_SERVICE_AGENT } from "../../../components/controls/gke";
import { CheckedResource, stackPolicy, subjectOf } from "../../lib/define";
import { Obj, optObject, optString, optStringArray } from "../../lib/read";
import { CRYPTO_KEY_TYPE, CLUSTER_TYPE, KEY_GRANT_TYPES, KEY_RING_GRANT_TYPES, KEY_RING_TYPE, knownString } from "./resources";

/** The stack's key grants, and each CryptoKey's ring (by URN), to find grants made on the ring. */
export interface KeyGrantContext {
    readonly grants: readonly PolicyResource[];
    readonly ringOfKey: ReadonlyMap<string, string>;
}

export function keyGrantContextOf(resources: readonly PolicyResource[]): KeyGrantContext {
    const ringOfKey = new Map<string, string>();
    for (const r of resources) {
        if (r.type === CRYPTO_KEY_TYPE) {
            const ring = (r.propertyDependencies?.["keyRing"] ?? []).find(d => d.type === KEY_RING_TYPE);
            if (ring) {
                ringOfKey.set(r.urn, ring.urn);
            }
        }
    }
    return { grants: resources.filter(r => KEY_GRANT_TYPES.includes(r.type) || KEY_RING_GRANT_TYPES.includes(r.type)), ringOfKey };
}

/** The members a key grant names (IAMMember `member`, IAMBinding `members`). */
function membersOf(props: Obj): readonly string[] {
    if ("members" in props) {
        return optStringArray(props["members"], "members");
    }
    const member = optString(props["member"], "member");
    return member === undefined ? [] : [member];
}

function isAgent(member: string): boolean {
    return member.startsWith("serviceAccount:") && GKE_SERVICE_AGENT.test(member.slice("serviceAccount:".length));
}

/**
 * Grants of the key role to the GKE service agent on the key a cluster uses, or on its key ring
 * (found by the ring resource the key depends on, or by the key name's ring prefix).
 */
export function agentGrantsFor(keyUrns: ReadonlySet<string>, keyName: string | undefined, grants: readonly PolicyResource[], ringOfKey: ReadonlyMap<string, string> = new Map()): PolicyResource[] {
    const ringUrns = new Set([...keyUrns].flatMap(k => (ringOfKey.has(k) ? [ringOfKey.get(k) as string] : [])));
    const ringName = keyName?.includes("/cryptoKeys/") ? keyName.slice(0, keyName.indexOf("/cryptoKeys/")) : undefined;
    return grants.filter(g => {
        const props = g.props as Obj;
        if (optString(props["role"], "role") !== GKE_KEY_ROLE) {
            return false;
        }
        const onKey = KEY_RING_GRANT_TYPES.includes(g.type)
            ? (g.propertyDependencies?.["keyRingId"] ?? []).some(d => ringUrns.has(d.urn)) || (ringName !== undefined && knownString(props, "keyRingId", "keyRingId") === ringName)
            : (g.propertyDependencies?.["cryptoKeyId"] ?? []).some(d => keyUrns.has(d.urn)) || (keyName !== undefined && knownString(props, "cryptoKeyId", "cryptoKeyId") === keyName);
        return onKey && membersOf(props).some(isAgent);
    });
}

export function checkAgentGrant(resource: CheckedResource, context: KeyGrantContext, raw: PolicyResource): string[] {
    const encryption = optObject(resource.props["databaseEncryption"], "databaseEncryption");
    if (optString(encryption?.["state"], "databaseEncryption.state") !== "ENCRYPTED") {
        return []; // gke-cluster-require-secrets-encryption reports it
    }
    const keys = new Set((raw.propertyDependencies?.["databaseEncryption"] ?? []).filter(d => d.type === CRYPTO_KEY_TYPE).map(d => d.urn));
    const keyName = knownString(encryption, "keyName", "databaseEncryption.keyName");
    const found = agentGrantsFor(keys, keyName, context.grants, context.ringOfKey);
    const subject = subjectOf(resource);
    if (found.length === 0) {
        return keys.size > 0
            ? [`${subject} must grant the GKE service agent ${GKE_KEY_ROLE} on its Secrets key before it is created: no grant of that role to service-<project number>@container-engine-robot.iam.gserviceaccount.com on the key is in the stack.`]
            : [];
    }
    const dependsOn = new Set((raw.dependencies ?? []).map(d => d.urn));
    return found.some(g => dependsOn.has(g.urn))
        ? []
        : [`${subject} must depend on the grant of ${GKE_KEY_ROLE} to the GKE service agent (${found.map(g => `'${g.name}'`).join(", ")}), so that the grant exists before the cluster: add it to \`dependsOn\`.`];
}

export const keyAgentGrantPolicy = stackPolicy<Record<string, never>, KeyGrantContext>({
    name: "gke-encryption-key-require-agent-grant",
    control: "gke-secrets-encryption",
    enforcementLevel: "mandatory",
    description: "GKE clusters encrypting Secrets with a key of the stack depend on a grant of the key role to the GKE service agent, on the key or its ring.",
    selects: type => type === CLUSTER_TYPE,
    context: resources => keyGrantContextOf(resources),
    check: (resource, context, _config, raw) => checkAgentGrant(resource, context, raw),
});
