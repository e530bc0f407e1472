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
};

/** True when resources of this type carry a pod template (every workload kind, any version). */
export function isWorkloadType(type: string): boolean {
    return templatePath(type) !== undefined;
}

function templatePath(type: string): readonly string[] | undefined {
    const parts = parseKubernetesToken(type);
    return parts ? TEMPLATE_PATHS[parts.group]?.[parts.kind] : undefined;
}

export interface PodTemplate {
    /** The pod's (or template's) metadata: labels and annotations. */
    readonly metadata: Obj | undefined;
    readonly spec: Obj;
    /** The property path of the pod spec, e.g. `spec.template.spec`. */
    readonly specPath: string;
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
    return { metadata: optObject(node["metadata"], `${prefix}metadata`), spec, specPath: `${prefix}spec` };
}

