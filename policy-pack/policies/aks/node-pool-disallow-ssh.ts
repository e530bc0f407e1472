/**
 * Nodes accept no SSH (`securityProfile.sshAccess: Disabled`): an SSH key is a static credential to
 * a node, outside Entra ID and the audit log. Unset means LocalUser (SSH on). Windows pools have no
 * SSH setting and are skipped.
 */
import { optString } from "../../lib/read";
import { NodePool, at, isWindowsPool, nodePoolPolicy, objAt } from "./resources";

export function checkNodeSsh(pool: NodePool): string[] {
    if (isWindowsPool(pool)) {
        return [];
    }
    const path = at(pool.path, "securityProfile.sshAccess");
    const security = objAt(pool.props, "securityProfile", at(pool.path, "securityProfile"));
    const value = optString(security?.["sshAccess"], path);
    return value === "Disabled" ? [] : [`has \`${path}\` ${value === undefined ? "unset (SSH on)" : JSON.stringify(value)}`];
}

export const nodeSshPolicy = nodePoolPolicy({
    name: "aks-node-pool-disallow-ssh",
    control: "aks-node-access",
    enforcementLevel: "mandatory",
    description: "Every AKS Linux node pool has SSH access disabled.",
    rule: "disable SSH to nodes",
    check: checkNodeSsh,
});
