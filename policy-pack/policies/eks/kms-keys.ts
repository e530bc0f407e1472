/**
 * The KMS keys of a stack that EKS uses: those an EKS cluster's `encryptionConfig` or an EKS
 * control-plane log group's `kmsKeyId` was computed from. Linked by property dependencies, which
 * hold for hand-built resources as well as ours.
 */
import type { PolicyResource } from "@pulumi/policy";
import { EKS_LOG_GROUP_PREFIX } from "../../../components/controls/eks";
import { AWS_TYPES, dependenciesThrough, knownString } from "./common";

export function eksKeyUrns(resources: readonly PolicyResource[]): ReadonlySet<string> {
    const urns = new Set<string>();
    for (const r of resources) {
        if (r.type === AWS_TYPES.cluster) {
            dependenciesThrough(r, "encryptionConfig", AWS_TYPES.kmsKey).forEach(k => urns.add(k.urn));
        } else if (r.type === AWS_TYPES.logGroup && (knownString(r.props, "name") ?? "").startsWith(EKS_LOG_GROUP_PREFIX)) {
            dependenciesThrough(r, "kmsKeyId", AWS_TYPES.kmsKey).forEach(k => urns.add(k.urn));
        }
    }
    return urns;
}
