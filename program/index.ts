/**
 * The program: the layers the stack's `hcb:stage` names (program/config.ts), on the stack's cloud.
 *   cluster   the cloud layer alone; its outputs carry everything a baseline stage needs
 *             (kubeconfig, cloud, identity, reach);
 *   baseline  the in-cluster baseline alone, against a cluster stack (StackReference) or an
 *             explicit kubeconfig, from a runner that reaches the private API;
 *   all       both in one run (the default), only when the cloud layer declares a path from the
 *             runner to the API (ReachPath other than `none`), or when the baseline is rendered
 *             to manifests instead of applied.
 * Every refusal happens before the first resource is registered, so a wrong setup ends in a clear
 * error, never in a half-built stack that times out against an unreachable API.
 * Each cloud's module is loaded only when that cloud is chosen, so a stack pays only for its own SDK.
 */
import { InvalidArgsError, Problems } from "../components/args";
import { resolveClusterBaselineArgs, ClusterBaselineArgs } from "../components/kubernetes";
import { ClusterIdentity } from "../components/kubernetes/identities";
import { baselineArgsOf, checkBaselineConfig, checkRenderable, deployBaseline, renderProvider, targetProvider } from "./baseline";
import { CONFIG_NAMESPACE, StackConfig, readStackConfig } from "./config";
import { checkDeployer } from "./deployer";
import { identityOfCluster, identityOfConfig } from "./identity";
import { declareStackLayers, layersOf } from "./stage";
import { Cloud, CloudModule, DeployedCluster, NO_REACH_DECLARED, ReachPath } from "./types";

/** Each cloud's module (loaded only when that cloud is chosen) and its deploy function. */
const CLOUD_MODULES: Readonly<Record<Cloud, { readonly file: string; readonly deploy: string }>> = {
    aws: { file: "aws", deploy: "deployEks" },
    gcp: { file: "gcp", deploy: "deployGke" },
    azure: { file: "azure", deploy: "deployAks" },
};

/** The cloud's module; one without `reachOf` declares no path (NO_REACH_DECLARED): staged runs only. */
export function cloudModule(cloud: Cloud): CloudModule & { readonly declaresReach: boolean } {
    const m = require(`./${CLOUD_MODULES[cloud].file}`) as Partial<CloudModule> & Record<string, unknown>;
    const deploy = m[CLOUD_MODULES[cloud].deploy] as CloudModule["deploy"];
    return { deploy, reachOf: m.reachOf ?? (() => NO_REACH_DECLARED), declaresReach: typeof m.reachOf === "function" };
}

/** What each cloud offers when the runner cannot reach the API (README "Reaching a private cluster"). */
const REACH_OPTIONS: Readonly<Record<Cloud, string>> = {
    gcp: "GKE: the DNS-based control-plane endpoint (IAM-gated, reachable from anywhere; `dnsEndpoint: true` in `hcb:cluster`)",
    aws: "EKS: admit the runner's security group or private CIDR to 443 on the cluster security group and run from inside the VPC, with the kubeconfig assuming a deployer role that has an access entry",
    azure: "AKS: bootstrap the baseline through the cluster's GitOps (Flux) extension, or run from a runner inside the VNet",
};

/**
 * The refusal of a one-run stack whose runner cannot reach the new cluster's private API, naming
 * the options. Thrown before anything is registered.
 */
export function unreachableError(cloud: Cloud, reach: ReachPath): Error {
    return new Error(
        `\`${CONFIG_NAMESPACE}:stage\` is "all" (the default), which applies the in-cluster baseline in the same run as the cluster, ` +
            `but the ${cloud} cluster declares no path from this runner to its private API (reach: ${reach.kind}: ${reach.detail}); ` +
            "the run would build the cluster and then time out on the baseline. Nothing was created. Options:\n" +
            `- a staged run: set \`${CONFIG_NAMESPACE}:stage: cluster\` here, and apply the baseline from a runner inside the network in a second stack with ` +
            `\`${CONFIG_NAMESPACE}:stage: baseline\`, \`${CONFIG_NAMESPACE}:clusterStack: <org>/<project>/<this stack>\` and \`${CONFIG_NAMESPACE}:identity\` (this stack's \`identity\` output);\n` +
            `- declare the cloud's reach path in \`${CONFIG_NAMESPACE}:cluster\`: ${REACH_OPTIONS[cloud]};\n` +
            `- render the baseline to manifests for a GitOps tool with \`${CONFIG_NAMESPACE}:renderYamlTo: <directory>\`.`,
    );
}

/**
 * Validates `hcb:baseline` as ClusterBaseline would, before the cloud layer registers anything:
 * every problem but the provider's (which only exists once the cluster does).
 */
function prevalidateBaseline(baseline: Record<string, unknown>, cloud: Cloud, identity: ClusterIdentity): void {
    try {
        resolveClusterBaselineArgs(baselineArgsOf(baseline, cloud, identity) as unknown as ClusterBaselineArgs);
    } catch (e) {
        if (!(e instanceof InvalidArgsError)) {
            throw e;
        }
        const problems = new Problems();
        problems.addAll(e.problems.filter(p => !p.startsWith("`provider`")));
        problems.throwIfAny(`\`${CONFIG_NAMESPACE}:baseline\` (ClusterBaseline)`);
    }
}

function deployClusterStage(config: StackConfig, withBaseline: boolean): Record<string, unknown> {
    const cloud = cloudModule(config.cloud);
    const identity = identityOfCluster(config.cloud, config.cluster);
    let deployer: unknown;
    if (withBaseline) {
        checkBaselineConfig(config.baseline);
        const reach = cloud.reachOf(config.cluster);
        if (reach.kind === "none" && config.renderYamlTo === undefined) {
            throw unreachableError(config.cloud, reach);
        }
        if (reach.kind === "gitops" && config.renderYamlTo === undefined) {
            // The runner has no path to the API: Flux applies what is in Git, so the baseline is rendered, not applied (aks helper).
            throw new Error(
                `\`${CONFIG_NAMESPACE}:cluster\` delivers the baseline through GitOps (reach: gitops: ${reach.detail}), but \`${CONFIG_NAMESPACE}:renderYamlTo\` is unset, ` +
                    "so the baseline would be applied live to an API this runner cannot reach. Nothing was created. Set " +
                    `\`${CONFIG_NAMESPACE}:renderYamlTo\` to the directory Flux reads (the \`gitops.path\` of the repository), and commit what it renders.`,
            );
        }
        prevalidateBaseline(config.baseline, config.cloud, identity);
        checkRenderable(config.baseline, config.renderYamlTo);
        // Applied live (not rendered), the baseline is created as the deployer: refuse one that cannot create it.
        deployer = checkDeployer(config.cloud, config.deployer, config.cluster, config.renderYamlTo === undefined && reach.kind !== "gitops");
    } else {
        deployer = checkDeployer(config.cloud, undefined, config.cluster, false);
    }
    declareStackLayers(layersOf(config.stage));
    const cluster: DeployedCluster = cloud.deploy(config.cluster, withBaseline ? config.baseline : undefined);
    const outputs: Record<string, unknown> = {
        ...cluster.outputs,
        kubeconfig: cluster.kubeconfig,
        cloud: config.cloud,
        stage: config.stage,
        identity,
        reach: { kind: cluster.reach.kind, detail: cluster.reach.detail },
        // Who the kubeconfig applies the baseline as (EKS), or as the stack declares it: a baseline stage copies it to `hcb:deployer`.
        ...(deployer !== undefined ? { deployer } : {}),
    };
    if (!withBaseline) {
        return outputs;
    }
    const provider = config.renderYamlTo !== undefined ? renderProvider(cluster.kubeconfig, config.renderYamlTo) : cluster.provider;
    return { ...outputs, ...deployBaseline(config.baseline, provider, config.cloud, identity) };
}

function deployBaselineStage(config: StackConfig): Record<string, unknown> {
    checkBaselineConfig(config.baseline);
    const identity = identityOfConfig(config.cloud, config.identity);
    prevalidateBaseline(config.baseline, config.cloud, identity);
    checkRenderable(config.baseline, config.renderYamlTo);
    checkDeployer(config.cloud, config.deployer, undefined, config.renderYamlTo === undefined);
    declareStackLayers(layersOf(config.stage));
    const provider = targetProvider(config.target!, config.cloud, identity, config.renderYamlTo);
    return { cloud: config.cloud, stage: config.stage, identity, ...deployBaseline(config.baseline, provider, config.cloud, identity) };
}

/** Builds the stack's layers and returns its outputs. */
export function deployProgram(): Record<string, unknown> {
    const config = readStackConfig();
    switch (config.stage) {
        case "cluster":
            return deployClusterStage(config, false);
        case "all":
            return deployClusterStage(config, true);
        case "baseline":
            return deployBaselineStage(config);
    }
}
