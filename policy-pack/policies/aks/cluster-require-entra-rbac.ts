/**
 * CIS AKS 5.5.1 and 5.5.2, CKV_AZURE_5: users sign in with Entra ID (managed AAD), Kubernetes RBAC
 * and Azure RBAC authorize them, and the cluster-admin groups are named. Checkov passes an unset
 * `enableRBAC`; here only an explicit true passes.
 */
import { Obj, optArray, optBoolean, optObject } from "../../lib/read";
import { clusterPolicy, hasKey } from "./resources";

export function checkEntraRbac(props: Obj): string[] {
    const out: string[] = [];
    if (optBoolean(props["enableRBAC"], "enableRBAC") !== true) {
        out.push("`enableRBAC` is not true");
    }
    const aad = optObject(props["aadProfile"], "aadProfile");
    if (aad === undefined) {
        return [...out, "`aadProfile` is unset, so users are not Entra ID identities"];
    }
    if (optBoolean(aad["managed"], "aadProfile.managed") !== true) {
        out.push("`aadProfile.managed` is not true (legacy AAD integration or none)");
    }
    if (hasKey(aad, "serverAppSecret")) {
        out.push("`aadProfile.serverAppSecret` is set: legacy AAD integration keeps a static secret");
    }
    if (optBoolean(aad["enableAzureRBAC"], "aadProfile.enableAzureRBAC") !== true) {
        out.push("`aadProfile.enableAzureRBAC` is not true");
    }
    if (optArray(aad["adminGroupObjectIDs"], "aadProfile.adminGroupObjectIDs").length === 0) {
        out.push("`aadProfile.adminGroupObjectIDs` is empty: name the Entra groups that administer the cluster");
    }
    return out;
}

export const entraRbacPolicy = clusterPolicy({
    name: "aks-cluster-require-entra-rbac",
    control: "aks-entra-rbac",
    enforcementLevel: "mandatory",
    description: "An AKS cluster authenticates users with managed Entra ID and authorizes them with Kubernetes and Azure RBAC, with named admin groups.",
    rule: "use Entra ID with Kubernetes and Azure RBAC",
    check: checkEntraRbac,
});
