/**
 * Workload identity: the OIDC issuer and the workload identity webhook let pods exchange their
 * service account token for an Entra token, with no secret. The deprecated pod-managed identity
 * (`podIdentityProfile`, NMI intercepting IMDS) must stay off.
 */
import { Obj, optBoolean } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export function checkWorkloadIdentity(props: Obj): string[] {
    const out: string[] = [];
    const oidc = objAt(props, "oidcIssuerProfile", "oidcIssuerProfile");
    if (optBoolean(oidc?.["enabled"], "oidcIssuerProfile.enabled") !== true) {
        out.push("`oidcIssuerProfile.enabled` is not true");
    }
    const podIdentity = objAt(props, "podIdentityProfile", "podIdentityProfile");
    if (optBoolean(podIdentity?.["enabled"], "podIdentityProfile.enabled") === true) {
        out.push("`podIdentityProfile.enabled` is true: pod-managed identity is deprecated, use workload identity");
    }
    if (out.length > 0) {
        // Definite findings first: securityProfile is often unknown during preview (it carries the
        // created key's id), and reading it then would turn these into a "can't run" advisory.
        return out;
    }
    const security = objAt(props, "securityProfile", "securityProfile");
    const wi = objAt(security, "workloadIdentity", "securityProfile.workloadIdentity");
    if (optBoolean(wi?.["enabled"], "securityProfile.workloadIdentity.enabled") !== true) {
        out.push("`securityProfile.workloadIdentity.enabled` is not true");
    }
    return out;
}

export const workloadIdentityPolicy = clusterPolicy({
    name: "aks-cluster-require-workload-identity",
    control: "aks-workload-identity",
    enforcementLevel: "mandatory",
    description: "An AKS cluster enables the OIDC issuer and workload identity, and not pod-managed identity.",
    rule: "enable the OIDC issuer and workload identity",
    check: checkWorkloadIdentity,
});
