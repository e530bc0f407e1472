/**
 * Not in Checkov or pulumi-eks. People sign in through an OIDC identity provider attached to the
 * cluster (aws.eks.IdentityProviderConfig) with a groups claim, so Kubernetes RBAC binds IdP
 * groups and no one needs a long-lived IAM user.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, stackPolicy } from "../../lib/define";
import { Obj, optObject, optString } from "../../lib/read";
import { AWS_TYPES, clusterResources, subject } from "./common";

export function checkIdentityProvider(resource: CheckedResource, configs: readonly PolicyResource[]): string[] {
    if (configs.length === 0) {
        return [`${subject(resource)} must sign people in through an OIDC identity provider: no aws.eks.IdentityProviderConfig for it is in the stack.`];
    }
    const out: string[] = [];
    for (const c of configs) {
        const oidc = optObject((c.props as Obj)["oidc"], "oidc");
        const issuer = optString(oidc?.["issuerUrl"], "oidc.issuerUrl");
        if (issuer !== undefined && !issuer.startsWith("https://")) {
            out.push(`${subject(resource)} must use an https OIDC issuer: identity provider '${c.name}' has ${issuer}.`);
        }
        if (optString(oidc?.["groupsClaim"], "oidc.groupsClaim") === undefined) {
            out.push(`${subject(resource)} must map IdP groups: identity provider '${c.name}' has no \`oidc.groupsClaim\`, so RBAC can only bind individual users.`);
        }
        const prefix = optString(oidc?.["usernamePrefix"], "oidc.usernamePrefix");
        if (prefix !== undefined && prefix.startsWith("system:")) {
            out.push(`${subject(resource)} must keep IdP users out of system names: identity provider '${c.name}' has \`oidc.usernamePrefix\` ${prefix}.`);
        }
    }
    return out;
}

export const identityProviderPolicy = stackPolicy<Record<string, never>, readonly PolicyResource[]>({
    name: "eks-cluster-require-identity-provider",
    control: "eks-oidc-users",
    enforcementLevel: "mandatory",
    description: "EKS clusters must have an OIDC identity provider for people, with a groups claim.",
    selects: type => type === AWS_TYPES.cluster,
    context: resources => resources,
    check: (resource, resources, _config, raw) => checkIdentityProvider(resource, clusterResources(resources, raw, AWS_TYPES.identityProviderConfig)),
});
