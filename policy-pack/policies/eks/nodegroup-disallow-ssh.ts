/**
 * Checkov CKV_AWS_100 flags only an SSH key without source security groups; this refuses any SSH
 * key, on node groups (`remoteAccess`) and launch templates (`keyName`): use SSM Session Manager.
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { optObject } from "../../lib/read";
import { AWS_TYPES, UNKNOWN, peek, subject } from "./common";

export function checkSsh(resource: CheckedResource): string[] {
    if (resource.type === AWS_TYPES.nodeGroup) {
        const remote = optObject(resource.props["remoteAccess"], "remoteAccess");
        return remote
            ? [`${subject(resource)} must not open SSH to nodes: \`remoteAccess\` is set; remove it and use SSM Session Manager.`]
            : [];
    }
    const key = peek(resource.props, "keyName");
    return key === UNKNOWN || (typeof key === "string" && key.length > 0)
        ? [`${subject(resource)} must not install an SSH key on nodes: \`keyName\` is set; remove it and use SSM Session Manager.`]
        : [];
}

export const sshPolicy = resourcePolicy({
    name: "eks-nodegroup-disallow-ssh",
    control: "eks-node-remote-access",
    enforcementLevel: "mandatory",
    description: "EKS nodes must not accept SSH keys.",
    types: [AWS_TYPES.nodeGroup, AWS_TYPES.launchTemplate],
    check: checkSsh,
});
