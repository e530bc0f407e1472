/**
 * Which layers of the platform a stack holds, for the checklist stack policies (issue 13's stages):
 * a cluster-only stage is not flagged for the baseline another stage deploys, nor an application's
 * stack for the cluster's add-ons. In order of precedence:
 * 1. the policy's `layers` setting in the pack config (`--policy-pack-config`; set it on each
 *    checklist policy, as the Pulumi engine gives `all` only an enforcement level: notes/pulumi-cli.md);
 * 2. the StackStage marker the program registers (`hardened:program:StackStage`, its `layers` input);
 * 3. the strict default: a stack that holds a cluster (EKS, GKE, AKS) must hold the baseline too;
 *    one with no cluster holds the baseline when it registers a ClusterBaseline, else applications.
 */
import type { PolicyResource } from "@pulumi/policy";
import { STACK_LAYERS, StackLayer } from "../../../components/stage";
import { TOKENS } from "../../../components/tokens";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isUnknownValueError } from "../../lib/define";
import { Obj } from "../../lib/read";
import { canonicalType } from "../../lib/type-tokens";

export type Cloud = "aws" | "gcp" | "azure";

/** The cluster resources of each cloud, as the providers register them (and our components' tokens). */
export const CLUSTER_TYPES: Readonly<Record<string, Cloud>> = {
    "aws:eks/cluster:Cluster": "aws",
    "gcp:container/cluster:Cluster": "gcp",
    "azure-native:containerservice:ManagedCluster": "azure",
    [TOKENS.eksCluster]: "aws",
    [TOKENS.gkeCluster]: "gcp",
    [TOKENS.aksCluster]: "azure",
};

/** A cluster of a cloud, under its current token or a variant of it (an alias, an Azure API version). */
export function isClusterType(type: string): boolean {
    return canonicalType(type) in CLUSTER_TYPES;
}

export interface Stage {
    readonly layers: readonly StackLayer[];
    /** Where the layers come from, for messages and the summary. */
    readonly source: string;
    /** True when the marker's layers are not known yet (preview): the policies cannot tell. */
    readonly unknown: boolean;
    /** Why the declared stage cannot be trusted (a malformed marker, or one that hides the baseline the stack holds). */
    readonly malformed?: string;
}

/** The `layers` setting every checklist policy takes. */
export const LAYERS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string", enum: [...STACK_LAYERS] },
    minItems: 1,
    uniqueItems: true,
    description:
        "The layers this stack holds (cluster, baseline, applications), when the program registers no StackStage marker; overrides the marker. Unset: the marker, else the strict default (a stack with a cluster holds the baseline too).",
};

/** Reads a value, turning an unknown-during-preview read into `undefined` plus a flag. */
export function readKnown<T>(read: () => T): { known: true; value: T } | { known: false } {
    try {
        return { known: true, value: read() };
    } catch (e) {
        if (isUnknownValueError(e)) {
            return { known: false };
        }
        throw e;
    }
}

function layersOf(value: unknown): StackLayer[] {
    return Array.isArray(value) ? STACK_LAYERS.filter(l => value.includes(l)) : [];
}

/** The stage of a stack (see the module comment). */
export function stageOf(resources: readonly PolicyResource[], configured: readonly string[] | undefined): Stage {
    if (configured !== undefined && configured.length > 0) {
        return { layers: layersOf(configured), source: "the policy's `layers` setting", unknown: false };
    }
    const markers = resources.filter(r => r.type === TOKENS.stackStage);
    if (markers.length > 0) {
        const layers = new Set<StackLayer>();
        let unknown = false;
        for (const m of markers) {
            const read = readKnown(() => (m.props as Obj)["layers"]);
            if (!read.known) {
                unknown = true;
                continue;
            }
            const value = read.value;
            if (!Array.isArray(value) || value.length === 0 || value.some(l => !STACK_LAYERS.includes(l as StackLayer))) {
                return { layers: ["cluster", "baseline"], source: "the strict default", unknown: false, malformed: `its StackStage marker '${m.name}' declares ${JSON.stringify(value)}, not a non-empty list of ${STACK_LAYERS.join(", ")}` };
            }
            layersOf(value).forEach(l => layers.add(l));
        }
        if (!layers.has("baseline") && resources.some(r => r.type === TOKENS.clusterBaseline)) {
            return { layers: ["cluster", "baseline"], source: "the strict default", unknown: false, malformed: `its StackStage marker declares ${[...layers].join(", ")}, but the stack holds a ClusterBaseline` };
        }
        // A marker that hides the cluster the stack holds would let the cluster-layer checks (the GKE
        // project's Binary Authorization policy) go unjudged: as untrustworthy as one hiding the baseline.
        const cluster = resources.find(r => isClusterType(r.type));
        if (!unknown && !layers.has("cluster") && cluster) {
            return { layers: ["cluster", "baseline"], source: "the strict default", unknown: false, malformed: `its StackStage marker declares ${[...layers].join(", ")}, but the stack holds a cluster (${cluster.type} '${cluster.name}')` };
        }
        return { layers: STACK_LAYERS.filter(l => layers.has(l)), source: "the StackStage marker", unknown };
    }
    if (resources.some(r => isClusterType(r.type))) {
        return { layers: ["cluster", "baseline"], source: "the strict default: the stack holds a cluster and declares no stage", unknown: false };
    }
    if (resources.some(r => r.type === TOKENS.clusterBaseline)) {
        return { layers: ["baseline"], source: "the stack's ClusterBaseline (no cluster, no declared stage)", unknown: false };
    }
    return { layers: ["applications"], source: "no cluster, no ClusterBaseline and no declared stage", unknown: false };
}

/** The cloud of the stack's cluster, or of its ClusterBaseline's `cloud` input; undefined when neither says. */
export function cloudOf(resources: readonly PolicyResource[]): Cloud | undefined {
    for (const r of resources) {
        if (isClusterType(r.type)) {
            return CLUSTER_TYPES[canonicalType(r.type)];
        }
    }
    for (const r of resources) {
        if (r.type === TOKENS.clusterBaseline) {
            const read = readKnown(() => (r.props as Obj)["cloud"]);
            if (read.known && (read.value === "aws" || read.value === "gcp" || read.value === "azure")) {
                return read.value;
            }
        }
    }
    return undefined;
}

/** `cluster, baseline (from the StackStage marker)`: how messages name the stage. */
export function describeStage(stage: Stage): string {
    return `${stage.layers.join(", ")} (from ${stage.source})`;
}
