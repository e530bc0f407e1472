/**
 * Pulumi type tokens of Kubernetes kinds, and the pod template inside each workload kind.
 * Token format (pulumi-kubernetes): `kubernetes:<group>/<version>:<Kind>`, with `core` for the
 * legacy group, e.g. apps/v1 Deployment → kubernetes:apps/v1:Deployment, v1 Pod → kubernetes:core/v1:Pod.
 */
import { Obj, optObject } from "./read";

/** The Pulumi type token for a manifest's apiVersion and kind. */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}

export interface KubernetesTypeParts {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
}

const TOKEN = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/;

const parsedTokens = new Map<string, KubernetesTypeParts | undefined>();

export function parseKubernetesToken(type: string): KubernetesTypeParts | undefined {
    if (parsedTokens.has(type)) {
        return parsedTokens.get(type);
    }
    const m = TOKEN.exec(type);
    const parts = m ? { group: m[1], version: m[2], kind: m[3] } : undefined;
    if (parsedTokens.size < 10_000) {
        parsedTokens.set(type, parts);
    }
    return parts;
}

/** Where the pod template sits in each workload kind, by group → kind. */
const TEMPLATE_PATHS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    core: { Pod: [], PodTemplate: ["template"], ReplicationController: ["spec", "template"] },
    apps: {
        Deployment: ["spec", "template"],
        StatefulSet: ["spec", "template"],
        DaemonSet: ["spec", "template"],
        ReplicaSet: ["spec", "template"],
    },
    extensions: {
        Deployment: ["spec", "template"],
        DaemonSet: ["spec", "template"],
        ReplicaSet: ["spec", "template"],
    },
    batch: { Job: ["spec", "template"], CronJob: ["spec", "jobTemplate", "spec", "template"] },
    // Custom resources whose spec holds a pod template that the controller runs as written:
    // Argo Rollouts Rollout (spec.template, a PodTemplateSpec), Knative Serving Service and
    // Configuration (spec.template, a RevisionTemplateSpec whose spec inlines a PodSpec) and
    // Revision (spec, a RevisionSpec), KEDA ScaledJob (spec.jobTargetRef, a JobSpec).
    "argoproj.io": { Rollout: ["spec", "template"] },
    "serving.knative.dev": { Service: ["spec", "template"], Configuration: ["spec", "template"], Revision: [] },
    "keda.sh": { ScaledJob: ["spec", "jobTargetRef", "template"] },
};

/** The groups of the built-in kinds, which pulumi-kubernetes also offers as `<Kind>Patch` (server-side apply patches). */
const BUILT_IN_GROUPS = new Set(["core", "apps", "extensions", "batch"]);

/**
 * Custom resources that describe pods an operator builds from its own fields (not a pod template
 * run as written): no policy can judge the pods from the resource, so the report names them as
 * not judged. By group, the kinds: Prometheus Operator (monitoring.coreos.com), Argo Workflows,
 * Tekton, the Spark and Flink operators.
 */
const OPERATOR_POD_KINDS: Readonly<Record<string, readonly string[]>> = {
    "monitoring.coreos.com": ["Prometheus", "Alertmanager", "ThanosRuler", "PrometheusAgent"],
    "argoproj.io": ["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"],
    "tekton.dev": ["Task", "ClusterTask", "Pipeline", "TaskRun", "PipelineRun"],
    "sparkoperator.k8s.io": ["SparkApplication", "ScheduledSparkApplication"],
    "flink.apache.org": ["FlinkDeployment"],
};

/** True for a custom resource known to describe pods that an operator builds (see OPERATOR_POD_KINDS). */
export function isOperatorPodType(type: string): boolean {
    const parts = parseKubernetesToken(type);
    return parts !== undefined && (OPERATOR_POD_KINDS[parts.group] ?? []).includes(parts.kind);
}

/**
 * True for a pulumi-kubernetes `<Kind>Patch` type (DeploymentPatch, NamespacePatch, ...): a
 * server-side apply patch that sets only the fields it names, the live object keeping the rest.
 */
export function isPatchType(type: string): boolean {
    const parts = parseKubernetesToken(type);
    return parts !== undefined && parts.kind.endsWith("Patch") && parts.kind.length > "Patch".length;
}

/** True when resources of this type carry a pod template (every workload kind, any version). */
export function isWorkloadType(type: string): boolean {
    return templatePath(type) !== undefined;
}

function templatePath(type: string): readonly string[] | undefined {
    const parts = parseKubernetesToken(type);
    if (!parts) {
        return undefined;
    }
    if (isPatchType(type) && BUILT_IN_GROUPS.has(parts.group)) {
        return TEMPLATE_PATHS[parts.group]?.[parts.kind.slice(0, -"Patch".length)];
    }
    return TEMPLATE_PATHS[parts.group]?.[parts.kind];
}

export interface PodTemplate {
    /** The pod's (or template's) metadata: labels and annotations. */
    readonly metadata: Obj | undefined;
    readonly spec: Obj;
    /** The property path of the pod spec, e.g. `spec.template.spec`. */
    readonly specPath: string;
    /**
     * True for a `<Kind>Patch`: it sets only the fields it names, the live object keeps the rest,
     * so it is judged on what it sets and a field it leaves unset is no finding.
     */
    readonly partial: boolean;
}

/**
 * The pod template of a workload, or undefined when the type is not a workload kind or the
 * template has no spec yet. Raises MalformedValueError on a wrongly typed step.
 */
export function podTemplateOf(type: string, props: Obj): PodTemplate | undefined {
    // Every workload policy asks for the template of the same props object: find it once.
    let byType = templates.get(props);
    if (byType?.has(type)) {
        return byType.get(type);
    }
    const template = findPodTemplate(type, props);
    if (!byType) {
        byType = new Map();
        templates.set(props, byType);
    }
    byType.set(type, template);
    return template;
}

const templates = new WeakMap<Obj, Map<string, PodTemplate | undefined>>();

function findPodTemplate(type: string, props: Obj): PodTemplate | undefined {
    const steps = templatePath(type);
    if (steps === undefined) {
        return undefined;
    }
    let node: Obj | undefined = props;
    const walked: string[] = [];
    for (const step of steps) {
        walked.push(step);
        node = optObject(node?.[step], walked.join("."));
        if (node === undefined) {
            return undefined;
        }
    }
    const prefix = walked.length ? `${walked.join(".")}.` : "";
    const spec = optObject(node["spec"], `${prefix}spec`);
    if (spec === undefined) {
        return undefined;
    }
    return { metadata: optObject(node["metadata"], `${prefix}metadata`), spec, specPath: `${prefix}spec`, partial: isPatchType(type) };
}

