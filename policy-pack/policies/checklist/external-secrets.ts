/**
 * Checklist "external secrets manager" (CIS 5.4.2): secrets come from the cloud's secret manager,
 * read through the cluster's workload identity, never through a stored key. Built by:
 * - External Secrets Operator: a ClusterSecretStore (external-secrets.io, any version) on the
 *   cluster's own cloud (`aws` Secrets Manager / Parameter Store, `gcpsm`, `azurekv`) that holds no
 *   static credential: `auth.secretRef` (aws, gcpsm) or `authSecretRef` and `authType` other than
 *   `WorkloadIdentity` (azurekv) mean a stored key (ESO provider docs: "AWS Secrets Manager",
 *   "Google Cloud Secret Manager", "Azure Key Vault" authentication sections). A store on another
 *   external manager (Vault, ...) counts; the `fake` and `kubernetes` providers do not.
 * - The Secrets Store CSI driver with a cloud provider, from Helm charts;
 * - the clouds' own: AKS `addonProfiles.azureKeyvaultSecretsProvider.enabled`, GKE
 *   `secretManagerConfig.enabled` (notes/cloud-controls.md "External secrets").
 */
import type { PolicyResource } from "@pulumi/policy";
import { Evidence, at, helmEvidence, judge, named, objectsOf } from "./evidence";
import { Cloud } from "./stage";
import { checklistPolicy, isTrue } from "./policy";

const PROVIDER_CLOUD: Readonly<Record<string, Cloud>> = { aws: "aws", gcpsm: "gcp", azurekv: "azure" };
const NOT_A_MANAGER = ["fake", "kubernetes"];

/** Why a ClusterSecretStore's provider holds a static credential, or undefined. */
export function staticCredentialOf(provider: string, spec: unknown): string | undefined {
    switch (provider) {
        case "aws":
        case "gcpsm":
            return at(spec, "auth", "secretRef") !== undefined ? `reads a stored key (\`spec.provider.${provider}.auth.secretRef\`)` : undefined;
        case "azurekv": {
            const type = at(spec, "authType") ?? "ServicePrincipal";
            if (at(spec, "authSecretRef") !== undefined || type !== "WorkloadIdentity") {
                return `authenticates with ${JSON.stringify(type)}${at(spec, "authSecretRef") !== undefined ? " and a stored secret (`authSecretRef`)" : ""}, not "WorkloadIdentity"`;
            }
            return undefined;
        }
    }
    return undefined;
}

function storeEvidence(resources: readonly PolicyResource[], cloud: Cloud | undefined): Evidence[] {
    const out: Evidence[] = [];
    for (const r of objectsOf(resources, "external-secrets.io", ["ClusterSecretStore"])) {
        const e = judge(r, `the provider of ${named(r)}`, () => {
            const provider = at(r.props, "spec", "provider");
            const keys = provider && typeof provider === "object" ? Object.keys(provider) : [];
            const what = `External Secrets ${named(r)}`;
            if (keys.length === 0) {
                return { kind: "weak", what, why: "names no provider" };
            }
            const key = keys[0];
            if (NOT_A_MANAGER.includes(key)) {
                return { kind: "weak", what, why: `uses the \`${key}\` provider, which is no external secrets manager` };
            }
            const storeCloud = PROVIDER_CLOUD[key];
            if (storeCloud && cloud && storeCloud !== cloud) {
                return { kind: "weak", what, why: `reads ${key}, which is not the cluster's cloud (${cloud}): use the cluster's own secret manager through its workload identity` };
            }
            const credential = storeCloud ? staticCredentialOf(key, at(provider, key)) : undefined;
            if (credential) {
                return { kind: "weak", what, why: `${credential}: authenticate through the operator's workload identity instead` };
            }
            return { kind: "present", what };
        });
        if (e) {
            out.push(e);
        }
    }
    return out;
}

const CSI_PROVIDERS = ["secrets-store-csi-driver-provider-aws", "csi-secrets-store-provider-azure", "secrets-store-csi-driver-provider-gcp"];

function cloudAddonEvidence(resources: readonly PolicyResource[]): Evidence[] {
    const out: Evidence[] = [];
    for (const r of resources) {
        let e: Evidence | undefined;
        if (r.type === "azure-native:containerservice:ManagedCluster") {
            e = judge(r, `addonProfiles of ${named(r)}`, () =>
                isTrue(at(r.props, "addonProfiles", "azureKeyvaultSecretsProvider", "enabled")) ? { kind: "present", what: `the Key Vault Secrets Provider add-on (${named(r)})` } : undefined,
            );
        } else if (r.type === "gcp:container/cluster:Cluster") {
            e = judge(r, `secretManagerConfig of ${named(r)}`, () =>
                isTrue(at(r.props, "secretManagerConfig", "enabled")) ? { kind: "present", what: `the Secret Manager add-on (${named(r)})` } : undefined,
            );
        }
        if (e) {
            out.push(e);
        }
    }
    return out;
}

export const externalSecretsPolicy = checklistPolicy({
    name: "k8s-stack-require-external-secrets",
    control: "k8s-external-secrets-store",
    enforcementLevel: "mandatory",
    description: "A stack holding the in-cluster baseline integrates an external secrets manager through workload identity: External Secrets Operator with a ClusterSecretStore, the Secrets Store CSI driver, or the cloud's secrets add-on.",
    layer: "baseline",
    optOutKey: "externalSecrets",
    rule: "integrate an external secrets manager through workload identity",
    fix: "configure ClusterBaseline's `externalSecrets` (External Secrets Operator with a ClusterSecretStore on the cloud's secret manager), install your own with a store that uses workload identity, or turn on the cloud's secrets add-on (AKS azureKeyvaultSecretsProvider, GKE secretManagerConfig)",
    evidence: ({ resources, cloud }) => {
        const csi = helmEvidence(resources, CSI_PROVIDERS, "the Secrets Store CSI driver's cloud provider");
        return [...storeEvidence(resources, cloud), ...csi, ...cloudAddonEvidence(resources)];
    },
});
