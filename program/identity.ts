/**
 * How the cluster names people, for the in-cluster layer's subject checks: derived from the cloud
 * layer's plain settings (`hcb:cluster`) in a stack that holds the cluster, or read from
 * `hcb:identity` in a baseline-only stack (where the cluster stack's `identity` output is copied).
 * Plain values only, so every subject is checked before anything is registered.
 */
import { Problems } from "../components/args";
import { ClusterIdentity, checkClusterIdentity } from "../components/kubernetes/identities";
import { CONFIG_NAMESPACE } from "./config";
import { Cloud } from "./types";

/**
 * The identity of the cluster `cluster` (the `hcb:cluster` object) builds. Malformed settings are
 * left to the cloud component's resolver, which names them; this reads only well-formed ones.
 */
export function identityOfCluster(cloud: Cloud, cluster: Readonly<Record<string, unknown>>): ClusterIdentity {
    switch (cloud) {
        case "aws": {
            // The EKS component's own rule (its resolver applies the identity provider's default
            // prefixes, and throws InvalidArgsError naming every wrong field, as EksCluster would).
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const { eksSubjectNames, resolveEksArgs } = require("../components/aws") as typeof import("../components/aws");
            return eksSubjectNames(resolveEksArgs("eks", cluster as Record<string, unknown>));
        }
        case "gcp": {
            const group = cluster["rbacSecurityGroup"];
            return typeof group === "string" ? { cloud, securityGroup: group } : { cloud };
        }
        case "azure":
            return { cloud };
    }
}

/** `hcb:identity` of a baseline-only stack, checked against `hcb:cloud`. */
export function identityOfConfig(cloud: Cloud, value: unknown): ClusterIdentity {
    const problems = new Problems();
    const path = `${CONFIG_NAMESPACE}:identity`;
    const identity = checkClusterIdentity(problems, value, path);
    if (identity !== undefined && identity.cloud !== cloud) {
        problems.add(`\`${path}.cloud\` is ${JSON.stringify(identity.cloud)} but \`${CONFIG_NAMESPACE}:cloud\` is ${JSON.stringify(cloud)}: copy the cluster stack's \`identity\` output.`);
    }
    problems.throwIfAny("The stack config");
    return identity!;
}
