/**
 * The kubeconfig: the cluster user credential in exec format (kubelogin), since local accounts are
 * disabled and there is no admin certificate. kubelogin's login mode is set from the args so that
 * CI and people get tokens non-interactively. Always a secret.
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { AksKubeloginMode } from "./args";

/** Sets `--login <mode>` on every kubelogin exec user of a kubeconfig. */
export function withKubeloginMode(kubeconfig: string, mode: AksKubeloginMode): string {
    const doc = YAML.parse(kubeconfig) as { users?: { user?: { exec?: { args?: string[] } } }[] };
    for (const entry of doc.users ?? []) {
        const exec = entry.user?.exec;
        if (!exec) {
            continue;
        }
        const execArgs = [...(exec.args ?? [])];
        const i = execArgs.indexOf("--login");
        if (i >= 0 && i + 1 < execArgs.length) {
            execArgs[i + 1] = mode;
        } else {
            execArgs.push("--login", mode);
        }
        exec.args = execArgs;
    }
    return YAML.stringify(doc);
}

export function userKubeconfig(
    resourceGroupName: pulumi.Input<string>,
    cluster: containerservice.ManagedCluster,
    mode: AksKubeloginMode,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    const creds = containerservice.listManagedClusterUserCredentialsOutput(
        { resourceGroupName, resourceName: cluster.name, format: "exec" },
        { parent },
    );
    return pulumi.secret(
        creds.kubeconfigs.apply(kubeconfigs => {
            const first = kubeconfigs?.[0];
            if (!first) {
                throw new pulumi.ResourceError("AKS returned no user kubeconfig for the cluster.", parent);
            }
            return withKubeloginMode(Buffer.from(first.value, "base64").toString("utf8"), mode);
        }),
    );
}
