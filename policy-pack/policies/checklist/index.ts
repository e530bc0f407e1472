/** The checklist stack policies: each refuses the absence of a checklist line in the layer that holds it. */
import { HardenedPolicy } from "../../lib/define";
import { externalSecretsPolicy } from "./external-secrets";
import { imageVerificationPolicy } from "./image-verification";
import { meshMtlsPolicy } from "./mesh-mtls";
import { runtimeDetectionPolicy } from "./runtime-detection";

export const checklistPolicies: readonly HardenedPolicy[] = [runtimeDetectionPolicy, externalSecretsPolicy, imageVerificationPolicy, meshMtlsPolicy];
