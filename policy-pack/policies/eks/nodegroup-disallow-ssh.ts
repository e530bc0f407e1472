/**
 * Checkov CKV_AWS_100 flags only an SSH key without source security groups; this refuses any SSH
 * key, on node groups (`remoteAccess`) and launch templates (`keyName`): node access goes through the
 * Kubernetes API (a debug pod), which RBAC governs and the audit log records.
 */
import { CheckedResource } from "../../lib/define";
import { launchTemplatePolicy } from "./launch-templates";
import { optObject } from "../../lib/read";
import { AWS_TYPES, UNKNOWN, peek, subject } from "./common";

export function checkSsh(resource: CheckedResource): string[] {
    if (resource.type === AWS_TYPES.nodeGroup) {
        const remote = optObject(resource.props["remoteAccess"], "remoteAccess");
        return remote
            ? [`${subject(resource)} must not open SSH to nodes: \`remoteAccess\` is set; remove it and reach nodes through the Kubernetes API (kubectl debug node/...).`]
            : [];
    }
    const key = peek(resource.props, "keyName");
    return key === UNKNOWN || (typeof key === "string" && key.length > 0)
        ? [`${subject(resource)} must not install an SSH key on nodes: \`keyName\` is set; remove it and reach nodes through the Kubernetes API (kubectl debug node/...).`]
        : [];
}

export const sshPolicy = launchTemplatePolicy({
    name: "eks-nodegroup-disallow-ssh",
    control: "eks-node-remote-access",
    enforcementLevel: "mandatory",
    description: "EKS nodes must not accept SSH keys.",
    also: type => type === AWS_TYPES.nodeGroup,
    check: checkSsh,
});
