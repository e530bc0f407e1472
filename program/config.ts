/**
 * The stack config the program reads, all under the `hcb` namespace:
 *   hcb:cloud     aws | gcp | azure
 *   hcb:cluster   the cloud component's arguments (EksClusterArgs, GkeClusterArgs, AksClusterArgs)
 *   hcb:baseline  the in-cluster ClusterBaseline's arguments
 * Structured values are validated by the components they feed, which name the field and the fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "./types";

export const CONFIG_NAMESPACE = "hcb";
const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

export interface StackConfig {
    readonly cloud: Cloud;
    readonly cluster: Record<string, unknown>;
    readonly baseline: Record<string, unknown>;
}

function objectOf(config: pulumi.Config, key: string): Record<string, unknown> {
    const value = config.getObject<unknown>(key) ?? {};
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`\`${CONFIG_NAMESPACE}:${key}\` must be an object of settings in the stack file.`);
    }
    return value as Record<string, unknown>;
}

export function readStackConfig(): StackConfig {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const cloud = config.get("cloud");
    if (!CLOUDS.includes(cloud as Cloud)) {
        throw new Error(
            `\`${CONFIG_NAMESPACE}:cloud\` must be one of ${CLOUDS.join(", ")}${cloud === undefined ? "" : `, not ${JSON.stringify(cloud)}`}: ` +
                `set it in stacks/Pulumi.<stack>.yaml or with \`pulumi config set ${CONFIG_NAMESPACE}:cloud aws\`.`,
        );
    }
    return { cloud: cloud as Cloud, cluster: objectOf(config, "cluster"), baseline: objectOf(config, "baseline") };
}
