/**
 * What a subscription must have registered before this configuration deploys, each with the exact
 * command. Feature registration is per subscription, takes minutes, and cannot be checked at
 * preview through a stable API, so it is listed (a stack output and the README) rather than guessed.
 */
import { ResolvedAksClusterArgs } from "./resolve";

export interface AksPrerequisite {
    /** What needs it. */
    readonly why: string;
    /** The command that registers it; `az feature show` / `az provider show` confirm the state. */
    readonly command: string;
    /** Where Microsoft documents it. */
    readonly source: string;
}

export function prerequisitesOf(args: ResolvedAksClusterArgs): AksPrerequisite[] {
    const out: AksPrerequisite[] = [];
    if (args.encryptionAtHost) {
        out.push({
            why: "encryption at host on every node pool",
            command: "az feature register --namespace Microsoft.Compute --name EncryptionAtHost && az provider register --namespace Microsoft.Compute",
            source: "MS docs enable-host-encryption.md, Prerequisites",
        });
    }
    if (args.sshPublicKey === undefined) {
        out.push({
            why: "SSH disabled on every node pool (securityProfile.sshAccess: Disabled), still a preview feature",
            command: "az feature register --namespace Microsoft.ContainerService --name DisableSSHPreview && az provider register --namespace Microsoft.ContainerService",
            source: "MS docs manage-ssh-node-access.md, Prerequisites (disabled SSH)",
        });
    }
    if (args.gitops) {
        out.push({
            why: "the Flux GitOps extension",
            command: "az provider register --namespace Microsoft.KubernetesConfiguration --wait",
            source: "MS docs deploy-extensions-az-cli.md, Prerequisites",
        });
    }
    return out;
}
