/**
 * The Helm charts the add-ons install, each pinned by version: an unpinned chart is whatever the
 * repository serves on the day of the deploy. Each pin names where it was read from (the chart's
 * Chart.yaml at the release tag); bump deliberately, with the CRD schemas the tests validate against.
 */
export interface PinnedChart {
    readonly chart: string;
    readonly version: string;
    readonly repo: string;
    /** Where the pin comes from. */
    readonly source: string;
}

export const CHARTS = {
    externalSecrets: {
        chart: "external-secrets",
        version: "2.9.0",
        repo: "https://charts.external-secrets.io",
        source: "external-secrets/external-secrets tag v2.9.0, deploy/charts/external-secrets/Chart.yaml (appVersion v2.9.0)",
    },
    kyverno: {
        chart: "kyverno",
        version: "3.9.0",
        repo: "https://kyverno.github.io/kyverno/",
        source: "kyverno/kyverno tag v1.19.0, charts/kyverno/Chart.yaml (appVersion v1.19.0)",
    },
    falco: {
        chart: "falco",
        version: "9.1.0",
        repo: "https://falcosecurity.github.io/charts",
        source: "falcosecurity/charts tag falco-9.1.0, charts/falco/Chart.yaml (appVersion 0.44.1)",
    },
    istioBase: {
        chart: "base",
        version: "1.30.3",
        repo: "https://istio-release.storage.googleapis.com/charts",
        source: "istio/istio tag 1.30.3, manifests/charts/base (charts are published at the release's version)",
    },
    istiod: {
        chart: "istiod",
        version: "1.30.3",
        repo: "https://istio-release.storage.googleapis.com/charts",
        source: "istio/istio tag 1.30.3, manifests/charts/istio-control/istio-discovery",
    },
    istioCni: {
        chart: "cni",
        version: "1.30.3",
        repo: "https://istio-release.storage.googleapis.com/charts",
        source: "istio/istio tag 1.30.3, manifests/charts/istio-cni",
    },
} as const satisfies Readonly<Record<string, PinnedChart>>;

const SEMVER = /^\d+\.\d+\.\d+$/;

/** True for an exact chart version ("2.9.0"), not a range ("^2", "2.x") or "latest". */
export function isPinnedVersion(version: unknown): version is string {
    return typeof version === "string" && SEMVER.test(version);
}
