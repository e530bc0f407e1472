/**
 * The identity that applies the in-cluster baseline (the "deployer"), and whether its access can
 * create what the baseline creates: Namespaces, ClusterRoles and ClusterRoleBindings, the add-ons'
 * CustomResourceDefinitions (through their Helm charts) and admission webhook configurations. All
 * of these are cluster-scoped, so a namespace-scoped or "admin/edit" grant gets halfway through
 * the baseline and stops with `forbidden`. The program refuses such a deployer before anything is
 * registered, naming `hcb:deployer` (or the cluster setting that decides it) and the fix.
 *
 * The deployer comes from:
 * - `hcb:deployer` { principal, access, scope? }, as the stack declares it (any stage that holds
 *   the baseline);
 * - on EKS, when the stack holds the cluster, the role the kubeconfig assumes (`deployerRoleArn`,
 *   else `adminRoleArn`), which EksCluster grants AmazonEKSClusterAdminPolicy at cluster scope;
 * - on AKS, the cluster's `deployers` (granted "Azure Kubernetes Service RBAC Cluster Admin" at
 *   the cluster scope by AksCluster).
 *
 * What suffices, per cloud (the documents checked, section named):
 * - EKS (awsdocs/amazon-eks-user-guide latest/ug/manage-access/k8s-access/access-policy-reference.adoc,
 *   "Review access policy permissions"): only AmazonEKSClusterAdminPolicy holds `*` on every API
 *   group; AmazonEKSAdminPolicy and AmazonEKSEditPolicy name no namespaces/clusterroles/
 *   customresourcedefinitions write, and a namespace access scope limits any policy to namespaces.
 * - GKE (cloud.google.com/iam/docs/roles-permissions/container, "Google Kubernetes Engine roles"):
 *   roles/container.admin holds `container.*`, "full management of clusters and their Kubernetes
 *   API objects"; roles/container.clusterAdmin manages clusters only, and roles/container.developer
 *   ("access to Kubernetes API objects inside clusters") lacks container.clusterRoles.create.
 *   roles/owner holds container.* too. IAM and Kubernetes RBAC both authorize a request
 *   (cloud.google.com/kubernetes-engine/docs/how-to/iam, "IAM and Kubernetes RBAC"), so a
 *   ClusterRoleBinding of cluster-admin to the principal also suffices ("rbac:cluster-admin").
 * - AKS (MicrosoftDocs/azure-aks-docs articles/aks/manage-azure-rbac.md, built-in roles table):
 *   "Azure Kubernetes Service RBAC Cluster Admin" allows "any action on any resource"; "RBAC
 *   Admin" does not allow write access to the namespace itself, "RBAC Writer" not to roles or role
 *   bindings; a namespace-scoped assignment stops at the namespace. A member of the cluster's
 *   admin groups (aadProfile.adminGroupObjectIDs) has cluster administration access (MS docs,
 *   AKS-managed Microsoft Entra integration: `--aad-admin-group-object-ids` "enable
 *   administration access for your Microsoft Entra group"), "admin-group".
 */
import { Problems } from "../components/args";
import { EKS_ACCESS_POLICY_NAMES } from "../components/controls/eks";
import { CONFIG_NAMESPACE } from "./config";
import { Cloud } from "./types";

/** Who applies the baseline and how the cluster authorizes it. */
export interface Deployer {
    /** EKS: the IAM role ARN the kubeconfig assumes; GKE: an IAM member ("serviceAccount:ci@p.iam.gserviceaccount.com"); AKS: an Entra object id. */
    readonly principal: string;
    /** EKS: an access policy name; GKE: an IAM role or "rbac:cluster-admin"; AKS: an Azure role name or "admin-group". */
    readonly access: string;
    /** EKS access scope / AKS role assignment scope: "cluster" or "namespace". */
    readonly scope?: "cluster" | "namespace";
}

const EKS_CLUSTER_ADMIN = EKS_ACCESS_POLICY_NAMES["cluster-admin"];
const AKS_CLUSTER_ADMIN = "Azure Kubernetes Service RBAC Cluster Admin";
const GKE_SUFFICIENT: readonly string[] = ["roles/container.admin", "roles/owner", "rbac:cluster-admin"];
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const GCP_MEMBER = /^(user|serviceAccount|group):[^\s@]+@[a-z0-9.-]+\.[a-z]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the baseline creates, for messages. */
const CREATES = "Namespaces, ClusterRoles and ClusterRoleBindings, the add-ons' CRDs and admission webhooks (all cluster-scoped)";

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

const key = (k: string) => `\`${CONFIG_NAMESPACE}:${k}\``;

/** How each cloud's deployer is written, for messages. */
const FORMS: Readonly<Record<Cloud, string>> = {
    aws: `{ principal: arn:aws:iam::123456789012:role/eks-deployer, access: ${EKS_CLUSTER_ADMIN}, scope: cluster }`,
    gcp: "{ principal: serviceAccount:deployer@my-project.iam.gserviceaccount.com, access: roles/container.admin }",
    azure: `{ principal: <Entra object id>, access: ${AKS_CLUSTER_ADMIN}, scope: cluster } (or access: admin-group for a member of \`adminGroupObjectIds\`)`,
};

/** Checks the shape of `hcb:deployer` for `cloud`; returns it when well-formed. */
export function readDeployer(problems: Problems, cloud: Cloud, value: unknown): Deployer | undefined {
    if (value === undefined) {
        return undefined;
    }
    const before = problems.messages.length;
    if (!isObject(value)) {
        problems.add(`${key("deployer")} must be ${FORMS[cloud]}.`);
        return undefined;
    }
    for (const k of Object.keys(value).filter(k => !["principal", "access", "scope"].includes(k))) {
        problems.add(`${key(`deployer.${k}`)} is not a setting of the deployer: use \`principal\`, \`access\` and \`scope\`.`);
    }
    const { principal, access, scope } = value;
    const form: Readonly<Record<Cloud, [RegExp, string]>> = {
        aws: [IAM_ROLE_ARN, "the IAM role ARN the kubeconfig assumes (`aws eks get-token --role-arn`)"],
        gcp: [GCP_MEMBER, 'an IAM member, "serviceAccount:<email>" or "user:<email>"'],
        azure: [GUID, "the Entra object id (GUID) of the identity that runs `pulumi up`"],
    };
    if (typeof principal !== "string" || !form[cloud][0].test(principal)) {
        problems.add(`${key("deployer.principal")} must be ${form[cloud][1]}, not ${JSON.stringify(principal)}.`);
    }
    if (typeof access !== "string" || access.length === 0) {
        problems.add(`${key("deployer.access")} must say how the cluster authorizes the deployer, e.g. ${FORMS[cloud]}.`);
    }
    if (scope !== undefined && scope !== "cluster" && scope !== "namespace") {
        problems.add(`${key("deployer.scope")} must be "cluster" or "namespace", not ${JSON.stringify(scope)}.`);
    }
    if (cloud !== "gcp" && scope === undefined && access !== "admin-group") {
        problems.add(`${key("deployer.scope")} is required on ${cloud === "aws" ? "EKS (the access policy's access scope)" : "AKS (the role assignment's scope)"}: "cluster" or "namespace".`);
    }
    return problems.messages.length === before ? (value as unknown as Deployer) : undefined;
}

/**
 * Why `deployer` cannot create the baseline's cluster-scoped objects on `cloud`, or undefined
 * when its access suffices. Names the field and the fix.
 */
export function deployerAccessProblem(cloud: Cloud, deployer: Deployer, field = key("deployer")): string | undefined {
    const { principal, access, scope } = deployer;
    switch (cloud) {
        case "aws":
            if (access === EKS_CLUSTER_ADMIN && scope === "cluster") {
                return undefined;
            }
            return (
                `${field} (${principal}) has ${access}${scope ? ` at ${scope} scope` : ""}, which cannot create ${CREATES}: ` +
                `${access === EKS_CLUSTER_ADMIN ? "a namespace access scope limits it to those namespaces" : `only ${EKS_CLUSTER_ADMIN} grants every API group`} ` +
                "(EKS user guide, \"Review access policy permissions\"). Fix: set `deployerRoleArn` to this role on the cluster stack (EksCluster grants it " +
                `${EKS_CLUSTER_ADMIN} at cluster scope), or run \`aws eks associate-access-policy --cluster-name <cluster> --principal-arn ${principal} ` +
                `--policy-arn arn:aws:eks::aws:cluster-access-policy/${EKS_CLUSTER_ADMIN} --access-scope type=cluster\`, then set \`access: ${EKS_CLUSTER_ADMIN}\` and \`scope: cluster\`.`
            );
        case "gcp":
            if (GKE_SUFFICIENT.includes(access)) {
                return undefined;
            }
            return (
                `${field} (${principal}) has ${access}, which cannot create ${CREATES}: ` +
                (access === "roles/container.clusterAdmin"
                    ? "Kubernetes Engine Cluster Admin manages clusters, not the Kubernetes objects in them"
                    : "only roles/container.admin (container.*) includes container.clusterRoles.create and the other cluster-scoped writes") +
                " (Google Cloud IAM, \"Google Kubernetes Engine roles\"). Fix: `gcloud projects add-iam-policy-binding <project> " +
                `--member=${principal} --role=roles/container.admin\` and set \`access: roles/container.admin\`, or have a cluster admin bind cluster-admin to it ` +
                "(a ClusterRoleBinding) and set `access: rbac:cluster-admin`."
            );
        case "azure":
            if (access === "admin-group" || (access === AKS_CLUSTER_ADMIN && scope === "cluster")) {
                return undefined;
            }
            return (
                `${field} (${principal}) has ${access}${scope ? ` at ${scope} scope` : ""}, which cannot create ${CREATES}: ` +
                (access === AKS_CLUSTER_ADMIN
                    ? "a namespace-scoped assignment stops at that namespace"
                    : `only ${AKS_CLUSTER_ADMIN} allows any action on any resource (RBAC Admin cannot write namespaces, RBAC Writer cannot write roles)`) +
                " (AKS docs, \"Use Azure RBAC for Kubernetes authorization\", built-in roles). Fix: list the identity in the cluster's `deployers` " +
                `(AksCluster assigns ${AKS_CLUSTER_ADMIN} at the cluster scope) and set \`access: ${AKS_CLUSTER_ADMIN}\`, \`scope: cluster\`, ` +
                "or make it a member of an `adminGroupObjectIds` group and set `access: admin-group`."
            );
    }
}

/** The EKS kubeconfig role of a stack that holds the cluster: EksCluster grants it cluster admin (components/aws/identity.ts). */
function eksKubeconfigRole(cluster: Readonly<Record<string, unknown>>): string | undefined {
    const role = cluster["deployerRoleArn"] ?? cluster["adminRoleArn"];
    return typeof role === "string" ? role : undefined;
}

/**
 * The deployer of a stack that holds the baseline, checked; throws naming every problem before
 * anything is registered. `cluster` is `hcb:cluster` when the same stack holds the cluster;
 * `live` is false when the baseline is rendered (`hcb:renderYamlTo`): nothing is then applied as
 * the deployer, so its access is not checked. Returns the deployer the stack declares or implies.
 */
export function checkDeployer(cloud: Cloud, declared: unknown, cluster: Readonly<Record<string, unknown>> | undefined, live: boolean): Deployer | undefined {
    const problems = new Problems();
    const deployer = readDeployer(problems, cloud, declared);
    if (problems.messages.length > 0) {
        problems.throwIfAny("The stack config");
    }
    let effective = deployer;
    if (cloud === "aws" && cluster !== undefined) {
        const role = eksKubeconfigRole(cluster);
        if (role !== undefined) {
            const implied: Deployer = { principal: role, access: EKS_CLUSTER_ADMIN, scope: "cluster" };
            if (deployer !== undefined && deployer.principal !== role) {
                problems.add(
                    `${key("deployer.principal")} is ${deployer.principal}, but the kubeconfig this stack builds assumes ${role} ` +
                        `(\`${CONFIG_NAMESPACE}:cluster.${cluster["deployerRoleArn"] !== undefined ? "deployerRoleArn" : "adminRoleArn"}\`): set \`deployerRoleArn\` to the deployer's role, or remove ${key("deployer")}.`,
                );
            }
            // A second access entry for the kubeconfig's role would collide with the cluster-admin
            // entry EksCluster makes for it: EKS keeps one access entry per principal (CreateAccessEntry
            // fails with ResourceInUseException), and its weaker policy says nothing the admin entry lacks.
            const entries = Array.isArray(cluster["accessEntries"]) ? (cluster["accessEntries"] as unknown[]) : [];
            entries.forEach((e, i) => {
                if (isObject(e) && e["principalArn"] === role) {
                    problems.add(
                        `\`${CONFIG_NAMESPACE}:cluster.accessEntries[${i}].principalArn\` is ${role}, the role the kubeconfig assumes to apply the baseline, which already has ` +
                            `its ${EKS_CLUSTER_ADMIN} entry at cluster scope (EKS holds one access entry per principal): remove this entry, or deploy as another role (\`deployerRoleArn\`).`,
                    );
                }
            });
            effective = deployer ?? implied;
        }
    }
    if (cloud === "azure" && cluster !== undefined && live && deployer === undefined) {
        const deployers = Array.isArray(cluster["deployers"]) ? cluster["deployers"] : [];
        if (deployers.length === 0) {
            problems.add(
                `\`${CONFIG_NAMESPACE}:cluster.deployers\` is empty and ${key("deployer")} is unset, so no identity this stack names may create ${CREATES} ` +
                    `when the baseline is applied in this run: list the runner's identity in \`deployers\` (AksCluster assigns it ${AKS_CLUSTER_ADMIN} at the cluster scope), ` +
                    `or declare it in ${key("deployer")} as a member of an \`adminGroupObjectIds\` group (\`access: admin-group\`).`,
            );
        }
    }
    if (effective !== undefined && live) {
        const problem = deployerAccessProblem(cloud, effective);
        if (problem !== undefined) {
            problems.add(problem);
        }
    }
    problems.throwIfAny("The stack config");
    return effective;
}
