/**
 * The workload-identity path in NetworkPolicies. A pod that reaches its cloud's credential endpoint
 * (the EKS Pod Identity agent, the GKE metadata server) gets credentials: that egress is allowed
 * only in a policy declared as the workload-identity path (EGRESS_PURPOSE_ANNOTATION, as
 * HardenedNamespace's `workloadIdentity` writes it), and such a policy allows exactly the cloud's
 * endpoints (WORKLOAD_IDENTITY_ENDPOINTS) on their ports, nothing wider. Read by
 * k8s-networkpolicy-disallow-allow-all.
 */
import * as net from "node:net";
import { EGRESS_PURPOSE_ANNOTATION, WORKLOAD_IDENTITY_ENDPOINTS, workloadIdentityPurpose } from "../../components/controls/workload-identity";
import { CheckedResource, subjectOf } from "./define";
import { Obj, optArray, optObject, optString } from "./read";

type Cloud = keyof typeof WORKLOAD_IDENTITY_ENDPOINTS;
const CLOUDS = Object.keys(WORKLOAD_IDENTITY_ENDPOINTS) as Cloud[];

/** Every credential endpoint address, each with its cloud. */
const ENDPOINT_ADDRESSES = CLOUDS.flatMap(cloud => WORKLOAD_IDENTITY_ENDPOINTS[cloud].map(e => ({ cloud, cidr: e.cidr, address: e.cidr.split("/")[0] })));

/** The credential endpoint addresses inside `cidr` (none for a malformed one: the API server refuses those). */
function endpointsIn(cidr: string): typeof ENDPOINT_ADDRESSES {
    const [address, bits] = cidr.trim().split("/");
    const family = net.isIP(address ?? "");
    if (family === 0 || !/^\d{1,3}$/.test(bits ?? "")) {
        return [];
    }
    const list = new net.BlockList();
    try {
        list.addSubnet(address, Number(bits), family === 4 ? "ipv4" : "ipv6");
    } catch {
        return [];
    }
    return ENDPOINT_ADDRESSES.filter(e => net.isIP(e.address) === family && list.check(e.address, family === 4 ? "ipv4" : "ipv6"));
}

/** The cloud a policy declares itself the workload-identity path of, if any. */
function declaredCloud(props: Obj): Cloud | "unknown" | undefined {
    const annotations = optObject(optObject(props["metadata"], "metadata")?.["annotations"], "metadata.annotations");
    const purpose = optString(annotations?.[EGRESS_PURPOSE_ANNOTATION], `metadata.annotations.${EGRESS_PURPOSE_ANNOTATION}`);
    if (purpose === undefined || !purpose.startsWith("workload-identity")) {
        return undefined;
    }
    return CLOUDS.find(c => workloadIdentityPurpose(c) === purpose) ?? "unknown";
}

/** What a declared workload-identity policy allows beyond its cloud's credential endpoints. */
function widerThanEndpoints(spec: Obj, cloud: Cloud): string[] {
    const out: string[] = [];
    if (optArray(spec["ingress"], "spec.ingress").length > 0) {
        out.push("spec.ingress admits traffic: the identity path is egress only");
    }
    const allowed = WORKLOAD_IDENTITY_ENDPOINTS[cloud];
    optArray(spec["egress"], "spec.egress").forEach((entry, i) => {
        const path = `spec.egress[${i}]`;
        const rule = optObject(entry, path) ?? {};
        const peers = optArray(rule["to"], `${path}.to`);
        const ports = optArray(rule["ports"], `${path}.ports`).map((p, j) => optObject(p, `${path}.ports[${j}]`) ?? {});
        if (ports.length === 0) {
            out.push(`${path} opens every port`);
        }
        if (peers.length === 0) {
            out.push(`${path} reaches every destination`);
        }
        peers.forEach((p, j) => {
            const peer = optObject(p, `${path}.to[${j}]`) ?? {};
            const block = optObject(peer["ipBlock"], `${path}.to[${j}].ipBlock`);
            const cidr = optString(block?.["cidr"], `${path}.to[${j}].ipBlock.cidr`);
            // Azure's endpoint is an FQDN: its path is an egress proxy the stack names, any address but everywhere.
            const endpoint = cloud === "azure" ? undefined : allowed.find(e => e.cidr === cidr?.trim());
            if (peer["podSelector"] !== undefined || peer["namespaceSelector"] !== undefined || cidr === undefined) {
                out.push(`${path}.to[${j}] selects pods, not the credential endpoint`);
            } else if (cloud !== "azure" && endpoint === undefined) {
                out.push(`${path}.to[${j}] is ${cidr}, not one of ${allowed.map(e => e.cidr).join(", ")}`);
            } else {
                for (const [k, port] of ports.entries()) {
                    const number = port["port"];
                    const protocol = port["protocol"] ?? "TCP";
                    if (endpoint && (protocol !== "TCP" || typeof number !== "number" || !endpoint.ports.includes(number) || port["endPort"] !== undefined)) {
                        out.push(`${path}.ports[${k}] (${String(protocol)} ${String(number)}${port["endPort"] !== undefined ? `-${String(port["endPort"])}` : ""}) is not the endpoint's TCP ${endpoint.ports.join(", ")}`);
                    }
                }
            }
        });
    });
    return out;
}

/**
 * Findings on a NetworkPolicy about the workload-identity path: a declared one that allows more
 * than its cloud's credential endpoints, or an undeclared one whose egress reaches an endpoint.
 */
export function checkWorkloadIdentityEgress(resource: CheckedResource): string[] {
    const spec = optObject(resource.props["spec"], "spec") ?? {};
    const cloud = declaredCloud(resource.props);
    if (cloud === "unknown") {
        const purpose = CLOUDS.map(workloadIdentityPurpose).join(", ");
        return [`${subjectOf(resource)} must declare a known workload-identity path: \`${EGRESS_PURPOSE_ANNOTATION}\` is one of ${purpose}.`];
    }
    if (cloud !== undefined) {
        const wider = widerThanEndpoints(spec, cloud);
        return wider.length
            ? [`${subjectOf(resource)} must allow only the ${cloud} workload-identity credential endpoint it is declared for: ${wider.join("; ")}.`]
            : [];
    }
    const reached: string[] = [];
    optArray(spec["egress"], "spec.egress").forEach((entry, i) => {
        optArray(optObject(entry, `spec.egress[${i}]`)?.["to"], `spec.egress[${i}].to`).forEach((p, j) => {
            const block = optObject(optObject(p, `spec.egress[${i}].to[${j}]`)?.["ipBlock"], `spec.egress[${i}].to[${j}].ipBlock`);
            const cidr = optString(block?.["cidr"], `spec.egress[${i}].to[${j}].ipBlock.cidr`);
            // A /0 is reported as allowing everything; narrower ranges are judged here.
            if (cidr !== undefined && !/^[^/]+\/0+$/.test(cidr.trim())) {
                const except = optArray(block?.["except"], `spec.egress[${i}].to[${j}].ipBlock.except`).map(x => String(x));
                for (const e of endpointsIn(cidr).filter(e => !except.some(x => endpointsIn(x).includes(e)))) {
                    reached.push(`spec.egress[${i}].to[${j}] (${cidr}) reaches the ${e.cloud} credential endpoint ${e.address}`);
                }
            }
        });
    });
    return reached.length
        ? [
              `${subjectOf(resource)} must not reach a cloud credential endpoint outside the declared workload-identity path: ${reached.join("; ")}. ` +
                  "Pods there would get the node's or any workload's credentials; use HardenedNamespace `workloadIdentity` (which opens exactly the endpoint), or leave the address out (`except`).",
          ]
        : [];
}
