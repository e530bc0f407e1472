/**
 * Node volumes are encrypted. A template that declares no EBS volume leaves the root volume to
 * the AMI and the account default, which is unencrypted unless someone turned it on (pulumi-eks#388).
 */
import { CheckedResource } from "../../lib/define";
import { launchTemplatePolicy } from "./launch-templates";
import { MalformedValueError, optArray, optObject } from "../../lib/read";
import { subject } from "./common";

function isTrue(value: unknown, path: string): boolean {
    if (value === undefined || value === null) return false;
    if (value === "true" || value === true) return true;
    if (value === "false" || value === false) return false;
    throw new MalformedValueError(path, '"true" or "false"', value);
}

export interface EncryptedVolumesConfig {
    /** The root device names of the node AMIs: the root volume must be declared and encrypted. */
    readonly rootDeviceNames: readonly string[];
}

/** AL2023 and Bottlerocket (the AMI types the pack allows) boot from /dev/xvda. */
const ROOT_DEVICE_NAMES = ["/dev/xvda"];

export function checkEncryptedVolumes(resource: CheckedResource, config: EncryptedVolumesConfig = { rootDeviceNames: ROOT_DEVICE_NAMES }): string[] {
    const mappings = optArray(resource.props["blockDeviceMappings"], "blockDeviceMappings");
    const unencrypted: string[] = [];
    let encrypted = 0;
    let rootEncrypted = false;
    const roots = config.rootDeviceNames ?? ROOT_DEVICE_NAMES;
    mappings.forEach((m, i) => {
        const mapping = optObject(m, `blockDeviceMappings[${i}]`);
        const ebs = optObject(mapping?.["ebs"], `blockDeviceMappings[${i}].ebs`);
        if (!ebs) return;
        if (isTrue(ebs["encrypted"], `blockDeviceMappings[${i}].ebs.encrypted`)) {
            encrypted++;
            rootEncrypted ||= typeof mapping?.["deviceName"] === "string" && roots.includes(mapping["deviceName"] as string);
        } else {
            unencrypted.push(typeof mapping?.["deviceName"] === "string" ? (mapping["deviceName"] as string) : `blockDeviceMappings[${i}]`);
        }
    });
    if (unencrypted.length > 0) {
        return [`${subject(resource)} must encrypt every node volume: ${unencrypted.join(", ")} ${unencrypted.length === 1 ? "has" : "have"} \`ebs.encrypted\` unset or false.`];
    }
    if (encrypted === 0) {
        return [`${subject(resource)} must encrypt every node volume: it declares no EBS volume, so the root volume follows the account default; add the root device with \`ebs.encrypted: "true"\`.`];
    }
    return rootEncrypted
        ? []
        : [`${subject(resource)} must encrypt every node volume: the root device (${roots.join(" or ")}) is not declared, so it follows the AMI and the account default; declare it with \`ebs.encrypted: "true"\` (or set rootDeviceNames for another AMI).`];
}

export const encryptedVolumesPolicy = launchTemplatePolicy<EncryptedVolumesConfig>({
    name: "eks-launchtemplate-require-encrypted-volumes",
    control: "eks-node-volume-encryption",
    enforcementLevel: "mandatory",
    description: "Launch templates must declare encrypted EBS volumes.",
    config: {
        rootDeviceNames: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: ROOT_DEVICE_NAMES,
            description: "Root device names of the node AMIs (AL2023 and Bottlerocket: /dev/xvda).",
        },
    },
    check: checkEncryptedVolumes,
});
