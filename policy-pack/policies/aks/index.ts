import { HardenedPolicy } from "../../lib/define";
import { publicApiServerPolicy } from "./cluster-disallow-public-api-server";
import { authorizedIpRangesPolicy } from "./cluster-restrict-authorized-ip-ranges";
import { runCommandPolicy } from "./cluster-disallow-run-command";
import { entraRbacPolicy } from "./cluster-require-entra-rbac";
import { localAccountsPolicy } from "./cluster-disallow-local-accounts";
import { workloadIdentityPolicy } from "./cluster-require-workload-identity";
import { managedIdentityPolicy } from "./cluster-require-managed-identity";
import { kmsSecretsEncryptionPolicy } from "./cluster-require-kms-secrets-encryption";
import { auditLogsPolicy } from "./cluster-require-audit-logs";
import { containerInsightsPolicy } from "./cluster-require-container-insights";
import { networkPolicyPolicy } from "./cluster-require-network-policy";
import { azureCniPolicy } from "./cluster-require-azure-cni";
import { nodePublicIpPolicy } from "./node-pool-disallow-public-ip";
import { encryptionAtHostPolicy } from "./node-pool-require-encryption-at-host";
import { ephemeralOsDiskPolicy } from "./node-pool-require-ephemeral-os-disk";
import { diskEncryptionSetPolicy } from "./cluster-require-disk-encryption-set";
import { nodeSshPolicy } from "./node-pool-disallow-ssh";
import { azureLinuxPolicy } from "./node-pool-require-azure-linux";
import { systemPoolPolicy } from "./node-pool-restrict-system-pool-workloads";
import { autoUpgradePolicy } from "./cluster-require-auto-upgrade";
import { azurePolicyPolicy } from "./cluster-require-azure-policy";
import { riskyAddonsPolicy } from "./cluster-disallow-risky-addons";
import { defenderPolicy } from "./cluster-require-defender";
import { secretRotationPolicy } from "./cluster-require-secret-rotation";
import { paidSkuPolicy } from "./cluster-require-paid-sku";
import { capacityBaselinePolicy } from "./node-pool-enforce-capacity-baseline";
import { deleteLockPolicy } from "./cluster-require-delete-lock";
import { azureNpmPolicy } from "./cluster-disallow-azure-npm";
import { purgeProtectionPolicy } from "./key-vault-require-purge-protection";
import { vaultNetworkPolicy } from "./key-vault-disallow-public-network-access";
import { kmsKeyRotationPolicy } from "./key-vault-key-require-rotation";
import { podSecurityInitiativePolicy } from "./cluster-require-pod-security-initiative";

/** The AKS policies, in the order the pack runs them (control-catalogue order). */
export const aksPolicies: readonly HardenedPolicy[] = [
    publicApiServerPolicy,
    authorizedIpRangesPolicy,
    runCommandPolicy,
    entraRbacPolicy,
    localAccountsPolicy,
    workloadIdentityPolicy,
    managedIdentityPolicy,
    kmsSecretsEncryptionPolicy,
    purgeProtectionPolicy,
    vaultNetworkPolicy,
    kmsKeyRotationPolicy,
    auditLogsPolicy,
    containerInsightsPolicy,
    networkPolicyPolicy,
    azureCniPolicy,
    azureNpmPolicy,
    nodePublicIpPolicy,
    encryptionAtHostPolicy,
    ephemeralOsDiskPolicy,
    diskEncryptionSetPolicy,
    nodeSshPolicy,
    azureLinuxPolicy,
    systemPoolPolicy,
    autoUpgradePolicy,
    azurePolicyPolicy,
    podSecurityInitiativePolicy,
    riskyAddonsPolicy,
    defenderPolicy,
    secretRotationPolicy,
    paidSkuPolicy,
    capacityBaselinePolicy,
    deleteLockPolicy,
];
