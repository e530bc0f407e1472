/**
 * The network an add-on's namespace needs beside its default deny: the API server (every operator
 * watches it; webhooks are called by it) and, for some, a service outside the cluster (a secret
 * manager, a registry). Addresses are the user's to give: private endpoints have no public IP to guess.
 */
import { Problems, checkCidr, checkReason } from "../args";
import { AllowRule, Anywhere, PortArgs } from "../network-rules";

/** Where the API server's endpoints are: the control plane's CIDRs and port. */
export interface ApiServerArgs {
    /**
     * The CIDRs the API server's endpoints (and webhook callers) use: EKS control-plane subnets,
     * GKE `masterIpv4CidrBlock`, the AKS API server subnet, or the control-plane nodes.
     */
    readonly cidrs: readonly string[];
    /** @default 443 (managed clouds; self-managed control planes listen on 6443) */
    readonly port?: number;
}

/** Addresses outside the cluster: CIDRs (private endpoints), or everywhere with a reason. */
export type ExternalArgs = { readonly cidrs: readonly string[] } | Anywhere;

export function checkApiServer(problems: Problems, api: unknown, path: string): api is ApiServerArgs {
    const a = api && typeof api === "object" ? (api as Record<string, unknown>) : undefined;
    if (!a || !Array.isArray(a["cidrs"]) || a["cidrs"].length === 0) {
        problems.add(`\`${path}.cidrs\` must list the API server's CIDRs (e.g. the control-plane subnets): the add-on's namespace denies everything else.`);
        return false;
    }
    const before = problems.messages.length;
    (a["cidrs"] as unknown[]).forEach((c, i) => checkCidr(problems, c, `${path}.cidrs[${i}]`));
    const port = a["port"];
    if (port !== undefined && (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)) {
        problems.add(`\`${path}.port\` must be a port number, e.g. 443 or 6443.`);
    }
    return problems.messages.length === before;
}

export function checkExternal(problems: Problems, ext: unknown, path: string, example: string): ext is ExternalArgs {
    const e = ext && typeof ext === "object" ? (ext as Record<string, unknown>) : undefined;
    if (e && "anywhere" in e) {
        const a = e["anywhere"];
        return checkReason(problems, a && typeof a === "object" ? (a as Record<string, unknown>)["reason"] : undefined, `${path}.anywhere.reason`);
    }
    if (!e || !Array.isArray(e["cidrs"]) || e["cidrs"].length === 0) {
        problems.add(`\`${path}\` must be { cidrs: [...] } (${example}) or { anywhere: { reason } }: the namespace denies egress by default.`);
        return false;
    }
    const before = problems.messages.length;
    (e["cidrs"] as unknown[]).forEach((c, i) => checkCidr(problems, c, `${path}.cidrs[${i}]`));
    return problems.messages.length === before;
}

/** Egress from every pod of the namespace to the API server. */
export function apiServerEgressRules(api: ApiServerArgs): AllowRule[] {
    return api.cidrs.map((cidr, i) => ({ name: `api-server-${i}`, from: { pods: {} }, to: { cidr }, ports: [{ port: api.port ?? 443 }] }));
}

/** Ingress from the API server to a webhook's pods. */
export function webhookIngressRules(api: ApiServerArgs, name: string, pods: Readonly<Record<string, string>>, port: number): AllowRule[] {
    return api.cidrs.map((cidr, i) => ({ name: `${name}-${i}`, from: { cidr }, to: { pods }, ports: [{ port }] }));
}

/** Egress from some pods to an external service. */
export function externalEgressRules(ext: ExternalArgs, name: string, pods: Readonly<Record<string, string>>, ports: readonly PortArgs[]): AllowRule[] {
    if ("anywhere" in ext) {
        return [{ name, from: { pods }, to: ext, ports }];
    }
    return ext.cidrs.map((cidr, i) => ({ name: `${name}-${i}`, from: { pods }, to: { cidr }, ports }));
}
