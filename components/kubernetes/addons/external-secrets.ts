/**
 * External Secrets Operator (checklist "external secrets manager", CIS 5.4.2): secrets live in
 * the cloud's manager and are synced in, so no literal secret sits in the program or its state.
 * The operator authenticates by workload identity (IRSA or EKS Pod Identity, GKE Workload
 * Identity, Azure Workload Identity), never with a static key, and one ClusterSecretStore serves
 * only the namespaces named.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { TOKENS } from "../../tokens";
import { Problems, checkDnsLabel, checkNamespaceName, checkProvider, pathOf } from "../args";
import { PackExemption } from "../exemptions";
import { HardenedNamespace } from "../hardened-namespace";
import { ApiServerArgs, ExternalArgs, apiServerEgressRules, checkApiServer, checkExternal, externalEgressRules, webhookIngressRules } from "./addon-network";
import { CHARTS, isPinnedVersion } from "./charts";
import { AddonSources, chartSourceOf, checkSources, mirrored } from "./sources";

/** AWS Secrets Manager, through IRSA (`roleArn`) or EKS Pod Identity (no `roleArn`). */
export interface AwsSecretsBackend {
    readonly cloud: "aws";
    readonly region: string;
    /** The IAM role for IRSA (annotates the operator's service account). Omit with EKS Pod Identity. */
    readonly roleArn?: string;
}

/** GCP Secret Manager, through GKE Workload Identity. */
export interface GcpSecretsBackend {
    readonly cloud: "gcp";
    readonly projectId: string;
    /** The Google service account the operator's Kubernetes service account acts as. */
    readonly serviceAccountEmail: string;
}

/** Azure Key Vault, through Azure Workload Identity. */
export interface AzureSecretsBackend {
    readonly cloud: "azure";
    /** e.g. "https://my-vault.vault.azure.net". */
    readonly vaultUrl: string;
    /** The client ID of the managed identity (or app) federated with the operator's service account. */
    readonly clientId: string;
    readonly tenantId?: string;
}

export type SecretsBackend = AwsSecretsBackend | GcpSecretsBackend | AzureSecretsBackend;

/** One Kubernetes Secret synced from the cloud's secret manager. */
export interface ExternalSecretArgs {
    /** The ExternalSecret's and the target Secret's name. */
    readonly name: string;
    readonly namespace: string;
    /** Keys of the Secret, each from a remote secret (and a JSON property of it). */
    readonly data: readonly { readonly secretKey: string; readonly remoteKey: string; readonly property?: string }[];
    /** @default "1h" */
    readonly refreshInterval?: string;
}

/** Arguments of ExternalSecrets. */
export interface ExternalSecretsArgs {
    /** The cluster's provider (required, never the ambient kubeconfig). */
    readonly provider: k8s.Provider;
    readonly backend: SecretsBackend;
    /** Where the API server is: the operator watches it and it calls the operator's webhook. */
    readonly apiServer: ApiServerArgs;
    /** The secret manager's (and token service's) endpoints, e.g. the VPC endpoint subnets. */
    readonly secretManager: ExternalArgs;
    /** @default "external-secrets" */
    readonly namespace?: string;
    /** @default CHARTS.externalSecrets.version */
    readonly chartVersion?: string;
    /** @default "cloud-secrets" */
    readonly storeName?: string;
    /**
     * The namespaces allowed to read through the store (its `conditions`); a store open to every
     * namespace lets any namespace read any secret the operator can.
     * @default the namespaces of `secrets`
     */
    readonly storeNamespaces?: readonly string[];
    /** @default [] */
    readonly secrets?: readonly ExternalSecretArgs[];
    /** Mirrors for the chart and images. @default undefined (the upstream chart repository and ghcr.io) */
    readonly sources?: AddonSources;
}

export const EXTERNAL_SECRETS_DEFAULTS = {
    namespace: "external-secrets",
    chartVersion: CHARTS.externalSecrets.version,
    storeName: "cloud-secrets",
    refreshInterval: "1h",
    /** The operator's service account, named so the store and workload identity can refer to it. */
    serviceAccountName: "external-secrets",
    webhookPort: 10250,
} as const;

export interface ResolvedExternalSecretsArgs {
    readonly provider: k8s.Provider;
    readonly backend: SecretsBackend;
    readonly apiServer: ApiServerArgs;
    readonly secretManager: ExternalArgs;
    readonly namespace: string;
    readonly chartVersion: string;
    readonly storeName: string;
    readonly storeNamespaces: readonly string[];
    readonly secrets: readonly ExternalSecretArgs[];
    readonly sources?: AddonSources;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

function checkBackend(problems: Problems, b: unknown, path: string): void {
    const o = b && typeof b === "object" ? (b as Record<string, unknown>) : {};
    const need = (key: string, example: string) => {
        if (typeof o[key] !== "string" || (o[key] as string).length === 0) {
            problems.add(`\`${path}.${key}\` is required for ${String(o["cloud"])}: e.g. ${example}.`);
        }
    };
    switch (o["cloud"]) {
        case "aws":
            need("region", '"eu-west-1"');
            if (o["roleArn"] !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(String(o["roleArn"]))) {
                problems.add(`\`${path}.roleArn\` must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), or omitted with EKS Pod Identity.`);
            }
            return;
        case "gcp":
            need("projectId", '"my-project"');
            if (!/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/.test(String(o["serviceAccountEmail"]))) {
                problems.add(`\`${path}.serviceAccountEmail\` must be a Google service account email (<name>@<project>.iam.gserviceaccount.com) for Workload Identity.`);
            }
            return;
        case "azure":
            if (!/^https:\/\/[^/]+\/?$/.test(String(o["vaultUrl"]))) {
                problems.add(`\`${path}.vaultUrl\` must be the vault's https URL, e.g. "https://my-vault.vault.azure.net".`);
            }
            need("clientId", '"00000000-0000-0000-0000-000000000000"');
            return;
        default:
            problems.add(`\`${path}.cloud\` must be "aws", "gcp" or "azure", not ${JSON.stringify(o["cloud"])}.`);
    }
}

/** Applies EXTERNAL_SECRETS_DEFAULTS and validates, reporting every problem at once. */
export function resolveExternalSecretsArgs(args: ExternalSecretsArgs, prefix = ""): ResolvedExternalSecretsArgs {
    const problems = new Problems();
    const p = (s: string) => pathOf(prefix, s);
    const d = EXTERNAL_SECRETS_DEFAULTS;
    checkProvider(problems, args?.provider, p("provider"));
    checkBackend(problems, args?.backend, p("backend"));
    checkApiServer(problems, args?.apiServer, p("apiServer"));
    checkExternal(problems, args?.secretManager, p("secretManager"), "the secret manager's VPC endpoint subnets");
    const namespace = args?.namespace ?? d.namespace;
    checkNamespaceName(problems, namespace, p("namespace"));
    const chartVersion = args?.chartVersion ?? d.chartVersion;
    if (!isPinnedVersion(chartVersion)) {
        problems.add(`\`${p("chartVersion")}\` must be an exact chart version like "${d.chartVersion}", not ${JSON.stringify(chartVersion)}: ranges install whatever is newest.`);
    }
    const storeName = args?.storeName ?? d.storeName;
    checkDnsLabel(problems, storeName, p("storeName"));
    const secrets = args?.secrets ?? [];
    if (!Array.isArray(secrets)) {
        problems.add(`\`${p("secrets")}\` must be a list of { name, namespace, data }.`);
    }
    const seen = new Set<string>();
    (Array.isArray(secrets) ? secrets : []).forEach((s, i) => {
        const at = p(`secrets[${i}]`);
        checkDnsLabel(problems, s?.name, `${at}.name`, 253);
        checkDnsLabel(problems, s?.namespace, `${at}.namespace`);
        const key = `${s?.namespace}/${s?.name}`;
        if (seen.has(key)) {
            problems.add(`\`${at}\` repeats ${key}: each ExternalSecret needs its own name in its namespace.`);
        }
        seen.add(key);
        if (!Array.isArray(s?.data) || s.data.length === 0) {
            problems.add(`\`${at}.data\` must list at least one { secretKey, remoteKey }.`);
        } else {
            (s.data as ExternalSecretArgs["data"]).forEach((e, j) => {
                if (typeof e?.secretKey !== "string" || !SECRET_KEY.test(e.secretKey)) {
                    problems.add(`\`${at}.data[${j}].secretKey\` must be a Secret key (letters, digits, '-', '_', '.'), not ${JSON.stringify(e?.secretKey)}.`);
                }
                if (typeof e?.remoteKey !== "string" || e.remoteKey.length === 0) {
                    problems.add(`\`${at}.data[${j}].remoteKey\` must name the secret in the secret manager.`);
                }
            });
        }
    });
    const storeNamespaces = args?.storeNamespaces ?? [...new Set((Array.isArray(secrets) ? secrets : []).map(s => s?.namespace))];
    if (!Array.isArray(storeNamespaces) || storeNamespaces.length === 0) {
        problems.add(`\`${p("storeNamespaces")}\` must name the namespaces that may read through the store (or declare \`secrets\`): a store open to all namespaces lets any of them read every secret.`);
    } else {
        storeNamespaces.forEach((n, i) => checkDnsLabel(problems, n, p(`storeNamespaces[${i}]`)));
        (Array.isArray(secrets) ? secrets : []).forEach((s, i) => {
            if (typeof s?.namespace === "string" && !storeNamespaces.includes(s.namespace)) {
                problems.add(`\`${p(`secrets[${i}].namespace`)}\` (${s.namespace}) is not in \`${p("storeNamespaces")}\`: add it, or the store refuses the ExternalSecret.`);
            }
        });
    }
    checkSources(problems, args?.sources, undefined, true, prefix);
    problems.throwIfAny("ExternalSecrets");
    return { provider: args.provider, backend: args.backend, apiServer: args.apiServer, secretManager: args.secretManager, namespace, chartVersion, storeName, storeNamespaces, secrets, sources: args.sources };
}

/** The ClusterSecretStore `spec.provider` for a backend; auth is the operator's own workload identity. */
export function storeProviderOf(backend: SecretsBackend, namespace: string): Record<string, unknown> {
    switch (backend.cloud) {
        case "aws":
            return { aws: { service: "SecretsManager", region: backend.region } };
        case "gcp":
            return { gcpsm: { projectID: backend.projectId } };
        case "azure":
            return {
                azurekv: {
                    vaultUrl: backend.vaultUrl,
                    authType: "WorkloadIdentity",
                    serviceAccountRef: { name: EXTERNAL_SECRETS_DEFAULTS.serviceAccountName, namespace },
                    ...(backend.tenantId ? { tenantId: backend.tenantId } : {}),
                },
            };
    }
}

/** Helm values binding the operator's service account to the cloud identity. */
export function identityValuesOf(backend: SecretsBackend): { annotations: Record<string, string>; podLabels: Record<string, string> } {
    switch (backend.cloud) {
        case "aws":
            return { annotations: backend.roleArn ? { "eks.amazonaws.com/role-arn": backend.roleArn } : {}, podLabels: {} };
        case "gcp":
            return { annotations: { "iam.gke.io/gcp-service-account": backend.serviceAccountEmail }, podLabels: {} };
        case "azure":
            return { annotations: { "azure.workload.identity/client-id": backend.clientId }, podLabels: { "azure.workload.identity/use": "true" } };
    }
}

/** External Secrets Operator, its ClusterSecretStore and the ExternalSecrets (see the module comment). */
export class ExternalSecrets extends pulumi.ComponentResource {
    public readonly namespace: HardenedNamespace;
    /** Pack exemptions for named opt-outs (an `anywhere` egress), to record in the stack's pack config. */
    public readonly exemptions: readonly PackExemption[];
    public readonly release: k8s.helm.v3.Release;
    public readonly store: k8s.apiextensions.CustomResource;
    public readonly externalSecrets: readonly k8s.apiextensions.CustomResource[];

    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveExternalSecretsArgs(args);
        super(TOKENS.externalSecrets, name, {}, opts);
        const provider = r.provider;
        const d = EXTERNAL_SECRETS_DEFAULTS;
        const controller = { "app.kubernetes.io/name": "external-secrets" };
        this.namespace = new HardenedNamespace(
            `${name}-ns`,
            {
                provider,
                namespaceName: r.namespace,
                allow: [
                    ...apiServerEgressRules(r.apiServer),
                    ...webhookIngressRules(r.apiServer, "webhook", { "app.kubernetes.io/name": "external-secrets-webhook" }, d.webhookPort),
                    ...externalEgressRules(r.secretManager, "secret-manager", controller, [{ port: 443 }]),
                ],
            },
            { parent: this },
        );
        const identity = identityValuesOf(r.backend);
        const image = r.sources ? mirrored(r.sources.registry, "external-secrets/external-secrets") : undefined;
        this.release = new k8s.helm.v3.Release(
            `${name}-operator`,
            {
                name: "external-secrets",
                ...chartSourceOf(CHARTS.externalSecrets, r.sources),
                version: r.chartVersion,
                namespace: this.namespace.namespace.metadata.name,
                createNamespace: false,
                atomic: true,
                values: {
                    installCRDs: true,
                    serviceAccount: { create: true, name: d.serviceAccountName, annotations: identity.annotations },
                    podLabels: identity.podLabels,
                    webhook: { port: d.webhookPort, ...(image ? { image: { repository: image } } : {}) },
                    // The operator, webhook and cert controller run one image (chart values.yaml `image`,
                    // `webhook.image`, `certController.image`: ghcr.io/external-secrets/external-secrets).
                    ...(image ? { image: { repository: image }, certController: { image: { repository: image } } } : {}),
                },
            },
            { parent: this, provider, dependsOn: [this.namespace] },
        );
        const crOpts = { parent: this, provider, dependsOn: [this.release] };
        this.store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            {
                apiVersion: "external-secrets.io/v1",
                kind: "ClusterSecretStore",
                metadata: { name: r.storeName },
                spec: { provider: storeProviderOf(r.backend, r.namespace), conditions: [{ namespaces: [...r.storeNamespaces] }] },
            },
            crOpts,
        );
        this.externalSecrets = r.secrets.map(
            s =>
                new k8s.apiextensions.CustomResource(
                    `${name}-${s.namespace}-${s.name}`,
                    {
                        apiVersion: "external-secrets.io/v1",
                        kind: "ExternalSecret",
                        metadata: { name: s.name, namespace: s.namespace },
                        spec: {
                            refreshInterval: s.refreshInterval ?? d.refreshInterval,
                            secretStoreRef: { kind: "ClusterSecretStore", name: r.storeName },
                            target: { name: s.name, creationPolicy: "Owner" },
                            data: s.data.map(e => ({ secretKey: e.secretKey, remoteRef: { key: e.remoteKey, ...(e.property ? { property: e.property } : {}) } })),
                        },
                    },
                    { parent: this, provider, dependsOn: [this.store] },
                ),
        );
        this.exemptions = this.namespace.exemptions;
        this.registerOutputs({ namespace: this.namespace, release: this.release, store: this.store });
    }
}
