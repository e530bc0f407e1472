/**
 * Checklist "secrets encrypted at rest"; CIS GKE 5.3.1. Application-layer Secrets encryption
 * with a Cloud KMS key. Checkov has no check for it. The key name is usually computed by the key
 * resource, so only its presence is read (it is unknown during preview).
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE, hasValue } from "./resources";

export function checkSecretsEncryption(resource: CheckedResource): string[] {
    const subject = subjectOf(resource);
    const encryption = optObject(resource.props["databaseEncryption"], "databaseEncryption");
    const state = optString(encryption?.["state"], "databaseEncryption.state");
    if (state !== "ENCRYPTED") {
        return [
            `${subject} must encrypt Secrets with a Cloud KMS key: \`databaseEncryption.state\` is ${state === undefined ? "unset" : `"${state}"`}. ` +
                "Set `databaseEncryption: { state: \"ENCRYPTED\", keyName }`.",
        ];
    }
    if (!hasValue(encryption, "keyName", "databaseEncryption.keyName")) {
        return [`${subject} must encrypt Secrets with a Cloud KMS key: \`databaseEncryption.keyName\` is missing.`];
    }
    return [];
}

export const secretsEncryptionPolicy = resourcePolicy({
    name: "gke-cluster-require-secrets-encryption",
    control: "gke-secrets-encryption",
    enforcementLevel: "mandatory",
    description: "GKE clusters encrypt Secrets at the application layer with a Cloud KMS key.",
    types: [CLUSTER_TYPE],
    check: checkSecretsEncryption,
});
