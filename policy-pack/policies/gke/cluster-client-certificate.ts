/**
 * Checklist "OIDC for users, no static tokens"; CIS GKE 5.8.1; Checkov CKV_GCP_13. A client
 * certificate is a static, unrevocable admin credential. The provider's default is not to issue one.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkClientCertificate(resource: CheckedResource): string[] {
    const auth = optObject(resource.props["masterAuth"], "masterAuth");
    const cert = optObject(auth?.["clientCertificateConfig"], "masterAuth.clientCertificateConfig");
    const issue = optBoolean(cert?.["issueClientCertificate"], "masterAuth.clientCertificateConfig.issueClientCertificate");
    return issue === true
        ? [`${subjectOf(resource)} must not issue a client certificate, a static credential that cannot be revoked: \`masterAuth.clientCertificateConfig.issueClientCertificate\` is true.`]
        : [];
}

export const clientCertificatePolicy = resourcePolicy({
    name: "gke-cluster-disallow-client-certificate",
    control: "gke-static-credentials",
    enforcementLevel: "mandatory",
    description: "GKE clusters issue no client certificate.",
    types: [CLUSTER_TYPE],
    check: checkClientCertificate,
});
