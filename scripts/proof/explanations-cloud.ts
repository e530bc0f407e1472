/**
 * Survivors on the cloud resources that are no weakening. Three kinds, each named per property:
 * - the provider's default for an absent property is the secure value (removing it changes nothing);
 * - the cloud API accepts only certain values (an enum, an ARN, a GUID), so `*`, "" or another
 *   setting's token is rejected at create and never deploys;
 * - a reference (a key, a workspace, a service account) is judged by its presence: its value is
 *   computed by another resource, unknown during preview, and validated by the cloud.
 * Every entry is a claim about the provider a reviewer can check against its documentation.
 */
import { Mutation } from "./mutate";
import { pathKey } from "./surface";

type Operator = Mutation["operator"];

interface CloudExplanation {
    readonly type: RegExp;
    readonly path: RegExp;
    readonly operators: readonly Operator[];
    readonly reason: string;
    /** Only for resources whose URN matches (the same type can be one control's and not another's). */
    readonly urn?: RegExp;
}

const INVALID: readonly Operator[] = ["wildcard", "empty", "weaken"];
const REFERENCE: readonly Operator[] = ["unknown", "wildcard", "empty", "weaken"];

function secureDefault(type: RegExp, path: RegExp, reason: string): CloudExplanation {
    return { type, path, operators: ["remove"], reason: `the provider's default is the secure value: ${reason}` };
}

function rejected(type: RegExp, path: RegExp, reason: string, operators: readonly Operator[] = INVALID): CloudExplanation {
    return { type, path, operators, reason: `the cloud API rejects the value: ${reason}` };
}

function reference(type: RegExp, path: RegExp, what: string): CloudExplanation {
    return { type, path, operators: REFERENCE, reason: `${what} is judged by its presence; its value comes from another resource (unknown during preview) and the cloud validates it` };
}

const EKS_CLUSTER = /^aws:eks\/cluster:Cluster$/;
const GKE = /^gcp:container\/(cluster:Cluster|nodePool:NodePool)$/;
const AKS = /^azure-native:containerservice:(ManagedCluster|AgentPool)$/;

const CLOUD_EXPLANATIONS: readonly CloudExplanation[] = [
    // EKS
    {
        type: /^aws:cloudwatch\/logGroup:LogGroup$/,
        path: /^name$/,
        urn: /-flow-logs$/,
        operators: ["remove"],
        reason: "the VPC flow log writes to the group's ARN output (components/aws/network.ts), so a provider-named group gets the same logs with the same retention and key (the control-plane group's fixed name is another URN)",
    },
    { type: /^aws:eks\/accessEntry:AccessEntry$/, path: /^tags$/, operators: ["empty", "remove"], reason: "tags label an access entry; the access policy association decides its rights" },
    reference(/^aws:eks\/(accessPolicyAssociation:AccessPolicyAssociation|accessEntry:AccessEntry)$/, /^principalArn$/, "the principal ARN"),
    rejected(/^aws:ec2\/launchTemplate:LaunchTemplate$/, /^metadataOptions\.httpPutResponseHopLimit$/, "the hop limit is 1 to 64", ["zero"]),
    secureDefault(/^aws:eks\/identityProviderConfig:IdentityProviderConfig$/, /^oidc\.usernamePrefix$/, "without a prefix EKS prefixes usernames with the issuer URL, so OIDC users cannot collide with system: users"),
    rejected(/^aws:eks\/identityProviderConfig:IdentityProviderConfig$/, /^oidc\.usernamePrefix$/, "EKS rejects a username prefix that starts with system:, and any other prefix only renames users", ["wildcard", "empty", "weaken"]),
    rejected(/^aws:eks\/accessPolicyAssociation:AccessPolicyAssociation$/, /^(policyArn|accessScope(\.type)?|principalArn|clusterName)$/, "policyArn, principalArn and accessScope are required and checked against the access policies and scopes EKS defines", ["remove", "empty", "wildcard", "weaken"]),
    rejected(EKS_CLUSTER, /^(enabledClusterLogTypes|encryptionConfig\.resources)$/, "log types and encrypted resources are enums (api, audit, ...; secrets)", ["wildcard"]),
    reference(EKS_CLUSTER, /^encryptionConfig\.provider\.keyArn$/, "the secrets encryption key ARN"),
    reference(/^aws:cloudwatch\/logGroup:LogGroup$/, /^kmsKeyId$/, "the log group's KMS key"),
    { type: /^aws:cloudwatch\/logGroup:LogGroup$/, path: /^retentionInDays$/, operators: ["raise"], reason: "a longer retention keeps logs longer (and values outside CloudWatch's list are rejected)" },
    { type: /^aws:kms\/key:Key$/, path: /^deletionWindowInDays$/, operators: ["remove", "raise"], reason: "the default window is the 30-day maximum, and KMS rejects a longer one" },
    secureDefault(/^aws:kms\/key:Key$/, /^policy$/, "without a policy KMS applies its default key policy, which keeps the account root in control (the lock-out the control guards against cannot happen)"),
    rejected(/^aws:eks\/addon:Addon$/, /^addonName$/, "add-on names are a fixed catalogue; another name installs another add-on, judged on its own", ["remove", "empty", "wildcard", "weaken"]),
    secureDefault(/^aws:ec2\/launchTemplate:LaunchTemplate$/, /^metadataOptions\.httpEndpoint$/, "the instance metadata endpoint defaults to enabled, as set; tokens and hop limit are what the control judges"),
    rejected(/^aws:ec2\/launchTemplate:LaunchTemplate$/, /^metadataOptions\.httpEndpoint$/, "httpEndpoint is enabled or disabled"),
    secureDefault(/^aws:ec2\/subnet:Subnet$/, /^mapPublicIpOnLaunch$/, "subnets do not map public IPs unless asked"),
    rejected(/^aws:eks\/identityProviderConfig:IdentityProviderConfig$/, /^oidc\.(issuerUrl|clientId|identityProviderConfigName)$/, "the issuer URL, client id and name are required", ["remove", "empty", "wildcard", "weaken"]),
    { type: /^aws:eks\/identityProviderConfig:IdentityProviderConfig$/, path: /^oidc\.(groupsClaim|usernameClaim)$/, operators: ["wildcard", "empty", "weaken"], reason: "a claim that the IdP does not issue maps users to no groups, which grants less" },
    rejected(/^aws:eks\/accessEntry:AccessEntry$/, /^principalArn$/, "an access entry's principalArn is required (EKS CreateAccessEntry)", ["remove"]),
    rejected(/^aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule$/, /^(cidrIpv4|cidrIpv6|referencedSecurityGroupId)$/, "a rule needs exactly one source (CIDR, prefix list or security group) and EC2 rejects a malformed CIDR such as \"*\" or \"\" (AuthorizeSecurityGroupIngress); a wider CIDR is what the rule judges", ["remove", "empty", "wildcard"]),
    { type: /^aws:eks\/podIdentityAssociation:PodIdentityAssociation$/, path: /^(namespace|serviceAccount)$/, operators: ["weaken"], reason: "another exact name still binds one service account in one namespace (EKS rejects names that are no Kubernetes name); a wildcard or an empty name is what the rule refuses" },
    rejected(/^aws:iam\/role:Role$/, /^assumeRolePolicy$/, "a role needs its trust policy (required by IAM CreateRole); the IRSA rule judges the trust it grants", ["remove", "empty"]),
    { type: /^aws:cloudwatch\/logGroup:LogGroup$/, path: /^name$/, operators: ["empty", "wildcard", "weaken", "remove"], reason: "a log group's name only tells the control-plane group (/aws/eks/<cluster>/cluster) apart; renaming another group (the VPC flow logs') changes no retention or key, and the flow log itself is what eks-vpc-require-flow-logs judges" },
    { type: /^aws:eks\/accessEntry:AccessEntry$/, path: /^tags$/, operators: ["unknown", "empty", "remove"], reason: "an access entry's tags matter only as the cluster-admin marker; an entry whose grant is view or namespaced needs none, and a marked entry that loses it leaves its admin undeclared, which the cluster-admin rule reports" },
    // GKE
    { type: /^gcp:container\/cluster:Cluster$/, path: /^loggingConfig\.enableComponents(\[\d+\])?$/, operators: ["drop-element", "wildcard", "empty", "weaken"], reason: "the control requires SYSTEM_COMPONENTS and APISERVER (the audit-relevant components); the others are diagnostics, and unknown component names are rejected" },
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^(deletionProtection|enableShieldedNodes)$/, "deletion protection and shielded nodes default to true in the provider"),
    secureDefault(GKE, /^nodeConfig\.shieldedInstanceConfig\.enableIntegrityMonitoring$/, "integrity monitoring defaults to true"),
    secureDefault(GKE, /^nodeConfig\.imageType$/, "GKE's default node image is COS_CONTAINERD"),
    secureDefault(/^gcp:container\/nodePool:NodePool$/, /^management(\.(autoUpgrade|autoRepair))?$/, "node pool auto-upgrade and auto-repair default to true"),
    secureDefault(GKE, /^nodeConfig\.kubeletConfig(\.insecureKubeletReadonlyPortEnabled)?$/, "a node pool without its own kubelet setting inherits nodePoolDefaults, which the component sets to FALSE and the policy judges"),
    rejected(GKE, /^nodeConfig\.kubeletConfig\.insecureKubeletReadonlyPortEnabled$/, "the setting is the string TRUE or FALSE"),
    rejected(/^gcp:container\/cluster:Cluster$/, /^releaseChannel\.channel$/, "the channel is RAPID, REGULAR, STABLE, EXTENDED or UNSPECIFIED (the last is caught)"),
    reference(/^gcp:container\/cluster:Cluster$/, /^databaseEncryption\.keyName$/, "the Cloud KMS key of application-layer secrets encryption"),
    reference(GKE, /^nodeConfig\.serviceAccount$/, "the node service account"),
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^masterAuthorizedNetworksConfig(\.cidrBlocks|\.gcpPublicCidrsAccessEnabled)?$/, "an empty authorized-networks block allows no external network, and Google Cloud public ranges are off unless enabled"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^masterAuthorizedNetworksConfig$/, operators: ["empty"], reason: "an empty authorized-networks block allows no external network" },
    { type: /^gcp:container\/cluster:Cluster$/, path: /^loggingConfig\.enableComponents\[\d+\]$/, operators: ["remove"], reason: "the control requires SYSTEM_COMPONENTS and APISERVER; the other components are diagnostics" },
    { type: /^gcp:container\/cluster:Cluster$/, path: /^nodeConfig\.kubeletConfig$/, operators: ["empty"], reason: "an empty kubelet config inherits nodePoolDefaults, which the component sets to FALSE and the policy judges" },
    { type: /^gcp:container\/nodePool:NodePool$/, path: /^management$/, operators: ["empty"], reason: "node pool auto-upgrade and auto-repair default to true" },
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^(masterAuth(\.clientCertificateConfig(\.issueClientCertificate)?)?|enableLegacyAbac)$/, "GKE issues no client certificate and enables no legacy ABAC unless asked"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^masterAuth(\.clientCertificateConfig)?$/, operators: ["empty"], reason: "GKE issues no client certificate unless asked" },
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^networkingMode$/, "the provider (v5 and later) creates VPC-native clusters by default"),
    rejected(/^gcp:container\/cluster:Cluster$/, /^networkingMode$/, "networkingMode is VPC_NATIVE or ROUTES (ROUTES is caught)"),
    reference(/^gcp:container\/cluster:Cluster$/, /^workloadIdentityConfig\.workloadPool$/, "the workload identity pool"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^ipAllocationPolicy$/, operators: ["empty"], reason: "an empty IP allocation policy still makes the cluster VPC-native, with ranges GKE creates" },
    rejected(/^gcp:projects\/iAMMember:IAMMember$/, /^role$/, "role is required", ["remove"]),
    rejected(/^gcp:projects\/iAMMember:IAMMember$/, /^member$/, "member is required and IAM accepts only principal identifiers (\"*\" and \"\" are rejected); node-account grants are judged by their dependency on the account", ["remove", "wildcard", "empty"]),
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^securityPostureConfig(\.mode)?$/, "GKE turns security posture scanning on (BASIC) for clusters on 1.27 and later; only DISABLED turns it off, which is caught"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^securityPostureConfig$/, operators: ["empty"], reason: "without a mode GKE keeps its default, BASIC" },
    rejected(/^gcp:container\/cluster:Cluster$/, /^securityPostureConfig\.mode$/, "the mode is an enum (BASIC, ENTERPRISE, DISABLED; DISABLED is caught)"),
    secureDefault(GKE, /^nodeConfig\.metadata(\.disable-legacy-endpoints)?$/, "GKE disables the legacy metadata endpoints by default since 1.12 (CIS GKE 5.4.1); only an explicit \"false\" turns them on, which is caught"),
    { type: GKE, path: /^nodeConfig\.metadata$/, operators: ["empty"], reason: "without the key GKE keeps the legacy endpoints off (1.12 and later)" },
    { type: /^gcp:container\/nodePool:NodePool$/, path: /^nodeConfig\.kubeletConfig$/, operators: ["empty"], reason: "an empty kubelet config inherits the cluster's nodePoolDefaults, which the policy judges over the cluster and its pools" },
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^controlPlaneEndpointsConfig\.dnsEndpointConfig\.(enableK8sTokensViaDns|enableK8sCertsViaDns)$/, "the DNS endpoint takes Kubernetes tokens and certificates only when asked"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^controlPlaneEndpointsConfig\.dnsEndpointConfig\.allowExternalTraffic$/, operators: ["remove", "flip"], reason: "without external traffic the DNS endpoint serves no user request: fewer ways in, not more" },
    { type: /^gcp:container\/cluster:Cluster$/, path: /^controlPlaneEndpointsConfig\.ipEndpointsConfig(\.enabled)?$/, operators: ["remove", "empty", "flip"], reason: "IP endpoints default to enabled, the value the component writes (their privacy is judged on privateClusterConfig and authorized networks); turning them off leaves only the IAM-gated DNS endpoint, Google's recommended form, which is stronger" },
    // AKS
    rejected(AKS, /^agentPoolProfiles(\[\d+\])?$/, "a managed cluster needs its system pool", ["remove", "empty", "drop-element"]),
    rejected(AKS, /^agentPoolProfiles\[\d+\]\.name$/, "pool names are required, lowercase alphanumerics", ["remove", "empty", "wildcard", "weaken"]),
    reference(AKS, /^addonProfiles\.omsagent\.config\.logAnalyticsWorkspaceResourceID$/, "the Log Analytics workspace"),
    secureDefault(AKS, /^addonProfiles\.azureKeyvaultSecretsProvider\.config\.rotationPollInterval$/, "the Key Vault provider polls every two minutes unless told otherwise (learn.microsoft.com, AKS \"csi-secrets-store-configuration-options\": \"The default rotation poll interval is two minutes\")"),
    reference(AKS, /^securityProfile\.defender\.logAnalyticsWorkspaceResourceId$/, "the Defender sensor's Log Analytics workspace"),
    rejected(AKS, /^aadProfile\.adminGroupObjectIDs$/, "admin group ids are Entra object GUIDs", ["wildcard"]),
    reference(/^azure-native:monitor:DiagnosticSetting$/, /^workspaceId$/, "the Log Analytics workspace"),
    reference(AKS, /^securityProfile\.azureKeyVaultKms\.(keyId|keyVaultResourceId)$/, "the Key Vault key (or vault)"),
    { type: AKS, path: /^securityProfile\.azureKeyVaultKms\.keyVaultNetworkAccess$/, operators: ["remove", "wildcard", "empty", "weaken"], reason: "how the API server reaches the vault: with the vault private, Public cannot reach it and KMS fails closed (and other values are rejected); the vault's own network rules decide its exposure" },
    secureDefault(AKS, /^(agentPoolProfiles\[\d+\]\.)?(osType|type|enableNodePublicIP)$/, "pools are Linux virtual machine scale sets without node public IPs unless asked"),
    rejected(AKS, /^(agentPoolProfiles\[\d+\]\.)?(osType|type|mode)$/, "the OS type, pool type and mode are enums (Windows, AvailabilitySet and User are judged by their own policies)", ["wildcard", "empty", "weaken", "remove"]),
    rejected(/^azure-native:containerservice:AgentPool$/, /^agentPoolName$/, "the pool name is required, lowercase alphanumerics", ["remove", "empty", "wildcard", "weaken"]),
    secureDefault(AKS, /^networkProfile\.networkDataplane$/, "the data plane defaults to azure, which enforces the network policy engine the cluster names (networkPolicy is what the control judges)"),
    rejected(AKS, /^networkProfile\.networkDataplane$/, "the data plane is azure or cilium, both enforcing NetworkPolicy"),
    reference(AKS, /^(diskEncryptionSetID|securityProfile\.defender\.logAnalyticsWorkspaceResourceId)$/, "the disk encryption set (or Defender's workspace)"),
    rejected(/^aws:ec2\/launchTemplate:LaunchTemplate$/, /^blockDeviceMappings(\[\d+\])?$/, "a mapping without its device name is rejected; dropping a data volume's mapping drops the volume (the root device must stay declared and encrypted, which the policy checks)", ["empty", "drop-element", "remove"]),
    rejected(/^aws:ec2\/launchTemplate:LaunchTemplate$/, /^blockDeviceMappings\[\d+\]\.ebs$/, "an EBS mapping without its ebs block declares no volume; the root device's must stay, which the policy checks", ["remove", "empty"]),
    rejected(/^gcp:kms\/cryptoKeyIAMMember:CryptoKeyIAMMember$/, /^(role|member|cryptoKeyId)$/, "role, member and key are required, and only the GKE service agent's grant of the encrypter role lets the cluster use the key (a missing grant fails cluster creation)", ["remove", "wildcard", "empty", "weaken", "unknown"]),
    secureDefault(/^gcp:container\/cluster:Cluster$/, /^controlPlaneEndpointsConfig(\.dnsEndpointConfig)?$/, "without it the DNS endpoint refuses external traffic"),
    { type: /^gcp:container\/cluster:Cluster$/, path: /^controlPlaneEndpointsConfig(\.dnsEndpointConfig)?$/, operators: ["empty"], reason: "without it the DNS endpoint refuses external traffic" },
    { type: /^gcp:container\/cluster:Cluster$/, path: /^masterAuthorizedNetworksConfig\.cidrBlocks(\[\d+\])?$/, operators: ["remove", "empty", "drop-element"], reason: "removing an authorized network allows fewer networks" },
    rejected(/^gcp:container\/cluster:Cluster$/, /^masterAuthorizedNetworksConfig\.cidrBlocks\[\d+\]\.cidrBlock$/, "cidrBlock is a required CIDR (0.0.0.0/0 is caught)", ["remove", "wildcard", "empty"]),
    reference(/^gcp:container\/cluster:Cluster$/, /^authenticatorGroupsConfig\.securityGroup$/, "the Google Groups security group"),
    rejected(AKS, /^(agentPoolProfiles\[\d+\]\.)?nodeTaints$/, "a taint must be key=value:Effect", ["wildcard"]),
    secureDefault(/^azure-native:keyvault:Vault$/, /^properties\.enableSoftDelete$/, "a new vault gets soft delete unless it is set false (azure-native VaultProperties), which aks-key-vault-require-purge-protection reports"),
    { type: /^azure-native:keyvault:Vault$/, path: /^properties\.publicNetworkAccess$/, operators: ["weaken"], reason: "the same value in another case: Key Vault reads it case-insensitively ('disabled' in its own documentation)" },
    rejected(/^azure-native:keyvault:Key$/, /^vaultName$/, "a key is created in a named vault; the KMS vault is also found through the cluster's dependency on it", ["remove", "wildcard", "empty"]),
    secureDefault(/^azure-native:authorization:PolicyAssignment$/, /^enforcementMode$/, "an assignment enforces unless set to DoNotEnforce, which aks-cluster-require-pod-security-initiative reports"),
    { type: AKS, path: /^(agentPoolProfiles\[\d+\]\.)?maxPods$/, operators: ["raise"], reason: "pod density is capacity, not exposure (and AKS caps it at 250)" },
];

export function explainCloud(type: string, m: Mutation): string | undefined {
    const key = pathKey(m.path);
    return CLOUD_EXPLANATIONS.find(e => e.type.test(type) && e.path.test(key) && e.operators.includes(m.operator) && (e.urn === undefined || e.urn.test(m.urn)))?.reason;
}
