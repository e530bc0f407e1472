/**
 * CIS AKS 5.4.1, CKV_AZURE_6: a public API server accepts only authorized IP ranges, none of which
 * is everywhere. Unlike Checkov, a range to everywhere is flagged even on a private cluster, where
 * it would become live the moment the cluster is made public.
 */
import { Obj, optBoolean, optStringArray } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

/** True for a CIDR that matches every address of its family ("0.0.0.0/0", "::/0", "*"). */
export function isEverywhere(range: string): boolean {
    const r = range.trim();
    return r === "*" || /\/0$/.test(r) || r === "0.0.0.0" || r === "::";
}

export function checkAuthorizedIpRanges(props: Obj): string[] {
    const api = objAt(props, "apiServerAccessProfile", "apiServerAccessProfile");
    const isPrivate = optBoolean(api?.["enablePrivateCluster"], "apiServerAccessProfile.enablePrivateCluster") === true;
    const ranges = optStringArray(api?.["authorizedIPRanges"], "apiServerAccessProfile.authorizedIPRanges");
    const open = ranges.filter(isEverywhere);
    if (open.length > 0) {
        return [`\`apiServerAccessProfile.authorizedIPRanges\` includes ${open.map(r => JSON.stringify(r)).join(", ")}, which admits every address`];
    }
    if (!isPrivate && ranges.length === 0) {
        return ["the API server is public and `apiServerAccessProfile.authorizedIPRanges` is empty, so every address can reach it"];
    }
    return [];
}

export const authorizedIpRangesPolicy = clusterPolicy({
    name: "aks-cluster-restrict-authorized-ip-ranges",
    control: "aks-private-api-server",
    enforcementLevel: "mandatory",
    description: "A public AKS API server accepts only authorized IP ranges, none of them everywhere.",
    rule: "restrict its API server to authorized IP ranges",
    check: checkAuthorizedIpRanges,
});
