/**
 * CIS AKS 5.4.3, CKV_AZURE_143: no node has a public IP. Checkov reads only the first pool; this
 * reads every `agentPoolProfiles[*]` and every separate AgentPool.
 */
import { optBoolean } from "../../lib/read";
import { NodePool, at, nodePoolPolicy } from "./resources";

export function checkNodePublicIp(pool: NodePool): string[] {
    const path = at(pool.path, "enableNodePublicIP");
    return optBoolean(pool.props["enableNodePublicIP"], path) === true ? [`has \`${path}\` true`] : [];
}

export const nodePublicIpPolicy = nodePoolPolicy({
    name: "aks-node-pool-disallow-public-ip",
    control: "aks-node-no-public-ip",
    enforcementLevel: "mandatory",
    description: "No AKS node pool gives its nodes public IP addresses.",
    rule: "give no node a public IP",
    check: checkNodePublicIp,
});
