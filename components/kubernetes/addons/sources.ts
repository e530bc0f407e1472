/**
 * Where the add-ons' charts and images come from. By default, each chart's upstream repository and
 * each image's upstream registry (public). A private cluster without NAT cannot reach them: every
 * image must come from a registry inside the network (EKS private clusters need one for every
 * image they pull, awsdocs/amazon-eks-user-guide private-clusters.adoc ~L22; the mirrors are an ECR
 * pull-through cache, an Artifact Registry remote repository, or ACR cache rules;
 * ../shared/notes/deployability.md "Add-on images on private clusters").
 *
 * A mirror keeps the upstream path under its own prefix, as those three caches do: the image
 * `ghcr.io/external-secrets/external-secrets` is pulled as `<registry>/external-secrets/external-secrets`,
 * and every chart is served by `chartRepository` under its upstream chart name (an https Helm
 * repository, or an `oci://` registry path where `<chartRepository>/<chart>` is the chart).
 */
import { Problems, pathOf } from "../args";
import { PinnedChart } from "./charts";

/** Mirrors for every chart and image the baseline installs. */
export interface AddonSources {
    /** Registry prefix mirroring the upstream images, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/upstream". */
    readonly registry: string;
    /** Helm repository serving the pinned charts, e.g. "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts". */
    readonly chartRepository: string;
}

/**
 * Hosts on the public internet that the add-ons pull from by default, and the other public
 * registries a mirror must not be: a private cluster without NAT reaches none of them.
 */
export const PUBLIC_SOURCE_HOSTS: readonly string[] = [
    "docker.io",
    "registry-1.docker.io",
    "index.docker.io",
    "ghcr.io",
    "quay.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "public.ecr.aws",
    "mcr.microsoft.com",
    "reg.kyverno.io",
    "charts.external-secrets.io",
    "kyverno.github.io",
    "falcosecurity.github.io",
    "istio-release.storage.googleapis.com",
];

/** The host of a registry prefix or repository URL ("oci://", "https://" and paths stripped), lower-cased. */
export function hostOf(source: string): string {
    return source.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0].toLowerCase();
}

/** True when the source is one of PUBLIC_SOURCE_HOSTS (or a subdomain of one). */
export function isPublicSource(source: string): boolean {
    const host = hostOf(source).replace(/:\d+$/, "");
    return PUBLIC_SOURCE_HOSTS.some(h => host === h || host.endsWith(`.${h}`));
}

const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[a-z0-9]([-a-z0-9._/]*[a-z0-9])?)?$/;
const CHART_REPOSITORY = /^(https|oci):\/\/[^\s/]+(\/\S*)?$/;

const SOURCES_FIX =
    "set `sources` to mirrors inside the network, e.g. { registry: \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/upstream\", chartRepository: \"oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts\" } (an ECR pull-through cache, an Artifact Registry remote repository, or ACR cache rules)";

/**
 * Checks `sources` and, on a private network, that nothing is pulled from the public internet:
 * no `sources` at all (the add-ons' upstream defaults are public) or a public mirror is refused.
 * `anyAddon` says whether the baseline installs any chart (a baseline without add-ons pulls nothing).
 */
export function checkSources(problems: Problems, sources: unknown, privateNetwork: unknown, anyAddon: boolean, prefix = ""): sources is AddonSources | undefined {
    const p = (s: string) => pathOf(prefix, s);
    const before = problems.messages.length;
    if (privateNetwork !== undefined && typeof privateNetwork !== "boolean") {
        problems.add(`\`${p("privateNetwork")}\` must be true or false, not ${JSON.stringify(privateNetwork)}: true when the cluster's nodes have no path to the internet.`);
    }
    if (sources === undefined) {
        if (privateNetwork === true && anyAddon) {
            problems.add(`\`${p("sources")}\` is required when \`${p("privateNetwork")}\` is true: the add-ons' charts and images default to public sources that a private cluster cannot reach. Fix: ${SOURCES_FIX}.`);
        }
        return problems.messages.length === before;
    }
    const s = sources && typeof sources === "object" && !Array.isArray(sources) ? (sources as Record<string, unknown>) : undefined;
    if (!s) {
        problems.add(`\`${p("sources")}\` must be { registry, chartRepository }, not ${JSON.stringify(sources)}.`);
        return false;
    }
    const registry = s["registry"];
    if (typeof registry !== "string" || !REGISTRY.test(registry)) {
        problems.add(`\`${p("sources.registry")}\` must be a registry host with an optional path and no scheme, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/upstream", not ${JSON.stringify(registry)}.`);
    } else if (privateNetwork === true && isPublicSource(registry)) {
        problems.add(`\`${p("sources.registry")}\` (${registry}) is a public registry, which a private cluster cannot reach. Fix: ${SOURCES_FIX}.`);
    }
    const repo = s["chartRepository"];
    if (typeof repo !== "string" || !CHART_REPOSITORY.test(repo)) {
        problems.add(`\`${p("sources.chartRepository")}\` must be an https:// Helm repository or an oci:// registry path, e.g. "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts", not ${JSON.stringify(repo)}.`);
    } else if (privateNetwork === true && isPublicSource(repo)) {
        problems.add(`\`${p("sources.chartRepository")}\` (${repo}) is a public chart repository, which a private cluster cannot reach. Fix: ${SOURCES_FIX}.`);
    }
    return problems.messages.length === before;
}

/** The Release's `chart` and `repositoryOpts` for a pinned chart, from the mirror when there is one. */
export function chartSourceOf(chart: PinnedChart, sources: AddonSources | undefined): { chart: string; repositoryOpts?: { repo: string } } {
    if (!sources) {
        return { chart: chart.chart, repositoryOpts: { repo: chart.repo } };
    }
    if (sources.chartRepository.startsWith("oci://")) {
        // Helm pulls an OCI chart by its full reference, with no repository (helm.sh/docs/topics/registries).
        return { chart: `${sources.chartRepository.replace(/\/+$/, "")}/${chart.chart}` };
    }
    return { chart: chart.chart, repositoryOpts: { repo: sources.chartRepository } };
}

/** Deep-merges Helm values (objects merged, everything else replaced by `over`). */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const b = out[k];
        out[k] = b && v && typeof b === "object" && typeof v === "object" && !Array.isArray(b) && !Array.isArray(v)
            ? mergeValues(b as Record<string, unknown>, v as Record<string, unknown>)
            : v;
    }
    return out;
}

/** `<registry>/<path>` with one slash. */
export function mirrored(registry: string, path: string): string {
    return `${registry.replace(/\/+$/, "")}/${path}`;
}
