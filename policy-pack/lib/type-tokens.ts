/**
 * Every type token a resource the pack judges can be registered under, read back to the one token
 * the policies name. A policy that compares the exact default token passes every other spelling of
 * the same resource: the same insecure AKS cluster registered as
 * `azure-native:containerservice/v20250101:ManagedCluster` would be reported clean.
 *
 * Three kinds of spelling, each from the providers' own sources:
 * - Aliases: a resource class lists its former tokens in `aliases`, and a program may still
 *   construct the older class (`new k8s.apps.v1beta1.Deployment`), which registers that token.
 *   Read from the SDKs in node_modules (test/policy-pack/lib/type-tokens.spec.ts compares this
 *   table with every alias each SDK lists for every token the pack reads).
 * - azure-native versioned modules: azure-native 3 registers `azure-native:<module>:<Type>` and
 *   lists `azure-native:<module>/v<date>[preview]:<Type>` as aliases (managedCluster.js); any API
 *   version, listed or future, is the same ARM resource with the same property names.
 * - azure-native local packages of a pinned API version (`pulumi package add azure-native
 *   <module> <version>`) register `azure-native_<module>_<version>:<module>:<Type>`
 *   (pulumi-azure-native provider_parameterize_test.go; pulumi docs "azure-native v3 versioning").
 *
 * A token the pack cannot read as its own type, but that is the same thing (the classic Azure
 * provider's AKS cluster, aws-native and google-native clusters, Kubernetes `...Patch` and
 * `...List` kinds, a Kubernetes kind at an API version no SDK lists), is "not judged": the policy
 * that would have judged it reports an explicit advisory instead of passing it silently
 * (define.ts).
 */

/** Former tokens of the types the pack reads, each to the token the pack names (from the SDKs' `aliases`). */
const ALIASES: Readonly<Record<string, string>> = (() => {
    const out: Record<string, string> = {};
    const add = (canonical: string, aliases: readonly string[]) => aliases.forEach(a => (out[a] = canonical));
    // @pulumi/kubernetes 4.x: <group>/<version>/<kind>.js `aliases`.
    // helm/v3/helm.js registers Chart with the v2 token as an alias.
    add("kubernetes:helm.sh/v3:Chart", ["kubernetes:helm.sh/v2:Chart"]);
    add("kubernetes:apps/v1:Deployment", ["kubernetes:apps/v1beta1:Deployment", "kubernetes:apps/v1beta2:Deployment", "kubernetes:extensions/v1beta1:Deployment"]);
    add("kubernetes:apps/v1:StatefulSet", ["kubernetes:apps/v1beta1:StatefulSet", "kubernetes:apps/v1beta2:StatefulSet"]);
    add("kubernetes:apps/v1:DaemonSet", ["kubernetes:apps/v1beta2:DaemonSet", "kubernetes:extensions/v1beta1:DaemonSet"]);
    add("kubernetes:apps/v1:ReplicaSet", ["kubernetes:apps/v1beta2:ReplicaSet", "kubernetes:extensions/v1beta1:ReplicaSet"]);
    add("kubernetes:batch/v1:CronJob", ["kubernetes:batch/v1beta1:CronJob", "kubernetes:batch/v2alpha1:CronJob"]);
    add("kubernetes:networking.k8s.io/v1:NetworkPolicy", ["kubernetes:extensions/v1beta1:NetworkPolicy"]);
    for (const kind of ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]) {
        add(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, ["v1alpha1", "v1beta1"].map(v => `kubernetes:rbac.authorization.k8s.io/${v}:${kind}`));
    }
    // The same aliases of the server-side-apply Patch kinds (apps/v1/deploymentPatch.js ...).
    for (const [alias, canonical] of Object.entries({ ...out })) {
        if (alias.startsWith("kubernetes:")) {
            out[`${alias}Patch`] = `${canonical}Patch`;
        }
    }
    // @pulumi/azure-native 3: monitor/diagnosticSetting.js lists the former `insights` module.
    add("azure-native:monitor:DiagnosticSetting", ["azure-native:insights:DiagnosticSetting"]);
    return out;
})();

/**
 * Tokens of other providers for the same cloud resource, whose schema the pack does not read. Each
 * is reported as not judged by every policy of the type it stands for.
 */
const FOREIGN: Readonly<Record<string, { readonly of: string; readonly provider: string }>> = {
    // pulumi-azure (classic, Terraform azurerm): the same AKS cluster and node pool, other schema.
    "azure:containerservice/kubernetesCluster:KubernetesCluster": { of: "azure-native:containerservice:ManagedCluster", provider: "the classic azure provider" },
    "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool": { of: "azure-native:containerservice:AgentPool", provider: "the classic azure provider" },
    // pulumi-aws-native (CloudFormation schema): AWS::EKS::Cluster, AWS::EKS::Nodegroup, AWS::EC2::LaunchTemplate.
    "aws-native:eks:Cluster": { of: "aws:eks/cluster:Cluster", provider: "the aws-native provider" },
    "aws-native:eks:Nodegroup": { of: "aws:eks/nodeGroup:NodeGroup", provider: "the aws-native provider" },
    "aws-native:ec2:LaunchTemplate": { of: "aws:ec2/launchTemplate:LaunchTemplate", provider: "the aws-native provider" },
    "aws-native:kms:Key": { of: "aws:kms/key:Key", provider: "the aws-native provider" },
    "aws-native:logs:LogGroup": { of: "aws:cloudwatch/logGroup:LogGroup", provider: "the aws-native provider" },
    // pulumi-google-native (deprecated; the GKE REST schema).
    "google-native:container/v1:Cluster": { of: "gcp:container/cluster:Cluster", provider: "the google-native provider" },
    "google-native:container/v1beta1:Cluster": { of: "gcp:container/cluster:Cluster", provider: "the google-native provider" },
    "google-native:container/v1:NodePool": { of: "gcp:container/nodePool:NodePool", provider: "the google-native provider" },
    "google-native:container/v1beta1:NodePool": { of: "gcp:container/nodePool:NodePool", provider: "the google-native provider" },
};

/** An ARM API version as azure-native spells it in a module: v20250101, v20250102preview. */
const AZURE_VERSION = "v\\d{8}(?:preview|privatepreview)?";
const AZURE_VERSIONED = new RegExp(`^azure-native:([a-z0-9]+)/${AZURE_VERSION}:([A-Za-z0-9]+)$`);
const AZURE_LOCAL = new RegExp(`^azure-native_([a-z0-9]+)_(${AZURE_VERSION}):([a-z0-9]+):([A-Za-z0-9]+)$`);
const KUBERNETES = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/;

const canonicalCache = new Map<string, string>();

/** The token the pack names for a resource registered as `token` (itself when it is no known variant). */
export function canonicalType(token: string): string {
    let out = canonicalCache.get(token);
    if (out === undefined) {
        out = readCanonical(token);
        if (canonicalCache.size < 10_000) {
            canonicalCache.set(token, out);
        }
    }
    return out;
}

/**
 * Modules a provider renamed, every resource of which lists its token under the former name:
 * @pulumi/gcp 9 serviceaccount/*.js (account, key, iAMMember, ...) alias `gcp:serviceAccount/...`.
 */
const MODULE_RENAMES: readonly (readonly [string, string])[] = [["gcp:serviceAccount/", "gcp:serviceaccount/"]];

function readCanonical(token: string): string {
    let t = token;
    for (const [former, current] of MODULE_RENAMES) {
        if (t.startsWith(former)) {
            t = current + t.slice(former.length);
        }
    }
    const local = AZURE_LOCAL.exec(t);
    if (local && local[1] === local[3]) {
        t = `azure-native:${local[1]}:${local[4]}`;
    }
    const versioned = AZURE_VERSIONED.exec(t);
    if (versioned) {
        t = `azure-native:${versioned[1]}:${versioned[2]}`;
    }
    return ALIASES[t] ?? t;
}

/** Why a token is not judged, and the type the pack would have judged it as. */
export interface UnjudgedForm {
    /** The token the pack names for the same kind of resource. */
    readonly of: string;
    /** "a resource of the classic azure provider", "a server-side apply patch of ...". */
    readonly reason: string;
}

/**
 * For a token whose resource the pack does not read, but which stands for a type `known` matches:
 * the type it stands for and why it is not judged. `known` is the asking policy's own test of a
 * canonical token. Undefined for any other token.
 */
export function unjudgedFormOf(token: string, known: (canonical: string) => boolean): UnjudgedForm | undefined {
    let forms = formsCache.get(token);
    if (forms === undefined) {
        forms = readUnjudgedForms(token);
        if (formsCache.size < 10_000) {
            formsCache.set(token, forms);
        }
    }
    return forms.find(f => known(f.of));
}

const formsCache = new Map<string, readonly UnjudgedForm[]>();

/** Every type the token may stand for without being read as it, most specific first. */
function readUnjudgedForms(token: string): readonly UnjudgedForm[] {
    const foreign = FOREIGN[token];
    if (foreign) {
        return [{ of: foreign.of, reason: `a resource of ${foreign.provider}, whose schema this pack does not read` }];
    }
    const canonical = canonicalType(token);
    const k8s = KUBERNETES.exec(canonical);
    if (!k8s) {
        return [];
    }
    const [, group, version, kind] = k8s;
    const out: UnjudgedForm[] = [];
    const suffix = /(Patch|List)$/.exec(kind);
    if (suffix) {
        out.push({
            of: canonicalType(`kubernetes:${group}/${version}:${kind.slice(0, -suffix[1].length)}`),
            reason:
                suffix[1] === "Patch"
                    ? "a server-side apply patch, which states only the fields it changes, so the object it yields cannot be judged from it"
                    : "a list of objects, which this pack does not open",
        });
    }
    // The kind at an API version no SDK lists (a newer or older one) of a group it lives in: the
    // same kind of object, but not the schema the pack reads. Another group's kind of the same
    // name (Calico's crd.projectcalico.org NetworkPolicy) is another object and stays unmatched.
    const family = KUBERNETES_KINDS.get(kind);
    if (family?.groups.has(group)) {
        for (const candidate of family.tokens) {
            if (candidate !== canonical) {
                out.push({ of: candidate, reason: `the ${kind} kind at an API version this pack does not know` });
            }
        }
    }
    return out;
}

/**
 * The Kubernetes tokens the pack may name, by kind, with every group that kind has been served
 * from (the alias table's and the core kinds the pack reads).
 */
const KUBERNETES_KINDS: ReadonlyMap<string, { readonly tokens: readonly string[]; readonly groups: ReadonlySet<string> }> = (() => {
    const canonicals = new Set<string>([
        ...Object.values(ALIASES),
        "kubernetes:core/v1:Pod",
        "kubernetes:core/v1:PodTemplate",
        "kubernetes:core/v1:ReplicationController",
        "kubernetes:batch/v1:Job",
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:Service",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:ServiceAccount",
    ]);
    const out = new Map<string, { tokens: string[]; groups: Set<string> }>();
    const entry = (kind: string) => {
        let e = out.get(kind);
        if (!e) out.set(kind, (e = { tokens: [], groups: new Set() }));
        return e;
    };
    for (const t of [...canonicals, ...Object.keys(ALIASES)]) {
        const m = KUBERNETES.exec(t);
        if (m) {
            const e = entry(m[3]);
            e.groups.add(m[1]);
            if (canonicals.has(t)) e.tokens.push(t);
        }
    }
    return out;
})();

/** Every alias the table knows, with the token it reads as (for tests and the mutation proof). */
export function knownAliases(): ReadonlyMap<string, string> {
    return new Map(Object.entries(ALIASES));
}

/** The foreign tokens, with the type each stands for (for tests and the mutation proof). */
export function foreignTokens(): ReadonlyMap<string, string> {
    return new Map(Object.entries(FOREIGN).map(([t, f]) => [t, f.of]));
}

/**
 * Other tokens under which a resource of type `token` can be registered and must be judged the
 * same: its aliases, and for azure-native a versioned module and a local package. The mutation
 * proof registers a resource under each and expects the same findings.
 */
export function variantsOf(token: string): string[] {
    const out = [...Object.entries(ALIASES)].filter(([, c]) => c === token).map(([a]) => a);
    for (const [former, current] of MODULE_RENAMES) {
        if (token.startsWith(current)) {
            out.push(former + token.slice(current.length));
        }
    }
    const azure = /^azure-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(token);
    if (azure) {
        const [, module, type] = azure;
        // Any API version reads the same; these two are one listed version and one unlisted one.
        out.push(`azure-native:${module}/v20250101:${type}`, `azure-native:${module}/v20990101preview:${type}`);
        out.push(`azure-native_${module}_v20250101:${module}:${type}`);
    }
    return out;
}
