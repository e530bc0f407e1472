/**
 * CIS AKS 5.4.2, CKV_AZURE_115: the API server is a private cluster with no public FQDN. AKS makes
 * a public API server unless `enablePrivateCluster` is true, and a private cluster still gets a
 * public FQDN unless `enablePrivateClusterPublicFQDN` is false; an unset value counts as public.
 */
import { Obj, optBoolean } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export function checkPublicApiServer(props: Obj): string[] {
    const api = objAt(props, "apiServerAccessProfile", "apiServerAccessProfile");
    const isPrivate = optBoolean(api?.["enablePrivateCluster"], "apiServerAccessProfile.enablePrivateCluster");
    if (isPrivate !== true) {
        return [`\`apiServerAccessProfile.enablePrivateCluster\` is ${isPrivate === undefined ? "unset (AKS default: a public API server)" : "false"}`];
    }
    const publicFqdn = optBoolean(api?.["enablePrivateClusterPublicFQDN"], "apiServerAccessProfile.enablePrivateClusterPublicFQDN");
    if (publicFqdn !== false) {
        return [
            `\`apiServerAccessProfile.enablePrivateClusterPublicFQDN\` is ${publicFqdn === undefined ? "unset (a public FQDN may be created)" : "true"}: set it to false`,
        ];
    }
    return [];
}

export const publicApiServerPolicy = clusterPolicy({
    name: "aks-cluster-disallow-public-api-server",
    control: "aks-private-api-server",
    enforcementLevel: "mandatory",
    description: "An AKS cluster's API server is private, with no public FQDN.",
    rule: "have a private API server",
    check: checkPublicApiServer,
});
