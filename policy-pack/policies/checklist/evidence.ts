/**
 * What the checklist stack policies count as evidence of a control, whoever built it: our add-ons,
 * a user's own Helm release (Pulumi's Release or Chart, Flux's HelmRelease, Argo CD's Application),
 * plain manifests of the same tool, or the cloud's own service. Each finder reads a resource without
 * crashing on values unknown during preview: it says "unknown" instead, and the policy reports
 * "cannot tell" as an advisory rather than passing silently.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parseKubernetesToken, podTemplateOf } from "../../lib/kubernetes-types";
import { containersOf } from "../../lib/containers";
import { parseImage } from "../../lib/image";
import { Obj } from "../../lib/read";
import { readKnown } from "./stage";

/** One piece of evidence: it builds the control, it is there but weakened, or it cannot be read yet. */
export type Evidence =
    | { readonly kind: "present"; readonly what: string }
    | { readonly kind: "weak"; readonly what: string; readonly why: string }
    | { readonly kind: "unknown"; readonly what: string };

/** The value at a path of an object, or undefined; throws the engine's unknown error when unknown. */
export function at(props: unknown, ...path: (string | number)[]): unknown {
    let node: unknown = props;
    for (const step of path) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<string | number, unknown>)[step];
    }
    return node;
}

export function asArray(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

/** A resource as messages name it: `Release 'falco'` style, from the Pulumi name. */
export function named(r: PolicyResource): string {
    const k8s = parseKubernetesToken(r.type);
    const metaName = readKnown(() => at(r.props, "metadata", "name"));
    const name = metaName.known && typeof metaName.value === "string" ? metaName.value : r.name;
    return `${k8s ? k8s.kind : r.type} '${name}'`;
}

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"]);

/**
 * The chart a release installs, as its last path component without a version or archive suffix:
 * "falco" for "falco", "falcosecurity/falco", "oci://registry/charts/falco" or ".../falco-9.1.0.tgz".
 */
export function chartBaseName(chart: string): string {
    const last = chart.replace(/\/+$/, "").split("/").pop() ?? chart;
    return last.replace(/\.tgz$/, "").replace(/-\d+\.\d+\.\d+[^/]*$/, "").replace(/:.*$/, "").toLowerCase();
}

/** The chart names every Helm-installing resource of the stack installs, or unknown. */
export function chartsOf(r: PolicyResource): { known: true; charts: readonly string[] } | { known: false } {
    const k8s = parseKubernetesToken(r.type);
    const read = readKnown((): unknown[] => {
        if (HELM_TYPES.has(r.type)) {
            return [at(r.props, "chart")];
        }
        if (k8s?.group.startsWith("helm.toolkit.fluxcd.io") && k8s.kind === "HelmRelease") {
            return [at(r.props, "spec", "chart", "spec", "chart"), at(r.props, "spec", "chartRef", "name")];
        }
        if (k8s?.group.startsWith("argoproj.io") && k8s.kind === "Application") {
            return [at(r.props, "spec", "source", "chart"), ...asArray(at(r.props, "spec", "sources")).map(s => at(s, "chart"))];
        }
        return [];
    });
    if (!read.known) {
        return { known: false };
    }
    return { known: true, charts: read.value.filter((c): c is string => typeof c === "string" && c.length > 0).map(chartBaseName) };
}

/** Evidence that a chart named one of `names` is installed by the stack. */
export function helmEvidence(resources: readonly PolicyResource[], names: readonly string[], label: string): Evidence[] {
    const out: Evidence[] = [];
    for (const r of resources) {
        const charts = chartsOf(r);
        if (!charts.known) {
            out.push({ kind: "unknown", what: `the chart of ${named(r)}` });
        } else if (charts.charts.some(c => names.includes(c))) {
            out.push({ kind: "present", what: `${label} (${named(r)})` });
        }
    }
    return out;
}

/** The repositories (without registry, tag or digest) of every container image of a workload. */
export function imageRepositoriesOf(r: PolicyResource): { known: true; repositories: readonly string[] } | { known: false } {
    const read = readKnown(() => {
        const template = podTemplateOf(r.type, r.props as Obj);
        if (!template) {
            return [];
        }
        return containersOf(template)
            .map(c => c.container["image"])
            .filter((i): i is string => typeof i === "string")
            .map(i => parseImage(i).repository);
    });
    return read.known ? { known: true, repositories: read.value } : { known: false };
}

/** Evidence that a workload of the stack runs an image whose repository's last component is one of `names`. */
export function workloadEvidence(resources: readonly PolicyResource[], names: readonly string[], label: string): Evidence[] {
    const out: Evidence[] = [];
    for (const r of resources) {
        let images: ReturnType<typeof imageRepositoriesOf>;
        try {
            images = imageRepositoriesOf(r);
        } catch {
            // A malformed workload is reported by the workload policies; it is no evidence here.
            continue;
        }
        if (!images.known) {
            out.push({ kind: "unknown", what: `the images of ${named(r)}` });
        } else if (images.repositories.some(repo => names.includes(repo.split("/").pop() ?? repo))) {
            out.push({ kind: "present", what: `${label} (${named(r)})` });
        }
    }
    return out;
}

/** The Kubernetes custom resources of the stack of an API group (any version) and kind. */
export function objectsOf(resources: readonly PolicyResource[], group: string, kinds: readonly string[]): PolicyResource[] {
    return resources.filter(r => {
        const k8s = parseKubernetesToken(r.type);
        return k8s !== undefined && k8s.group === group && kinds.includes(k8s.kind);
    });
}

/** Reads evidence from one resource; a value unknown during preview becomes "unknown" evidence. */
export function judge(r: PolicyResource, what: string, read: () => Evidence | undefined): Evidence | undefined {
    const result = readKnown(read);
    return result.known ? result.value : { kind: "unknown", what };
}
