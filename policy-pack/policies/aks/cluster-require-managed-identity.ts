/**
 * The cluster's own Azure identity is a managed identity: a service principal carries a client
 * secret that expires and can leak (`servicePrincipalProfile.secret`).
 */
import { Obj, optObject, optString } from "../../lib/read";
import { clusterPolicy, hasKey } from "./resources";

const MANAGED_TYPES = ["SystemAssigned", "UserAssigned"];

export function checkManagedIdentity(props: Obj): string[] {
    const out: string[] = [];
    const identity = optObject(props["identity"], "identity");
    const type = optString(identity?.["type"], "identity.type");
    if (type === undefined || !MANAGED_TYPES.includes(type)) {
        out.push(`\`identity.type\` is ${type === undefined ? "unset" : JSON.stringify(type)}: use "UserAssigned" (or "SystemAssigned")`);
    }
    const sp = optObject(props["servicePrincipalProfile"], "servicePrincipalProfile");
    if (hasKey(sp, "secret")) {
        out.push("`servicePrincipalProfile.secret` is set: a service principal secret is a static cloud credential");
    }
    return out;
}

export const managedIdentityPolicy = clusterPolicy({
    name: "aks-cluster-require-managed-identity",
    control: "aks-managed-identity",
    enforcementLevel: "mandatory",
    description: "An AKS cluster runs as a managed identity, not a service principal with a secret.",
    rule: "run as a managed identity",
    check: checkManagedIdentity,
});
