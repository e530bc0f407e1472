/**
 * The stack config the program reads, all under the `hcb` namespace:
 *   hcb:cloud         aws | gcp | azure
 *   hcb:stage         cluster | baseline | all (default all): the layers this stack holds
 *   hcb:cluster       the cloud component's arguments (EksClusterArgs, GkeClusterArgs, AksClusterArgs);
 *                     stages cluster and all
 *   hcb:baseline      the in-cluster ClusterBaseline's arguments; stages baseline and all
 *   hcb:clusterStack  stage baseline: the cluster stack ("<org>/<project>/<stack>") whose outputs
 *                     (kubeconfig, cloud, identity) the baseline runs against
 *   hcb:kubeconfig    stage baseline, instead of hcb:clusterStack: the cluster's kubeconfig (a secret)
 *   hcb:identity      stage baseline: how the cluster names people (the cluster stack's `identity`
 *                     output), so RBAC subjects are checked before anything is registered
 *   hcb:deployer      stages baseline and all: who applies the baseline and how the cluster authorizes
 *                     it ({ principal, access, scope }, program/deployer.ts); refused when it cannot
 *                     create the baseline's cluster-scoped objects
 *   hcb:renderYamlTo  stages baseline and all: render the baseline to manifests in this directory
 *                     (for a GitOps tool) instead of applying it to the cluster
 * Structured values are validated by the components they feed, which name the field and the fix.
 * Everything here is checked before the program registers any resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "./types";

export const CONFIG_NAMESPACE = "hcb";
const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

/** The layers a stack holds: the cluster alone, the baseline alone (against another stack's cluster), or both. */
export type Stage = "cluster" | "baseline" | "all";
export const STAGES: readonly Stage[] = ["cluster", "baseline", "all"];
/** A stack that says nothing holds both layers: the strict default, never a cluster without its baseline. */
export const DEFAULT_STAGE: Stage = "all";

/** Where a baseline-only stack finds its cluster. */
export type ClusterTarget =
    | { readonly kind: "stack"; readonly stack: string }
    | { readonly kind: "kubeconfig"; readonly kubeconfig: pulumi.Output<string> };

export interface StackConfig {
    readonly cloud: Cloud;
    readonly stage: Stage;
    /** `hcb:cluster` (stages cluster and all). */
    readonly cluster: Record<string, unknown>;
    /** `hcb:baseline` (stages baseline and all). */
    readonly baseline: Record<string, unknown>;
    /** Stage baseline only. */
    readonly target?: ClusterTarget;
    /** `hcb:identity` as written (stage baseline); validated by the program against the cloud. */
    readonly identity?: unknown;
    /** `hcb:renderYamlTo`. */
    readonly renderYamlTo?: string;
    /** `hcb:deployer` as written (stages baseline and all); checked by program/deployer.ts. */
    readonly deployer?: unknown;
}

/** Every `hcb:` key the program reads; any other is refused (a misspelt key would be ignored silently otherwise). */
export const CONFIG_KEYS: readonly string[] = ["cloud", "stage", "cluster", "baseline", "clusterStack", "kubeconfig", "identity", "deployer", "renderYamlTo"];

const key = (k: string) => `\`${CONFIG_NAMESPACE}:${k}\``;

function objectOf(config: pulumi.Config, name: string): Record<string, unknown> | undefined {
    const value = config.getObject<unknown>(name);
    if (value === undefined) {
        return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`${key(name)} must be an object of settings in the stack file.`);
    }
    return value as Record<string, unknown>;
}

/** The fully qualified stack name Pulumi's StackReference takes: <org>/<project>/<stack>. */
const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Reads and checks the stack's `hcb:*` config; every mistake is an error naming the key and the fix. */
export function readStackConfig(): StackConfig {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const cloud = config.get("cloud");
    if (!CLOUDS.includes(cloud as Cloud)) {
        throw new Error(
            `${key("cloud")} must be one of ${CLOUDS.join(", ")}${cloud === undefined ? "" : `, not ${JSON.stringify(cloud)}`}: ` +
                `set it in stacks/Pulumi.<stack>.yaml or with \`pulumi config set ${CONFIG_NAMESPACE}:cloud aws\`.`,
        );
    }
    const stage = (config.get("stage") ?? DEFAULT_STAGE) as Stage;
    if (!STAGES.includes(stage)) {
        throw new Error(
            `${key("stage")} must be one of ${STAGES.join(", ")}, not ${JSON.stringify(stage)}: "cluster" builds the cluster alone, ` +
                `"baseline" runs the in-cluster baseline against a cluster stack, "all" (the default) both in one run.`,
        );
    }
    const problems: string[] = [];
    // The engine hands the program every config key as "<namespace>:<key>" (pulumi.runtime.allConfig).
    for (const full of Object.keys(pulumi.runtime.allConfig())) {
        const name = full.startsWith(`${CONFIG_NAMESPACE}:`) ? full.slice(CONFIG_NAMESPACE.length + 1) : undefined;
        if (name !== undefined && !CONFIG_KEYS.includes(name)) {
            problems.push(`${key(name)} is not a setting of the program: use one of ${CONFIG_KEYS.map(k => key(k)).join(", ")} (a misspelt key would otherwise be ignored).`);
        }
    }
    const cluster = objectOf(config, "cluster");
    const baseline = objectOf(config, "baseline");
    const clusterStack = config.get("clusterStack");
    const hasKubeconfig = config.get("kubeconfig") !== undefined;
    const identity = config.getObject<unknown>("identity");
    const renderYamlTo = config.get("renderYamlTo");
    const deployer = config.getObject<unknown>("deployer");

    if (stage === "cluster") {
        if (baseline !== undefined) {
            problems.push(`${key("baseline")} is set but ${key("stage")} is "cluster": this stack holds no in-cluster resources. Move the baseline to its own stack with \`hcb:stage: baseline\`, or set \`hcb:stage: all\`.`);
        }
        if (renderYamlTo !== undefined) {
            problems.push(`${key("renderYamlTo")} renders the baseline, which a "cluster" stage does not hold: remove it.`);
        }
        if (deployer !== undefined) {
            problems.push(`${key("deployer")} is who applies the baseline, which a "cluster" stage does not hold: declare it in the baseline stage.`);
        }
    }
    if (stage === "baseline") {
        if (cluster !== undefined) {
            problems.push(`${key("cluster")} is set but ${key("stage")} is "baseline": the cluster belongs to its own stack (\`hcb:stage: cluster\`). Remove it here and name that stack in ${key("clusterStack")}.`);
        }
        if ((clusterStack === undefined) === !hasKubeconfig) {
            problems.push(
                `a "baseline" stage needs exactly one of ${key("clusterStack")} (the cluster stack, "<org>/<project>/<stack>", read through a StackReference) ` +
                    `or ${key("kubeconfig")} (the cluster's kubeconfig, set with \`pulumi config set --secret ${CONFIG_NAMESPACE}:kubeconfig\`)${clusterStack !== undefined ? ", not both" : ""}.`,
            );
        }
        if (clusterStack !== undefined && !STACK_NAME.test(clusterStack)) {
            problems.push(`${key("clusterStack")} must be the fully qualified cluster stack "<org>/<project>/<stack>", not ${JSON.stringify(clusterStack)}.`);
        }
        if (identity === undefined) {
            problems.push(
                `${key("identity")} is required in a "baseline" stage: it says how the cluster names people, so RBAC subjects are checked before anything is created. ` +
                    `Copy the cluster stack's \`identity\` output (\`pulumi stack output identity --stack <cluster stack>\`), e.g. { cloud: gcp, securityGroup: gke-security-groups@example.com }.`,
            );
        }
    } else {
        for (const k of ["clusterStack", "kubeconfig", "identity"]) {
            if (config.get(k) !== undefined) {
                problems.push(
                    `${key(k)} is only read in a "baseline" stage${k === "identity" ? " (otherwise the identity comes from " + key("cluster") + ")" : ""}, and ${key("stage")} is ${JSON.stringify(stage)}: remove it.`,
                );
            }
        }
    }
    if (renderYamlTo !== undefined && renderYamlTo.trim().length === 0) {
        problems.push(`${key("renderYamlTo")} must be a directory path for the rendered manifests, e.g. "rendered/baseline".`);
    }
    if (problems.length > 0) {
        throw new Error(`The stack config is not valid:\n${problems.map(p => `- ${p}`).join("\n")}`);
    }
    const target: ClusterTarget | undefined =
        stage !== "baseline" ? undefined : clusterStack !== undefined ? { kind: "stack", stack: clusterStack } : { kind: "kubeconfig", kubeconfig: config.requireSecret("kubeconfig") };
    return {
        cloud: cloud as Cloud,
        stage,
        cluster: cluster ?? {},
        baseline: baseline ?? {},
        ...(target ? { target } : {}),
        ...(identity !== undefined ? { identity } : {}),
        ...(renderYamlTo !== undefined ? { renderYamlTo } : {}),
        ...(deployer !== undefined ? { deployer } : {}),
    };
}
