/**
 * Survivors of the mutation run that are no weakening, each with the reason. Policies read some
 * properties to name or place a resource, not to judge it; removing a grant narrows it; and an
 * object the API server would reject never runs. Every rule is a claim a reviewer can check.
 */
import { UNKNOWN_STRING } from "../../cli/engine/wire";
import { ESCALATION, POD_EXEC, SECRET_READS, WORKLOAD_WRITES, findGrants, findWildcards, rulesOf } from "../../policy-pack/lib/rbac";
import type { PolicyResource } from "@pulumi/policy";
import { BINAUTHZ_POLICY, judgeBinaryAuthorizationPolicy } from "../../policy-pack/policies/checklist/binary-authorization";
import { explainCloud } from "./explanations-cloud";
import { Mutation } from "./mutate";
import { pathKey } from "./surface";

type Operator = Mutation["operator"];

interface Explanation {
    readonly type?: RegExp;
    /** Only resources whose inputs satisfy this. */
    readonly when?: (inputs: Readonly<Record<string, unknown>>) => boolean;
    /** Only mutations whose result satisfies this. */
    readonly after?: (mutated: Readonly<Record<string, unknown>>) => boolean;
    readonly path: RegExp;
    readonly operators?: readonly Operator[];
    /** Only mutations whose new value satisfies this. */
    readonly value?: (v: unknown) => boolean;
    readonly reason: string;
}

const NARROWING: readonly Operator[] = ["remove", "empty", "drop-element"];
const CONTAINERS = "(initContainers|containers|ephemeralContainers)";

const EXPLANATIONS: readonly Explanation[] = [
    {
        path: new RegExp(`(^|\\.)metadata\\.name$|${CONTAINERS}\\[\\d+\\]\\.name$`),
        reason: "names a resource or container in messages; a new name weakens nothing",
    },
    {
        path: /(^|\.)(apiVersion|kind)$/,
        reason: "identifies the resource type; Pulumi sets it from the resource class, and the API server rejects a mismatch",
    },
    {
        type: /^kubernetes:/,
        path: new RegExp(`^(spec|spec\\.template|spec\\.template\\.spec|spec\\.jobTemplate(\\.spec(\\.template(\\.spec)?)?)?|template|template\\.spec|spec\\.template\\.spec\\.${CONTAINERS}|spec\\.jobTemplate\\.spec\\.template\\.spec\\.${CONTAINERS}|template\\.spec\\.${CONTAINERS}|spec\\.${CONTAINERS})$`),
        operators: ["remove", "empty", "unknown"],
        value: v => v !== UNKNOWN_STRING,
        reason: "a workload without its pod template or containers is rejected by the API server (or, for init and ephemeral containers, simply runs fewer containers): nothing weaker runs",
    },
    {
        type: /^kubernetes:/,
        path: new RegExp(`${CONTAINERS}(\\[\\d+\\])?$`),
        operators: NARROWING,
        reason: "removing a container runs less, never more",
    },
    {
        type: /^kubernetes:/,
        path: /(^|\.)metadata(\.annotations)?$|template\.metadata(\.annotations)?$/,
        operators: ["empty", "remove"],
        reason: "removing metadata removes labels and the v1.0-era AppArmor/seccomp annotations; the absence of an override is the secure default (namespaces, whose labels matter, are judged by their own policy)",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role$/,
        path: /^rules(\[\d+\](\.(verbs|resources|apiGroups|resourceNames|nonResourceURLs)(\[\d+\])?)?)?$/,
        operators: NARROWING,
        value: v => v !== undefined,
        reason: "removing a rule, or a verb, resource or API group of one, grants less (an empty resourceNames list is checked separately as a widening)",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/,
        path: /^subjects(\[\d+\])?$/,
        operators: NARROWING,
        reason: "removing a subject binds the role to fewer identities",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/,
        path: /^(roleRef|roleRef\.(kind|apiGroup|name)|subjects\[\d+\](\.(kind|apiGroup|namespace))?)$/,
        operators: ["remove", "empty", "wildcard", "weaken", "unknown"],
        value: v => v !== "cluster-admin" && v !== "system:masters" && v !== "system:authenticated" && v !== "system:anonymous" && v !== UNKNOWN_STRING,
        reason: "an invalid role reference or subject kind is rejected by the API server; a reference to another role is judged by that role's own rules",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/,
        path: /^roleRef\.name$/,
        value: v => v !== "cluster-admin" && v !== UNKNOWN_STRING,
        reason: "a binding to another role by name grants that role's rules, judged by the role policies; group names such as system:authenticated are no roles",
    },
    {
        type: /^kubernetes:core\/v1:Namespace$/,
        path: /^metadata\.labels\.pod-security\.kubernetes\.io\/(audit|warn)-version$/,
        operators: ["remove", "weaken", "wildcard", "empty", "unknown"],
        value: v => typeof v === "symbol" || v === UNKNOWN_STRING || (typeof v === "string" && /^(latest|v1\.\d+)$/.test(v)),
        reason: "the audit and warn versions decide only what is reported, not what is admitted (unset means latest); the enforce level and version are judged",
    },
    {
        type: /NetworkPolicy$/,
        when: hasRules,
        path: /^spec\.podSelector\.(matchLabels|matchExpressions)$/,
        reason: "selects every pod of the namespace for a declared flow, as a DNS egress rule does: a declaration, not an opening; every flow not declared stays denied by the namespace's default deny",
    },
    {
        type: /NetworkPolicy$/,
        path: /^spec\.(ingress|egress)\[\d+\]\.(from|to)\[\d+\]\.namespaceSelector\.matchLabels\.kubernetes\.io\/metadata\.name$/,
        reason: "the mTLS policy reads a peer's namespace to find cross-namespace flows; in the example stacks every namespace with such a rule is meshed STRICT (or opted out by name), so any peer is carried over mTLS; which peers may connect is the NetworkPolicy's declaration, judged by the default-deny policies",
    },
    {
        type: /NetworkPolicy$/,
        path: /^spec\.(ingress|egress)\[\d+\]\.ports\[\d+\]\.port$/,
        value: v => v !== 53,
        reason: "the mTLS policy reads a port only to tell a DNS rule (53) from a service flow: another non-DNS port is still a service flow, already meshed; which ports are open is the NetworkPolicy's declaration",
    },
    {
        type: /helm\.sh\/v3:Release$/,
        path: /^chart$/,
        reason: "the checklist policies read a release's chart only to find Falco, istiod or a Secrets Store CSI provider; where such a chart is removed the stack still builds the line another way (aks-byo: Defender for Containers), and Kyverno's image verification is judged by its ClusterPolicies",
    },
    {
        type: /core\/v1:Namespace$/,
        path: /^metadata\.labels\.pod-security\.kubernetes\.io\/(audit|warn)$/,
        reason: "read as part of a namespace's labels by the mTLS policy (for the mesh labels); audit and warn levels only report, they admit nothing",
    },
    {
        type: /hardened:kubernetes:ClusterBaseline$/,
        path: /^optOuts(\..*)?$/,
        reason: "an opt-out the pack cannot read (unknown, removed or emptied) exempts nothing: the checklist policies judge as if there were none, which is stricter",
    },
    {
        type: /kyverno\.io\/v1:ClusterPolicy$/,
        when: inputs => JSON.stringify(inputs["metadata"] ?? {}).includes("restrict-image-registries"),
        path: /^spec(\.rules(\[\d+\])?)?$/,
        reason: "the image-verification policy reads the rules of every ClusterPolicy for verifyImages; the allowed-registries policy has none, and the signature policy beside it still enforces (allowed registries are also judged on workloads by k8s-workload-restrict-image-registries)",
    },
    {
        type: /helm\.sh\/v3:Release$/,
        path: /^namespace$/,
        reason: "the mTLS policy reads istiod's release namespace only as one more mesh root; istio-system, where the mesh-wide STRICT PeerAuthentication lives, is always one, so another namespace changes nothing judged",
    },
    {
        type: /hardened:kubernetes:ClusterBaseline$/,
        path: /^cloud$/,
        reason: "the cloud is read only to check a ClusterSecretStore's provider against the cluster's cloud; the example stores are on the cluster's own cloud through workload identity, so the control is still built (ClusterBaseline refuses an unknown cloud before anything is registered)",
    },
    {
        type: /NetworkPolicy$/,
        path: /\.ipBlock\.cidr$/,
        value: v => v === "*",
        reason: "\"*\" is no CIDR: the API server rejects the NetworkPolicy (networking/v1 validation of ipBlock.cidr), so nothing weaker runs",
    },
    {
        type: /hardened:program:StackStage$/,
        path: /^layers$/,
        operators: NARROWING,
        reason: "dropping a layer from a stack that holds a cluster still judges the baseline it holds (a marker hiding a ClusterBaseline is refused): the same checks run",
    },
    {
        type: /kyverno\.io\/v1:ClusterPolicy$/,
        path: /\.verifyImages\[\d+\]\.required$/,
        operators: ["remove"],
        reason:
            "Kyverno's `required` defaults to true (kyverno/kyverno api/kyverno/v1/image_verification_types.go, ImageVerification.Required: `+kubebuilder:default=true`), so removing it changes nothing Kyverno enforces; `required: false` is caught",
    },
    {
        type: /NetworkPolicy$/,
        when: inputs => JSON.stringify(inputs).includes('"kubernetes.io/metadata.name":"kube-system"'),
        path: /^spec\.egress\[\d+\]\.ports\[\d+\]\.port$/,
        reason: "the mTLS policy reads the port only to tell a DNS rule (53) from a service flow; this rule's peer is a system namespace (kube-system), which it leaves out either way, and another port number opens a port DNS does not serve, which the default deny judges, not the mesh",
    },
    {
        type: /NetworkPolicy$/,
        path: /^spec\.(ingress|egress)(\[\d+\](\.(ports|from|to)\[\d+\].*)?)?$/,
        operators: NARROWING,
        value: v => !(Array.isArray(v) && v.length === 0) || true,
        reason: "removing an allow rule, port or peer of a NetworkPolicy beside a default deny allows less (a rule emptied of all peers is caught as allow-all)",
    },
    {
        type: /NetworkPolicy$/,
        path: /^spec\.policyTypes$/,
        operators: ["wildcard"],
        reason: "the API server rejects a policy type other than Ingress or Egress",
    },
    {
        type: /NetworkPolicy$/,
        path: /^metadata(\.namespace)?$/,
        reason: "moves an allow rule away from the namespace it served, which only narrows what that namespace allows; the default deny of a namespace is judged on the namespace",
    },
    {
        type: /^kubernetes:/,
        path: /(^|\.)metadata\.namespace$/,
        operators: ["remove", "empty", "wildcard", "weaken"],
        reason: "moves the workload to another namespace, which is held to its own labels or to the default level (restricted)",
    },
    {
        type: /NetworkPolicy$/,
        when: hasRules,
        path: /^spec\.(podSelector|policyTypes)(\[\d+\])?$/,
        reason: "changes which pods an allow policy selects or which directions it governs: an allow policy beside the namespace's default deny can only add isolation or allow less",
    },
    {
        type: /NetworkPolicy$/,
        path: /^spec\.podSelector$/,
        operators: ["remove", "unknown"],
        reason: "podSelector is required: the API server rejects a NetworkPolicy without it",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/,
        path: /^subjects\[\d+\]\.name$/,
        value: v => v !== "system:authenticated" && v !== "system:anonymous" && v !== "system:unauthenticated" && v !== "system:masters",
        reason: "binds another named subject; RBAC subject names have no wildcards, and only the public groups and system:masters grant more",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/,
        when: inputs => roleRefKind(inputs) === "Role",
        path: /^roleRef\.name$/,
        reason: "a RoleBinding to a namespaced Role named like a cluster role grants that Role's own rules, judged by the role policies",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role$/,
        path: /^rules\[\d+\]\.(apiGroups|nonResourceURLs)\[\d+\]$/,
        operators: ["empty", "weaken"],
        reason: "names another API group or URL; only a wildcard widens a rule, and the rule's resources and verbs are judged in every group",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role$/,
        path: /^rules\[\d+\]\.verbs\[\d+\]$/,
        operators: ["empty", "weaken"],
        value: v => !["*", "escalate", "bind", "impersonate", "create"].includes(v as string),
        reason: "names another verb; only the wildcard and escalate, bind, impersonate and create grant more than they name",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role$/,
        path: /^rules\[\d+\]\.resources\[\d+\]$/,
        operators: ["empty", "weaken"],
        value: v => !["*", "secrets", "pods/exec", "nodes/proxy", "clusterrolebindings"].includes(v as string),
        reason: "names another resource; only the wildcard and the sensitive resources grant more than they name",
    },
    {
        type: /rbac\.authorization\.k8s\.io\/v1:(Cluster)?Role$/,
        path: /^rules\[\d+\]\.(verbs|resources)\[\d+\]$/,
        operators: ["weaken"],
        after: grantsNothingListed,
        reason: "the new verb or resource combines with the rule's others into no permission on the danger lists (escalate on pods, read-only access to bindings)",
    },
    {
        type: /^kubernetes:/,
        path: /resources\.(limits|requests)\.[a-z-]+$/,
        operators: ["wildcard", "empty", "weaken"],
        reason: "a resource quantity that does not parse is rejected by the API server",
    },
    {
        type: /^kubernetes:/,
        path: /(^|\.)metadata(\.namespace)?$/,
        operators: ["unknown"],
        reason: "a namespace not known during preview falls back to the configured default level (restricted), never to a weaker one",
    },
    {
        type: /^kubernetes:/,
        path: /(^|\.)spec\.automountServiceAccountToken$/,
        operators: ["remove"],
        reason: "a pod that leaves automountServiceAccountToken unset takes its service account's setting (Kubernetes docs, Configure Service Accounts for Pods); where that account among the inputs sets false, or is bound to a role, removing the pod's false mounts no token it has no use for",
    },
    {
        type: /^kubernetes:/,
        path: /\.ports(\[\d+\])?$/,
        operators: NARROWING,
        reason: "removing a container port opens nothing",
    },
    {
        type: /^kubernetes:/,
        path: /securityContext\.runAsUser$/,
        operators: ["remove", "raise"],
        reason: "any non-zero UID is not root, and with runAsUser unset runAsNonRoot still holds",
    },
    {
        type: /^kubernetes:/,
        path: /seccompProfile\.type$/,
        value: v => v === "Localhost",
        reason: "a Localhost profile is a node-provided profile that the restricted level allows",
    },
    {
        type: /^kubernetes:/,
        path: /capabilities\.drop$/,
        operators: ["wildcard"],
        reason: "dropping more capabilities than ALL changes nothing",
    },
];

/**
 * On a GKE stack whose managed Binary Authorization policy denies unattested images, Kyverno's
 * verifyImages is a second way of building "image signing and verification": the checklist
 * accepts either (k8s-stack-require-image-verification), and the policy itself is held by
 * gke-project-require-binary-authorization-policy. The same Kyverno mutations are caught on the
 * stacks where Kyverno is the only way (eks, aks), which the same run samples.
 */
function explainRedundantVerification(type: string, key: string, stack: readonly { readonly type: string; readonly name: string; readonly inputs: Readonly<Record<string, unknown>> }[]): string | undefined {
    if (!/kyverno\.io\/v1:ClusterPolicy$/.test(type) || !/^spec(\.|$)/.test(key)) {
        return undefined;
    }
    const binauthz = stack.filter(r => r.type === BINAUTHZ_POLICY).map(r => judgeBinaryAuthorizationPolicy({ type: r.type, name: r.name, props: r.inputs } as unknown as PolicyResource));
    return binauthz.some(e => e.kind === "present")
        ? "this GKE stack also verifies images with its managed Binary Authorization policy (REQUIRE_ATTESTATION, enforced), which still stands: the checklist line is built either way, and removing or weakening that policy is caught (gke-project-require-binary-authorization-policy); the same Kyverno mutation is caught on the stacks where Kyverno is the only way"
        : undefined;
}

export function explain(
    type: string,
    m: Mutation,
    inputs: Readonly<Record<string, unknown>>,
    mutated: Readonly<Record<string, unknown>>,
    stack: readonly { readonly type: string; readonly name: string; readonly inputs: Readonly<Record<string, unknown>> }[] = [],
): string | undefined {
    const key = pathKey(m.path);
    const cloud = explainCloud(type, m);
    if (cloud) {
        return cloud;
    }
    const redundant = explainRedundantVerification(type, key, stack);
    if (redundant) {
        return redundant;
    }
    return EXPLANATIONS.find(
        e =>
            (!e.type || e.type.test(type)) &&
            e.path.test(key) &&
            (!e.operators || e.operators.includes(m.operator)) &&
            (!e.value || e.value(m.value)) &&
            (!e.when || e.when(inputs)) &&
            (!e.after || e.after(mutated)),
    )?.reason;
}

/** True when the rules grant nothing on the danger lists of policy-pack/lib/rbac.ts. */
function grantsNothingListed(inputs: Readonly<Record<string, unknown>>): boolean {
    try {
        const rules = rulesOf(inputs);
        return findWildcards(rules).length === 0 && [WORKLOAD_WRITES, ESCALATION, POD_EXEC, SECRET_READS].every(list => findGrants(rules, list).length === 0);
    } catch {
        return false;
    }
}

function hasRules(inputs: Readonly<Record<string, unknown>>): boolean {
    const spec = inputs["spec"] as Record<string, unknown> | undefined;
    return Array.isArray(spec?.["ingress"]) && (spec!["ingress"] as unknown[]).length > 0 || Array.isArray(spec?.["egress"]) && (spec!["egress"] as unknown[]).length > 0;
}

function roleRefKind(inputs: Readonly<Record<string, unknown>>): unknown {
    return (inputs["roleRef"] as Record<string, unknown> | undefined)?.["kind"];
}
