/**
 * Checklist "workload identity, no static cloud credentials"; CIS GCP 1.4 ("Ensure that there are
 * only GCP-managed service account keys for each service account"). A `serviceaccount.Key` is a
 * long-lived private key, stored in the stack's state and wherever it is handed; Workload Identity
 * (pods), Workload Identity Federation (CI) and impersonation replace it.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { SERVICE_ACCOUNT_KEY_TYPE } from "./resources";

export function checkServiceAccountKey(resource: CheckedResource): string[] {
    return [
        `${subjectOf(resource)} must not exist: a service account key is a long-lived credential stored in the stack's state. Use Workload Identity for pods, Workload Identity Federation for CI, or impersonation.`,
    ];
}

export const serviceAccountKeyPolicy = resourcePolicy({
    name: "gke-service-account-disallow-keys",
    control: "gke-static-cloud-credentials",
    enforcementLevel: "mandatory",
    description: "The stack creates no user-managed service account key.",
    types: [SERVICE_ACCOUNT_KEY_TYPE],
    check: checkServiceAccountKey,
});
