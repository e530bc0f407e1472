/** The argument space of AksCluster (components/azure/args.ts), opt-outs with and without reasons included. */
import fc from "fast-check";
import { resolveAksClusterArgs } from "../../../components/azure";
import { argsRecord, badCidrs, field, inModes, ipv4Cidr, optionalRecord, reason, resolves } from "./common";

function build() {
    const GUID = "00000000-0000-0000-0000-00000000a001";
    const SUB = "/subscriptions/s/resourceGroups/r/providers";

    const optOut = (extra: Record<string, fc.Arbitrary<unknown>> = {}) => field(fc.record({ reason: reason(), ...extra }), [{}, true, { reason: undefined }]);

    const aksOptOuts: fc.Arbitrary<unknown> = field(
        optionalRecord({
            publicApiServer: optOut({ authorizedIpRanges: field(fc.array(ipv4Cidr, { minLength: 1, maxLength: 2 }), [[], ["0.0.0.0/0"], ["10.0.0.0/0"], ["::/0"], badCidrs.slice(0, 2)]) }),
            runCommand: optOut(),
            secretsEncryption: optOut(),
            localAccounts: optOut(),
            encryptionAtHost: optOut(),
            nodeSsh: optOut({ publicKey: field(fc.constantFrom("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMock", "ssh-rsa AAAAB3Nza"), ["", "AAAA", "ssh-dss AAAA"]) }),
            azurePolicy: optOut(),
            deleteLock: optOut(),
            privateClusterPublicFqdn: optOut(),
            userPools: optOut(),
        }),
        [{ dashboard: { reason: "a reason that is long enough" } }],
    );

    const pool = (system: boolean) =>
        argsRecord(
            { name: field(fc.constantFrom(system ? "system" : "user", "pool2", "gpu"), ["", "System", "a".repeat(13), "1pool"]) },
            {
                vmSize: field(fc.constantFrom("Standard_D4ds_v5", "Standard_D8ds_v5"), [""]),
                minCount: field(fc.integer({ min: system ? 1 : 0, max: 5 }), [-1, 0, 1001, 2.5]),
                maxCount: field(fc.integer({ min: 1, max: 10 }), [0, 1001]),
                availabilityZones: field(fc.constantFrom(["1", "2", "3"], ["1"]), [[], [1]]),
                osDiskSizeGB: field(fc.integer({ min: 30, max: 150 }), [0, 10, 5000]),
                maxPods: field(fc.integer({ min: 50, max: 250 }), [10, 49, 251]),
                nodeLabels: field(fc.constantFrom({ pool: "gpu" }, {}), [{ a: 1 }]),
                nodeTaints: field(fc.constantFrom(["gpu=true:NoSchedule"], []), [["bad taint"], ["CriticalAddonsOnly=true:NoSchedule"]]),
            },
        );

    const aksClusterArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord(
        {
            resourceGroupName: field(fc.constant("rg-aks"), [""]),
            location: field(fc.constantFrom("westeurope", "eastus2"), [""]),
            adminGroupObjectIds: field(fc.constant([GUID]), [[], ["not-a-guid"], [GUID, 7]]),
        },
        {
            kubernetesVersion: field(fc.constantFrom("1.33", "1.32.4"), ["latest", "1", "v1.33"]),
            tenantId: field(fc.constant("00000000-0000-0000-0000-000000000004")),
            deployers: field(fc.constant([{ objectId: "00000000-0000-0000-0000-00000000c001", principalType: "ServicePrincipal" }]), [[{ objectId: "ci" }], [{}]]),
            gitops: field(optionalRecord({ url: field(fc.constant("https://github.com/contoso/baseline"), ["git@github.com:c/b"]), path: field(fc.constantFrom("./", "./clusters/prod"), ["../x"]) })),
            runnerNetwork: field(fc.constant({ description: "self-hosted runner in the spoke VNet" }), [{ description: "x" }]),
            privateDnsZone: field(fc.constantFrom("system", "none", `/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io`), ["", "public"]),
            apiServerVnetIntegration: field(fc.boolean()),
            network: field(
                optionalRecord({
                    existing: field(
                        optionalRecord({
                            nodeSubnetId: field(fc.constant(`${SUB}/Microsoft.Network/virtualNetworks/v/subnets/n`)),
                            apiServerSubnetId: field(fc.constant(`${SUB}/Microsoft.Network/virtualNetworks/v/subnets/a`)),
                            customDns: field(fc.boolean(), ["yes"]),
                            routeTableId: field(fc.constant(`${SUB}/Microsoft.Network/routeTables/rt`), ["rt"]),
                        }),
                    ),
                    vnetCidr: field(fc.constantFrom("10.224.0.0/12", "10.0.0.0/8"), ["10.0.0.0/30", ...badCidrs.slice(0, 3)]),
                    nodeSubnetCidr: field(fc.constantFrom("10.224.0.0/16", "10.0.0.0/16"), ["192.168.0.0/16"]),
                    apiServerSubnetCidr: field(fc.constantFrom("10.225.0.0/28", "10.225.0.0/27"), ["10.225.0.0/29", "10.224.0.0/28"]),
                    networkPolicy: field(fc.constantFrom("cilium", "azure", "calico"), ["none", ""]),
                    outboundType: field(fc.constantFrom("loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"), ["none"]),
                    podCidr: field(fc.constant("192.168.0.0/16"), badCidrs.slice(0, 2)),
                    serviceCidr: field(fc.constantFrom("10.0.0.0/16", "172.16.0.0/16"), ["10.224.0.0/16", "172.16.0.0/12"]),
                    dnsServiceIP: field(fc.constantFrom("10.0.0.10", "172.16.0.10"), ["10.0.0.1", "ten"]),
                    connectedCidrs: field(fc.constantFrom(["10.200.0.0/16"], []), [["192.168.0.0/24"], ["x"]]),
                }),
            ),
            encryption: field(
                optionalRecord({
                    existingKey: field(
                        optionalRecord({
                            keyId: field(fc.constant("https://kv.vault.azure.net/keys/aks/0123456789abcdef"), ["https://kv.vault.azure.net/keys/aks"]),
                            keyVaultResourceId: field(fc.constant(`${SUB}/Microsoft.KeyVault/vaults/kv`), ["kv"]),
                        }),
                    ),
                    keyVaultNetworkAccess: field(fc.constantFrom("Private", "Public"), ["private"]),
                    keyRotationDays: field(fc.integer({ min: 7, max: 730 }), [0, 6, 731]),
                }),
            ),
            audit: field(
                optionalRecord({
                    level: field(fc.constantFrom("admin", "full"), ["none"]),
                    existingWorkspaceId: field(fc.constant(`${SUB}/Microsoft.OperationalInsights/workspaces/w`)),
                    retentionInDays: field(fc.integer({ min: 30, max: 730 }), [0, 29, 731]),
                }),
            ),
            systemPool: field(pool(true)),
            userPools: field(fc.array(pool(false), { maxLength: 2 }), [[{}]]),
            upgradeChannel: field(fc.constantFrom("patch", "stable", "rapid", "node-image"), ["none"]),
            nodeOsUpgradeChannel: field(fc.constantFrom("NodeImage", "SecurityPatch"), ["None", "Unmanaged"]),
            diskEncryptionSetId: field(fc.constant(`${SUB}/Microsoft.Compute/diskEncryptionSets/des`), ["des"]),
            defender: field(fc.boolean()),
            containerInsights: field(fc.boolean()),
            keyVaultSecretsProvider: field(fc.boolean()),
            skuTier: field(fc.constantFrom("Standard", "Premium"), ["Free"]),
            protect: field(fc.boolean()),
            optOuts: aksOptOuts,
            kubeloginMode: field(fc.constantFrom("azurecli", "workloadidentity", "spn", "msi", "devicecode"), ["interactive"]),
            tags: field(fc.constantFrom({ team: "platform" }), [{ a: 1 }]),
        },
    );
    return { aksClusterArgs };
}

/** AksCluster's arguments, drawn in every mode (valid only, a rare mistake, many). */
export const aksClusterArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().aksClusterArgs, resolves(a => resolveAksClusterArgs(a as never)));
