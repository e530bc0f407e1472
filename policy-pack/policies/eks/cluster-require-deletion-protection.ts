/**
 * Not in Checkov. A cluster is deleted neither by EKS (`deletionProtection`, off by default) nor
 * by an accidental `pulumi destroy` or replacement (`protect`).
 */
import { CheckedResource, stackPolicy } from "../../lib/define";
import { optBoolean } from "../../lib/read";
import { AWS_TYPES, subject } from "./common";

export function checkClusterDeletion(resource: CheckedResource, protect: boolean): string[] {
    const out: string[] = [];
    const dp = optBoolean(resource.props["deletionProtection"], "deletionProtection");
    if (dp !== true) {
        out.push(`${subject(resource)} must have deletion protection: \`deletionProtection\` is ${dp === undefined ? "unset (off)" : "false"}; set it to true.`);
    }
    if (!protect) {
        out.push(`${subject(resource)} must be protected from deletion by Pulumi: set the resource option \`protect: true\`.`);
    }
    return out;
}

export const clusterDeletionPolicy = stackPolicy<Record<string, never>, undefined>({
    name: "eks-cluster-require-deletion-protection",
    control: "eks-deletion-protection",
    enforcementLevel: "advisory",
    description: "EKS clusters should be protected from deletion.",
    selects: type => type === AWS_TYPES.cluster,
    context: () => undefined,
    check: (resource, _context, _config, raw) => checkClusterDeletion(resource, raw.opts?.protect === true),
});
