/**
 * What the mocked clouds answer: the few data-source calls the components make, and plausible
 * computed outputs, so that a plan reads like a preview against a real account. Any other call is
 * an error: a component that starts calling something new must say what it expects back.
 */

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

const CALLS: Readonly<Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/hcb`, userId: "AIDHCB", id: ACCOUNT }),
    "aws:index/getRegion:getRegion": () => ({ name: REGION, region: REGION, id: REGION, description: "Europe (Ireland)" }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({ names: [`${REGION}a`, `${REGION}b`, `${REGION}c`], zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"], id: REGION }),
    // EKS add-on versions are published per Kubernetes version (describe-addon-versions); a stable fake.
    "aws:eks/getAddonVersion:getAddonVersion": inputs => ({ addonName: inputs["addonName"], kubernetesVersion: inputs["kubernetesVersion"], version: `v${inputs["kubernetesVersion"]}.0-eksbuild.1`, id: `${inputs["addonName"]}` }),
    "gcp:organizations/getProject:getProject": inputs => ({ projectId: inputs["projectId"] ?? "hcb-project", number: "123456789", name: "hcb-project", id: "projects/hcb-project" }),
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: "hcb-project", region: "europe-west1", zone: "europe-west1-b", accessToken: "mock", id: "mock" }),
    "azure-native:authorization:getClientConfig": () => ({ clientId: "00000000-0000-0000-0000-000000000001", objectId: "00000000-0000-0000-0000-000000000002", subscriptionId: "00000000-0000-0000-0000-000000000003", tenantId: "00000000-0000-0000-0000-000000000004" }),
    "azure-native:containerservice:listManagedClusterUserCredentials": inputs => ({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from(`apiVersion: v1\nkind: Config\nclusters:\n- name: ${inputs["resourceName"]}\n  cluster:\n    server: https://${inputs["resourceName"]}.privatelink.westeurope.azmk8s.io:443\n    certificate-authority-data: bW9jaw==\ncontexts:\n- name: ${inputs["resourceName"]}\n  context: {cluster: ${inputs["resourceName"]}, user: clusterUser}\ncurrent-context: ${inputs["resourceName"]}\nusers:\n- name: clusterUser\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]}\n`).toString("base64") }] }),
};

export function mockCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const answer = CALLS[token];
    if (!answer) {
        throw new Error(`unmocked call ${token}: add its answer to cli/plan/mock-cloud.ts`);
    }
    return answer(inputs);
}

/** Inputs echoed as outputs, plus the identifiers a provider computes. */
export function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...inputs };
    if (type.startsWith("aws:")) {
        const service = type.split(":")[1].split("/")[0];
        out["arn"] ??= `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
    }
    if (type === "aws:eks/cluster:Cluster") {
        // What EKS computes for a new cluster: the endpoint, its CA, the cluster security group
        // (vpcConfig.clusterSecurityGroupId) and the OIDC issuer.
        const vpcConfig = (inputs["vpcConfig"] ?? {}) as Record<string, unknown>;
        out["endpoint"] ??= `https://${name.toUpperCase()}0123456789ABCDEF.gr7.${REGION}.eks.amazonaws.com`;
        out["certificateAuthority"] ??= { data: Buffer.from(`mock CA of ${name}`).toString("base64") };
        out["vpcConfig"] = { ...vpcConfig, clusterSecurityGroupId: vpcConfig["clusterSecurityGroupId"] ?? "sg-0c1a5fe0000000001", vpcId: vpcConfig["vpcId"] ?? "vpc-0c1a5fe0000000001" };
        out["identities"] ??= [{ oidcs: [{ issuer: `https://oidc.eks.${REGION}.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF` }] }];
    }
    if (type === "azure-native:keyvault:Key") {
        // The versioned key id is computed by Key Vault; AKS KMS needs it, so give one.
        const keyName = typeof inputs["keyName"] === "string" ? inputs["keyName"] : name;
        out["keyUri"] ??= `https://${name}.vault.azure.net/keys/${keyName}`;
        out["keyUriWithVersion"] ??= `https://${name}.vault.azure.net/keys/${keyName}/0123456789abcdef0123456789abcdef`;
    }
    if (type.startsWith("kubernetes:")) {
        const metadata = (inputs["metadata"] ?? {}) as Record<string, unknown>;
        if (metadata["name"] === undefined && !type.endsWith("List")) {
            // The provider auto-names objects `<name>-<suffix>`; a fixed suffix keeps plans stable.
            out["metadata"] = { ...metadata, name: `${name}-hcb0001` };
        }
    }
    return out;
}
