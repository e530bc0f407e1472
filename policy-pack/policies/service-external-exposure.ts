import { INTERNAL_LOAD_BALANCER_ANNOTATIONS } from "../../components/controls";
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { optArray, optObject, optString, optStringMap } from "../lib/read";

export const SERVICE_TYPE = "kubernetes:core/v1:Service";

/** True when an annotation keeps the load balancer on the private network. */
export function isInternalLoadBalancer(annotations: ReadonlyMap<string, string>): boolean {
    return Object.entries(INTERNAL_LOAD_BALANCER_ANNOTATIONS).some(([key, values]) => {
        const v = annotations.get(key);
        return v !== undefined && values.some(allowed => allowed.toLowerCase() === v.toLowerCase());
    });
}

/**
 * A LoadBalancer must be internal; a NodePort opens a port on every node; externalIPs let a
 * Service claim arbitrary addresses (CVE-2020-8554). Advisory: public entry points exist, but
 * each should be a decision someone made.
 */
export function checkServiceExposure(resource: CheckedResource): string[] {
    const spec = optObject(resource.props["spec"], "spec") ?? {};
    const metadata = optObject(resource.props["metadata"], "metadata");
    const type = optString(spec["type"], "spec.type") ?? "ClusterIP";
    const out: string[] = [];
    if (type === "LoadBalancer" && !isInternalLoadBalancer(optStringMap(metadata?.["annotations"], "metadata.annotations"))) {
        out.push(`${subjectOf(resource)} must not be an external load balancer: annotate it internal for its cloud (e.g. service.beta.kubernetes.io/aws-load-balancer-scheme: internal).`);
    }
    if (type === "NodePort") {
        out.push(`${subjectOf(resource)} must not be a NodePort: it opens a port on every node.`);
    }
    if (optArray(spec["externalIPs"], "spec.externalIPs").length > 0) {
        out.push(`${subjectOf(resource)} must not set spec.externalIPs (CVE-2020-8554).`);
    }
    return out;
}

export const serviceExposurePolicy = resourcePolicy({
    name: "k8s-service-restrict-external-exposure",
    control: "k8s-service-exposure",
    enforcementLevel: "advisory",
    // A ServicePatch is judged on what it sets: an unset type is the live Service's.
    types: [SERVICE_TYPE, `${SERVICE_TYPE}Patch`],
    check: checkServiceExposure,
});
