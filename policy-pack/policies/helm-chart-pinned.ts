/**
 * A Helm chart pinned to an exact version: an unpinned or ranged version installs whatever the
 * repository serves on the day of the deploy (supply chain; the counterpart of image digests for
 * the charts the add-ons install). A chart from a local path is pinned by the repository itself.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../lib/define";
import { optString } from "../lib/read";

export const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"] as const;

/** An exact SemVer 2 version, with an optional leading v (Helm accepts both). */
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

function isLocalChart(chart: string): boolean {
    return chart.startsWith("./") || chart.startsWith("../") || chart.startsWith("/") || chart.endsWith(".tgz");
}

export function checkChartPinned(resource: CheckedResource): string[] {
    const chart = optString(resource.props["chart"], "chart");
    if (chart !== undefined && isLocalChart(chart)) {
        return [];
    }
    const version = optString(resource.props["version"], "version");
    if (version === undefined || version.trim() === "") {
        return [`${subjectOf(resource)} must pin its chart to an exact version: \`version\` is unset, so the newest chart is installed.`];
    }
    return EXACT_VERSION.test(version.trim())
        ? []
        : [`${subjectOf(resource)} must pin its chart to an exact version: ${JSON.stringify(version)} is a range or a moving tag.`];
}

export const helmChartPinnedPolicy = resourcePolicy({
    name: "k8s-helm-require-pinned-chart",
    control: "k8s-helm-chart-pinned",
    enforcementLevel: "mandatory",
    types: HELM_TYPES,
    check: checkChartPinned,
});
