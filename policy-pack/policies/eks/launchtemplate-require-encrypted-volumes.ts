/**
 * Node volumes are encrypted. A template that declares no EBS volume leaves the root volume to
 * the AMI and the account default, which is unencrypted unless someone turned it on (pulumi-eks#388).
 */
import { CheckedResource, resourcePolicy } from "../../lib/define";
import { MalformedValueError, optArray, optObject } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

function isTrue(value: unknown, path: string): boolean {
    if (value === undefined || value === null) return false;
    if (value === "true" || value === true) return true;
    if (value === "false" || value === false) return false;
    throw new MalformedValueError(path, '"true" or "false"', value);
}

export function checkEncryptedVolumes(resource: CheckedResource): string[] {
    const mappings = optArray(resource.props["blockDeviceMappings"], "blockDeviceMappings");
    const unencrypted: string[] = [];
    let encrypted = 0;
    mappings.forEach((m, i) => {
        const mapping = optObject(m, `blockDeviceMappings[${i}]`);
        const ebs = optObject(mapping?.["ebs"], `blockDeviceMappings[${i}].ebs`);
        if (!ebs) return;
        if (isTrue(ebs["encrypted"], `blockDeviceMappings[${i}].ebs.encrypted`)) {
            encrypted++;
        } else {
            unencrypted.push(typeof mapping?.["deviceName"] === "string" ? (mapping["deviceName"] as string) : `blockDeviceMappings[${i}]`);
        }
    });
    if (unencrypted.length > 0) {
        return [`${subject(resource)} must encrypt every node volume: ${unencrypted.join(", ")} ${unencrypted.length === 1 ? "has" : "have"} \`ebs.encrypted\` unset or false.`];
    }
    return encrypted === 0
        ? [`${subject(resource)} must encrypt every node volume: it declares no EBS volume, so the root volume follows the account default; add the root device with \`ebs.encrypted: "true"\`.`]
        : [];
}

export const encryptedVolumesPolicy = resourcePolicy({
    name: "eks-launchtemplate-require-encrypted-volumes",
    control: "eks-node-volume-encryption",
    enforcementLevel: "mandatory",
    description: "Launch templates must declare encrypted EBS volumes.",
    types: [AWS_TYPES.launchTemplate],
    check: checkEncryptedVolumes,
});
