/**
 * The in-cluster layer: the stack's `hcb:baseline` object as ClusterBaseline arguments (validated
 * there), on a provider for the target cluster: the cluster this stack creates (stage all), or one
 * from another stack (stage baseline, through a StackReference or an explicit kubeconfig), or a
 * provider that renders manifests to a directory instead of applying them (`hcb:renderYamlTo`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ClusterBaseline, ClusterBaselineArgs } from "../components/kubernetes";
import { ClusterIdentity } from "../components/kubernetes/identities";
import { CONFIG_NAMESPACE, ClusterTarget } from "./config";
import { Cloud } from "./types";

/**
 * The baseline's add-ons that ClusterBaseline installs as `helm.v3.Release`, with what each is.
 * The Kubernetes provider cannot render a Release to manifests (pulumi/pulumi-kubernetes#1716,
 * "Helm release should support render_yaml_to_directory feature", open): in render mode the
 * Release would be sent to a cluster that is not there, or nowhere, so `hcb:renderYamlTo` refuses
 * them by name. The add-on components (not the program) decide how they install; a Chart
 * (`helm.v3.Chart`/`helm.v4.Chart`, which renders as plain manifests) would lose Helm's release
 * record and `atomic` rollback, and Pulumi's Chart support of Helm hooks is limited
 * (pulumi/pulumi-kubernetes#555, #1454), so the program refuses rather than switching kinds.
 */
export const RELEASE_ADDONS: Readonly<Record<string, string>> = {
    externalSecrets: "External Secrets Operator",
    imageVerification: "Kyverno",
    runtimeDetection: "Falco, on by default",
    meshMtls: "Istio",
};

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The add-ons `hcb:baseline` installs as Helm releases, by ClusterBaseline's rules
 * (components/kubernetes/cluster-baseline.ts): External Secrets and Kyverno when configured, Falco
 * unless `optOuts.runtimeDetection` names a reason (it is on by default, with no setting), Istio
 * when `meshMtls.mesh` is "istio" (Linkerd is only declared, not installed).
 */
export function releaseAddonsOf(baseline: Readonly<Record<string, unknown>>): string[] {
    const optOuts = isObject(baseline["optOuts"]) ? baseline["optOuts"] : {};
    const mesh = baseline["meshMtls"];
    return Object.keys(RELEASE_ADDONS).filter(k => {
        switch (k) {
            case "runtimeDetection":
                return baseline[k] !== undefined || optOuts[k] === undefined;
            case "meshMtls":
                return isObject(mesh) && mesh["mesh"] === "istio";
            default:
                return baseline[k] !== undefined;
        }
    });
}

/** Refuses, before anything is registered, a baseline that cannot be rendered; `baseline` is `hcb:baseline`. */
export function checkRenderable(baseline: Readonly<Record<string, unknown>>, renderYamlTo: string | undefined): void {
    if (renderYamlTo === undefined) {
        return;
    }
    if ("provider" in baseline) {
        return; // reported by deployBaseline
    }
    const releases = releaseAddonsOf(baseline);
    if (releases.length > 0) {
        throw new Error(
            `\`${CONFIG_NAMESPACE}:renderYamlTo\` cannot render ${releases.map(k => `\`${CONFIG_NAMESPACE}:baseline.${k}\` (${RELEASE_ADDONS[k]})`).join(", ")}: ` +
                "these add-ons are Helm releases, which the Kubernetes provider does not render (pulumi/pulumi-kubernetes#1716). Nothing was created. " +
                "Install them through your GitOps tool's Helm support (e.g. a Flux HelmRelease next to the rendered baseline) and, in `hcb:baseline`, replace each by its opt-out naming where it is installed: " +
                releases.map(k => `\`optOuts.${k}: { reason: "<where the GitOps tool installs it>" }\``).join(", ") +
                " (the pack reports each opt-out with its reason); or apply the baseline with a live provider (remove `renderYamlTo`).",
        );
    }
}

/** The provider the baseline uses for a cluster in another stack; checks that stack's cloud and identity. */
export function targetProvider(target: ClusterTarget, cloud: Cloud, identity: ClusterIdentity, renderYamlTo: string | undefined): k8s.Provider {
    let kubeconfig: pulumi.Output<string>;
    if (target.kind === "stack") {
        const ref = new pulumi.StackReference("cluster-stack", { name: target.stack });
        // The cluster stack declares its cloud and identity as outputs; a baseline checked against
        // another cloud's names (or prefixes) would bind nobody, so a mismatch stops the run before
        // the provider, and so anything in the cluster, is created.
        kubeconfig = pulumi
            .all([ref.requireOutput("kubeconfig"), ref.getOutput("cloud"), ref.getOutput("identity"), ref.getOutput("stage")])
            .apply(([config, stackCloud, stackIdentity, stackStage]) => {
                if (stackStage !== undefined && stackStage !== "cluster") {
                    throw new pulumi.ResourceError(
                        `\`${CONFIG_NAMESPACE}:clusterStack\` ${target.stack} is a ${JSON.stringify(stackStage)} stage: ${stackStage === "all" ? "it applies the baseline itself, and two stacks would fight over the same objects" : "it holds no cluster"}. ` +
                            `Reference the stack that holds the cluster alone (\`${CONFIG_NAMESPACE}:stage: cluster\`).`,
                        ref,
                    );
                }
                if (stackCloud !== undefined && stackCloud !== cloud) {
                    throw new pulumi.ResourceError(`\`${CONFIG_NAMESPACE}:cloud\` is ${JSON.stringify(cloud)} but the cluster stack ${target.stack} runs on ${JSON.stringify(stackCloud)}: set the same cloud.`, ref);
                }
                if (stackIdentity !== undefined && JSON.stringify(sorted(stackIdentity)) !== JSON.stringify(sorted(identity))) {
                    throw new pulumi.ResourceError(
                        `\`${CONFIG_NAMESPACE}:identity\` ${JSON.stringify(identity)} differs from the cluster stack's \`identity\` output ${JSON.stringify(stackIdentity)}: copy the output, so subjects are checked against the cluster's real settings.`,
                        ref,
                    );
                }
                return config as string;
            });
    } else {
        kubeconfig = target.kubeconfig;
    }
    return new k8s.Provider("cluster", { kubeconfig: pulumi.secret(kubeconfig), ...(renderYamlTo !== undefined ? { renderYamlToDirectory: renderYamlTo } : {}) });
}

function sorted(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sorted);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map(k => [k, sorted((value as Record<string, unknown>)[k])]));
    }
    return value;
}

/** A provider that renders the baseline of the cluster this stack creates, instead of applying it. */
export function renderProvider(kubeconfig: pulumi.Output<string>, renderYamlTo: string): k8s.Provider {
    // Render mode still tries the kubeconfig's cluster to learn whether custom resources are
    // namespaced, and proceeds when it is unreachable (ProviderArgs.renderYamlToDirectory in
    // @pulumi/kubernetes provider.d.ts); the cluster's own kubeconfig keeps it off the ambient one.
    return new k8s.Provider("render", { kubeconfig, renderYamlToDirectory: renderYamlTo });
}

/**
 * ClusterBaseline's arguments from `hcb:baseline` (without the provider): the program adds the
 * cluster's cloud and identity, and `privateNetwork` defaults to true, since every cluster of this
 * blueprint is private: add-ons then need mirrors unless the stack says its nodes reach the
 * internet (`hcb:baseline.privateNetwork: false`, e.g. GKE with Cloud NAT).
 */
export function baselineArgsOf(baseline: Readonly<Record<string, unknown>>, cloud: Cloud, identity: ClusterIdentity): Record<string, unknown> {
    return { ...baseline, cloud, identity, privateNetwork: baseline["privateNetwork"] ?? true };
}

/** Registers the ClusterBaseline; returns its stack outputs. */
export function deployBaseline(baseline: Record<string, unknown>, provider: k8s.Provider, cloud: Cloud, identity: ClusterIdentity): Record<string, unknown> {
    const b = new ClusterBaseline("baseline", { ...baselineArgsOf(baseline, cloud, identity), provider } as unknown as ClusterBaselineArgs);
    return { exemptions: b.exemptions };
}

/** Refuses what the stack file must not set in `hcb:baseline`; called before anything is registered. */
export function checkBaselineConfig(baseline: Readonly<Record<string, unknown>>): void {
    for (const k of ["provider", "identity", "cloud"]) {
        if (k in baseline) {
            throw new Error(
                `\`${CONFIG_NAMESPACE}:baseline.${k}\` must not be set: ${k === "provider" ? "the baseline runs on the provider of the stack's target cluster" : k === "cloud" ? `the cloud is \`${CONFIG_NAMESPACE}:cloud\`` : `the identity comes from \`${CONFIG_NAMESPACE}:cluster\` (or \`${CONFIG_NAMESPACE}:identity\` in a baseline stage)`}.`,
            );
        }
    }
}
