/**
 * The DNS-based control-plane endpoint is safe to open to the internet because every request
 * carries Google credentials that IAM checks (`container.clusters.connect`) before the API server
 * sees it (GKE "About network isolation"). `enableK8sTokensViaDns` and `enableK8sCertsViaDns`
 * let Kubernetes service account tokens and client certificates through it too (API reference,
 * ControlPlaneEndpointsConfig.DNSEndpointConfig), credentials IAM does not gate, which a leaked
 * in-cluster token could then use from anywhere. Refused while the endpoint takes external traffic.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optBoolean, optObject } from "../../lib/read";
import { CLUSTER_TYPE, listOf } from "./resources";

const BASE = "controlPlaneEndpointsConfig.dnsEndpointConfig";

export function checkDnsEndpointCredentials(resource: CheckedResource): string[] {
    const endpoints = optObject(resource.props["controlPlaneEndpointsConfig"], "controlPlaneEndpointsConfig");
    const dns = optObject(endpoints?.["dnsEndpointConfig"], BASE);
    if (optBoolean(dns?.["allowExternalTraffic"], `${BASE}.allowExternalTraffic`) !== true) {
        return [];
    }
    const open = ["enableK8sTokensViaDns", "enableK8sCertsViaDns"].filter(k => optBoolean(dns?.[k], `${BASE}.${k}`) === true).map(k => `\`${BASE}.${k}\``);
    return open.length
        ? [`${subjectOf(resource)} must take only IAM-checked Google credentials on its DNS endpoint: ${listOf(open)} ${open.length > 1 ? "are" : "is"} true, so Kubernetes credentials IAM never checks reach the API from anywhere. Set ${open.length > 1 ? "them" : "it"} to false.`]
        : [];
}

export const dnsEndpointCredentialsPolicy = resourcePolicy({
    name: "gke-cluster-restrict-dns-endpoint-credentials",
    control: "gke-private-control-plane",
    enforcementLevel: "mandatory",
    description: "A GKE DNS endpoint open to external traffic accepts Google credentials only, not Kubernetes tokens or certificates.",
    types: [CLUSTER_TYPE],
    check: checkDnsEndpointCredentials,
});
