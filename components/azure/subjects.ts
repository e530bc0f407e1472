/**
 * People's identities in an AKS cluster's RBAC subjects, as AKS names them with managed Entra ID:
 * a group is its Entra object id, a GUID (MS docs kubernetes-rbac-entra-id.md ~L247-262: "replace
 * groupObjectId with the group object ID"); a user is its object id or user principal name. Any
 * other name (an `oidc:` prefix, a group's display name) binds nobody: an error, never a silent
 * no-op. With Azure RBAC on (always, in AksCluster), access can also be an Azure role assignment
 * at the cluster or a namespace scope (mspnp/aks-baseline cluster-stamp.bicep ~L1039-1080).
 */
import { subjectReason } from "../kubernetes/identities";

export interface AksSubject {
    readonly kind: "User" | "Group";
    readonly name: string;
    /** Where the subject was written, for messages (`namespaces[0].developerGroups[1]`). */
    readonly path: string;
}

/** One problem per subject that binds nobody on an Entra-integrated AKS cluster, naming where it is and the fix; the rule is subjectReason's (components/kubernetes/identities.ts). */
export function aksSubjectProblems(subjects: readonly AksSubject[]): string[] {
    const out: string[] = [];
    for (const s of subjects) {
        const reason = subjectReason({ cloud: "azure" }, s);
        if (reason === undefined) {
            continue;
        }
        const at = `\`${s.path}\` ("${s.name}")`;
        out.push(
            reason === "aks-group-not-object-id"
                ? `${at} binds nobody on AKS: Entra ID names a group in RBAC by its object id (a GUID). Give \`az ad group show --group <name> --query id -o tsv\`.`
                : `${at} binds nobody on AKS: Entra ID names a user by object id (a GUID) or user principal name (user@your-tenant-domain).`,
        );
    }
    return out;
}
