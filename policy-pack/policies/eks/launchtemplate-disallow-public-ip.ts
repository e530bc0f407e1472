/** Checkov CKV_AWS_88. Instances from the template get no public IP address. */
import { CheckedResource } from "../../lib/define";
import { launchTemplatePolicy } from "./launch-templates";
import { optArray, optObject, optString } from "../../lib/read";
import { subject } from "./common";

export function checkPublicIp(resource: CheckedResource): string[] {
    const interfaces = optArray(resource.props["networkInterfaces"], "networkInterfaces");
    const offending = interfaces.filter((n, i) => {
        const nic = optObject(n, `networkInterfaces[${i}]`);
        return optString(nic?.["associatePublicIpAddress"], `networkInterfaces[${i}].associatePublicIpAddress`) === "true";
    });
    return offending.length === 0
        ? []
        : [`${subject(resource)} must not give nodes public IP addresses: \`networkInterfaces[].associatePublicIpAddress\` is "true".`];
}

export const publicIpPolicy = launchTemplatePolicy({
    name: "eks-launchtemplate-disallow-public-ip",
    control: "eks-node-private-network",
    enforcementLevel: "mandatory",
    description: "Launch templates must not associate public IP addresses.",
    check: checkPublicIp,
});
