/**
 * Checklist "runtime protection"; CIS GKE 5.5.4; Checkov CKV_GCP_70. A release channel keeps the
 * control plane and nodes on supported, patched versions. Advisory: pinning a version is a choice.
 */
import { CheckedResource, resourcePolicy, subjectOf } from "../../lib/define";
import { optObject, optString } from "../../lib/read";
import { CLUSTER_TYPE } from "./resources";

export function checkReleaseChannel(resource: CheckedResource): string[] {
    const channel = optString(optObject(resource.props["releaseChannel"], "releaseChannel")?.["channel"], "releaseChannel.channel");
    return channel === undefined || channel === "UNSPECIFIED"
        ? [`${subjectOf(resource)} must be enrolled in a release channel: \`releaseChannel.channel\` is ${channel === undefined ? "unset" : '"UNSPECIFIED"'}. Set it to "REGULAR" (or RAPID, STABLE, EXTENDED).`]
        : [];
}

export const releaseChannelPolicy = resourcePolicy({
    name: "gke-cluster-require-release-channel",
    control: "gke-release-channel",
    enforcementLevel: "advisory",
    description: "GKE clusters are enrolled in a release channel.",
    types: [CLUSTER_TYPE],
    check: checkReleaseChannel,
});
