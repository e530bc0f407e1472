"use strict";
/**
 * What the mocked clouds answer: the few data-source calls the components make, and plausible
 * computed outputs, so that a plan reads like a preview against a real account. Any other call is
 * an error: a component that starts calling something new must say what it expects back.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.mockCall = mockCall;
exports.fakeOutputs = fakeOutputs;
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const CALLS = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/hcb`, userId: "AIDHCB", id: ACCOUNT }),
    "aws:index/getRegion:getRegion": () => ({ name: REGION, region: REGION, id: REGION, description: "Europe (Ireland)" }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({ names: [`${REGION}a`, `${REGION}b`, `${REGION}c`], zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"], id: REGION }),
    "gcp:organizations/getProject:getProject": inputs => ({ projectId: inputs["projectId"] ?? "hcb-project", number: "123456789", name: "hcb-project", id: "projects/hcb-project" }),
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: "hcb-project", region: "europe-west1", zone: "europe-west1-b", accessToken: "mock", id: "mock" }),
    "azure-native:authorization:getClientConfig": () => ({ clientId: "00000000-0000-0000-0000-000000000001", objectId: "00000000-0000-0000-0000-000000000002", subscriptionId: "00000000-0000-0000-0000-000000000003", tenantId: "00000000-0000-0000-0000-000000000004" }),
};
function mockCall(token, inputs) {
    const answer = CALLS[token];
    if (!answer) {
        throw new Error(`unmocked call ${token}: add its answer to cli/plan/mock-cloud.ts`);
    }
    return answer(inputs);
}
/** Inputs echoed as outputs, plus the identifiers a provider computes. */
function fakeOutputs(type, name, inputs) {
    const out = { ...inputs };
    if (type.startsWith("aws:")) {
        const service = type.split(":")[1].split("/")[0];
        out["arn"] ??= `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
    }
    if (type.startsWith("kubernetes:")) {
        const metadata = (inputs["metadata"] ?? {});
        if (metadata["name"] === undefined && !type.endsWith("List")) {
            // The provider auto-names objects `<name>-<suffix>`; a fixed suffix keeps plans stable.
            out["metadata"] = { ...metadata, name: `${name}-hcb0001` };
        }
    }
    return out;
}
//# sourceMappingURL=mock-cloud.js.map