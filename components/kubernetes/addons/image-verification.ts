/**
 * Image signature verification (checklist "image signing and verification", CIS 5.5.1): Kyverno
 * admits a pod only when every image matching `imageReferences` carries a cosign signature by the
 * given public key (and pins it by digest), and only from the allowed registries.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { SYSTEM_NAMESPACES } from "../../controls";
import { TOKENS } from "../../tokens";
import { Problems, checkNamespaceName, checkProvider, checkStringList, pathOf } from "../args";
import { PackExemption } from "../exemptions";
import { HardenedNamespace } from "../hardened-namespace";
import { ApiServerArgs, ExternalArgs, apiServerEgressRules, checkApiServer, checkExternal, externalEgressRules, webhookIngressRules } from "./addon-network";
import { CHARTS, isPinnedVersion } from "./charts";
import { AddonSources, chartSourceOf, checkSources } from "./sources";

/** Arguments of ImageVerification. */
export interface ImageVerificationArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    /** The cosign public key (PEM, `cosign.pub`) images must be signed with. */
    readonly publicKey: string;
    /** Images that must be signed, as Kyverno image patterns, e.g. ["registry.example.com/*"]. */
    readonly imageReferences: readonly string[];
    /** Registries images may come from at all, e.g. ["registry.example.com/"]; matched as prefixes. */
    readonly allowedRegistries: readonly string[];
    /** Where the API server is: Kyverno watches it and it calls Kyverno's webhooks. */
    readonly apiServer: ApiServerArgs;
    /** The registries' endpoints: Kyverno fetches signatures from them. */
    readonly registries: ExternalArgs;
    /**
     * Check signatures against the public transparency log (Rekor). Off by default: a private
     * cluster usually cannot reach it, and key-based signatures do not need it.
     * @default false
     */
    readonly transparencyLog?: boolean;
    /** @default "kyverno" */
    readonly namespace?: string;
    /** @default CHARTS.kyverno.version */
    readonly chartVersion?: string;
    /** Mirrors for the chart and images. @default undefined (the upstream chart repository and reg.kyverno.io) */
    readonly sources?: AddonSources;
}

export const IMAGE_VERIFICATION_DEFAULTS = {
    /** A failed check refuses the pod; there is no audit-only mode to fall back to silently. */
    failureAction: "Enforce",
    transparencyLog: false,
    namespace: "kyverno",
    chartVersion: CHARTS.kyverno.version,
    /** Kyverno's admission and cleanup controllers serve their webhooks here (chart default). */
    webhookPort: 9443,
    /** Signature checks call the registry; Kyverno's default of 10 s is short for that. */
    webhookTimeoutSeconds: 30,
} as const;

export const IMAGE_POLICY_NAMES = { verify: "verify-image-signatures", registries: "restrict-image-registries" } as const;

export interface ResolvedImageVerificationArgs {
    readonly provider: k8s.Provider;
    readonly publicKey: string;
    readonly imageReferences: readonly string[];
    readonly allowedRegistries: readonly string[];
    readonly apiServer: ApiServerArgs;
    readonly registries: ExternalArgs;
    readonly transparencyLog: boolean;
    readonly namespace: string;
    readonly chartVersion: string;
    readonly sources?: AddonSources;
}

const PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

export function resolveImageVerificationArgs(args: ImageVerificationArgs, prefix = ""): ResolvedImageVerificationArgs {
    const problems = new Problems();
    const p = (s: string) => pathOf(prefix, s);
    const d = IMAGE_VERIFICATION_DEFAULTS;
    checkProvider(problems, args?.provider, p("provider"));
    if (typeof args?.publicKey !== "string" || !PEM.test(args.publicKey.trim() + "\n")) {
        problems.add(`\`${p("publicKey")}\` must be a PEM public key ("-----BEGIN PUBLIC KEY-----" ...), the contents of cosign.pub.`);
    }
    if (checkStringList(problems, args?.imageReferences, p("imageReferences"), '["registry.example.com/*"]') && args.imageReferences.length === 0) {
        problems.add(`\`${p("imageReferences")}\` must name at least one image pattern to verify, e.g. ["registry.example.com/*"].`);
    }
    if (checkStringList(problems, args?.allowedRegistries, p("allowedRegistries"), '["registry.example.com/"]')) {
        if (args.allowedRegistries.length === 0) {
            problems.add(`\`${p("allowedRegistries")}\` must name at least one registry.`);
        }
        args.allowedRegistries.forEach((r, i) => {
            if (r.includes("*") || r.includes("|")) {
                problems.add(`\`${p(`allowedRegistries[${i}]`)}\` must be a plain prefix such as "registry.example.com/" (no * or |): a wildcard would allow any registry.`);
            }
        });
    }
    checkApiServer(problems, args?.apiServer, p("apiServer"));
    checkExternal(problems, args?.registries, p("registries"), "the registry's endpoint CIDRs");
    const namespace = args?.namespace ?? d.namespace;
    checkNamespaceName(problems, namespace, p("namespace"));
    const chartVersion = args?.chartVersion ?? d.chartVersion;
    if (!isPinnedVersion(chartVersion)) {
        problems.add(`\`${p("chartVersion")}\` must be an exact chart version like "${d.chartVersion}", not ${JSON.stringify(chartVersion)}.`);
    }
    const transparencyLog = args?.transparencyLog ?? d.transparencyLog;
    if (typeof transparencyLog !== "boolean") {
        problems.add(`\`${p("transparencyLog")}\` must be true or false, not ${JSON.stringify(transparencyLog)}.`);
    }
    checkSources(problems, args?.sources, undefined, true, prefix);
    problems.throwIfAny("ImageVerification");
    return {
        provider: args.provider,
        publicKey: args.publicKey.trim(),
        imageReferences: args.imageReferences,
        allowedRegistries: args.allowedRegistries,
        apiServer: args.apiServer,
        registries: args.registries,
        transparencyLog,
        namespace,
        chartVersion,
        sources: args.sources,
    };
}

const EXCLUDE_SYSTEM = { any: [{ resources: { namespaces: [...SYSTEM_NAMESPACES] } }] };
const MATCH_PODS = { any: [{ resources: { kinds: ["Pod"] } }] };

/** The verifyImages ClusterPolicy spec. */
export function verifyPolicySpec(r: ResolvedImageVerificationArgs): Record<string, unknown> {
    return {
        background: false,
        webhookTimeoutSeconds: IMAGE_VERIFICATION_DEFAULTS.webhookTimeoutSeconds,
        failurePolicy: "Fail",
        rules: [
            {
                name: "verify-cosign-signature",
                match: MATCH_PODS,
                exclude: EXCLUDE_SYSTEM,
                verifyImages: [
                    {
                        imageReferences: [...r.imageReferences],
                        failureAction: IMAGE_VERIFICATION_DEFAULTS.failureAction,
                        required: true,
                        mutateDigest: true,
                        verifyDigest: true,
                        attestors: [{ count: 1, entries: [{ keys: { publicKeys: r.publicKey, rekor: { ignoreTlog: !r.transparencyLog }, ctlog: { ignoreSCT: !r.transparencyLog } } }] }],
                    },
                ],
            },
        ],
    };
}

/** The allowed-registries ClusterPolicy spec: every container image starts with an allowed prefix. */
export function registriesPolicySpec(r: ResolvedImageVerificationArgs): Record<string, unknown> {
    const pattern = r.allowedRegistries.map(reg => `${reg}*`).join(" | ");
    return {
        background: true,
        rules: [
            {
                name: "allowed-registries",
                match: MATCH_PODS,
                exclude: EXCLUDE_SYSTEM,
                validate: {
                    failureAction: IMAGE_VERIFICATION_DEFAULTS.failureAction,
                    message: `Images must come from an allowed registry: ${r.allowedRegistries.join(", ")}.`,
                    pattern: {
                        spec: {
                            "=(ephemeralContainers)": [{ image: pattern }],
                            "=(initContainers)": [{ image: pattern }],
                            containers: [{ image: pattern }],
                        },
                    },
                },
            },
        ],
    };
}

/** Kyverno with the signature and registry ClusterPolicies (see the module comment). */
export class ImageVerification extends pulumi.ComponentResource {
    public readonly namespace: HardenedNamespace;
    /** Pack exemptions for named opt-outs (an `anywhere` egress), to record in the stack's pack config. */
    public readonly exemptions: readonly PackExemption[];
    public readonly release: k8s.helm.v3.Release;
    public readonly verifyPolicy: k8s.apiextensions.CustomResource;
    public readonly registriesPolicy: k8s.apiextensions.CustomResource;

    constructor(name: string, args: ImageVerificationArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveImageVerificationArgs(args);
        super(TOKENS.imageVerification, name, {}, opts);
        const provider = r.provider;
        const d = IMAGE_VERIFICATION_DEFAULTS;
        this.namespace = new HardenedNamespace(
            `${name}-ns`,
            {
                provider,
                namespaceName: r.namespace,
                allow: [
                    ...apiServerEgressRules(r.apiServer),
                    ...webhookIngressRules(r.apiServer, "admission-webhook", { "app.kubernetes.io/component": "admission-controller" }, d.webhookPort),
                    ...webhookIngressRules(r.apiServer, "cleanup-webhook", { "app.kubernetes.io/component": "cleanup-controller" }, d.webhookPort),
                    ...externalEgressRules(r.registries, "registries", { "app.kubernetes.io/component": "admission-controller" }, [{ port: 443 }]),
                ],
            },
            { parent: this },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-kyverno`,
            {
                name: "kyverno",
                ...chartSourceOf(CHARTS.kyverno, r.sources),
                version: r.chartVersion,
                namespace: this.namespace.namespace.metadata.name,
                createNamespace: false,
                atomic: true,
                values: {
                    admissionController: { replicas: 3 },
                    features: { policyExceptions: { enabled: false } },
                    // One registry for every image of the chart (kyverno chart README: `global.image.registry`
                    // "overrides any values set under .image.registry across the chart").
                    ...(r.sources ? { global: { image: { registry: r.sources.registry } } } : {}),
                },
            },
            { parent: this, provider, dependsOn: [this.namespace] },
        );
        const crOpts = { parent: this, provider, dependsOn: [this.release] };
        this.verifyPolicy = new k8s.apiextensions.CustomResource(
            `${name}-verify`,
            { apiVersion: "kyverno.io/v1", kind: "ClusterPolicy", metadata: { name: IMAGE_POLICY_NAMES.verify }, spec: verifyPolicySpec(r) },
            crOpts,
        );
        this.registriesPolicy = new k8s.apiextensions.CustomResource(
            `${name}-registries`,
            { apiVersion: "kyverno.io/v1", kind: "ClusterPolicy", metadata: { name: IMAGE_POLICY_NAMES.registries }, spec: registriesPolicySpec(r) },
            crOpts,
        );
        this.exemptions = this.namespace.exemptions;
        this.registerOutputs({ namespace: this.namespace, release: this.release });
    }
}
