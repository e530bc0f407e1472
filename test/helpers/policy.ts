/**
 * Hardened baseline objects of every kind the pack checks, and two ways to run policies on them:
 *
 * - `analyze(resources, config)`: the whole pack through the real InProcessEngine (the server's
 *   semantics), with config reconciled as the CLI reconciles it. Specs assert that a baseline
 *   passes every policy and that one tweak yields exactly the expected findings.
 * - `validateResource` / `validateStack`: one policy, called with arguments built as
 *   @pulumi/policy's server builds them (unknownCheckingProxy over the props, a notApplicable that
 *   throws, getConfig, a report that also takes the object form).
 *
 * Every builder returns a fresh object, so a spec may mutate it for its one tweak.
 */
import * as assert from "node:assert/strict";
import type { EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { PINNED_POD_SECURITY_VERSION, POD_SECURITY_LABELS } from "../../components/controls";
import { TOKENS } from "../../components/tokens";
import { reconcileConfig } from "../../cli/engine/config";
import { InProcessEngine } from "../../cli/engine/in-process";
import { EngineResource } from "../../cli/engine/model";
import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { PACK_NAME } from "../../policy-pack/pack";
import { POLICIES } from "../../policy-pack/policies";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T; unknownStringValue: string; unknownArrayValue: string; unknownObjectValue: string; unknownBooleanValue: string };

/** The engine's sentinels for values not known during preview (what a preview sends). */
export const UNKNOWN = {
    string: proxy.unknownStringValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
    boolean: proxy.unknownBooleanValue,
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The namespace every baseline object lives in. */
export const NAMESPACE = "apps";

/** A well-formed sha256 digest (64 hex characters). */
export const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
export const REGISTRY = "ghcr.io/acme";
export const IMAGE = `${REGISTRY}/web@${DIGEST}`;

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

/** A container that passes every policy: digest-pinned, read-only, non-root, no capabilities, limited. */
export function hardenedContainer(name: string): Json {
    return {
        name,
        image: IMAGE,
        ports: [{ containerPort: 8080 }],
        securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        },
        resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
    };
}

/** An ephemeral container that passes every policy (the API forbids resources on ephemeral containers). */
export function hardenedEphemeralContainer(name: string): Json {
    const c = hardenedContainer(name);
    delete c["resources"];
    delete c["ports"];
    return c;
}

/** A pod spec that passes every policy, with an init container `init` and a container `app`. */
export function hardenedPodSpec(): Json {
    return {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
        initContainers: [hardenedContainer("init")],
        containers: [hardenedContainer("app")],
        volumes: [{ name: "tmp", emptyDir: {} }],
    };
}

/** Where each workload kind keeps its pod template, as a list of property steps. */
export interface WorkloadKind {
    readonly type: string;
    /** Steps from the resource's props to the pod (template) object holding `metadata` and `spec`. */
    readonly templateSteps: readonly string[];
}

const T = (type: string, ...templateSteps: string[]): WorkloadKind => ({ type, templateSteps });

/** Every workload kind the pack knows, older apiVersions included. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
    T("kubernetes:core/v1:Pod"),
    T("kubernetes:core/v1:PodTemplate", "template"),
    T("kubernetes:core/v1:ReplicationController", "spec", "template"),
    T("kubernetes:apps/v1:Deployment", "spec", "template"),
    T("kubernetes:apps/v1:StatefulSet", "spec", "template"),
    T("kubernetes:apps/v1:DaemonSet", "spec", "template"),
    T("kubernetes:apps/v1:ReplicaSet", "spec", "template"),
    T("kubernetes:apps/v1beta1:Deployment", "spec", "template"),
    T("kubernetes:apps/v1beta2:StatefulSet", "spec", "template"),
    T("kubernetes:extensions/v1beta1:Deployment", "spec", "template"),
    T("kubernetes:extensions/v1beta1:DaemonSet", "spec", "template"),
    T("kubernetes:extensions/v1beta1:ReplicaSet", "spec", "template"),
    T("kubernetes:batch/v1:Job", "spec", "template"),
    T("kubernetes:batch/v1:CronJob", "spec", "jobTemplate", "spec", "template"),
    T("kubernetes:batch/v1beta1:CronJob", "spec", "jobTemplate", "spec", "template"),
];

export const POD_TYPE = "kubernetes:core/v1:Pod";
export const DEPLOYMENT_TYPE = "kubernetes:apps/v1:Deployment";

export function workloadKind(type: string): WorkloadKind {
    const kind = WORKLOAD_KINDS.find(k => k.type === type);
    if (!kind) {
        throw new Error(`no workload kind ${type}`);
    }
    return kind;
}

/** `Deployment` from `kubernetes:apps/v1:Deployment`. */
export function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/** The property path of the pod spec in a workload kind, e.g. `spec.template.spec`. */
export function specPathOf(type: string): string {
    return [...workloadKind(type).templateSteps, "spec"].join(".");
}

export interface WorkloadOptions {
    readonly name?: string;
    /** The namespace in metadata; `null` leaves it out. */
    readonly namespace?: string | null;
    /** The one tweak, applied to the pod spec and pod metadata of a fresh baseline. */
    readonly tweak?: (spec: Json, podMetadata: Json) => void;
}

/** The props of a hardened workload of any kind, with an optional tweak of its pod. */
export function hardenedWorkload(type: string, options: WorkloadOptions = {}): Json {
    const name = options.name ?? "web";
    const batch = type.includes(":batch/");
    const metadata: Json = { name, ...(options.namespace === null ? {} : { namespace: options.namespace ?? NAMESPACE }) };
    const steps = workloadKind(type).templateSteps.join(".");
    // A Pod is its own template: its metadata is the pod metadata.
    const podMetadata: Json = steps === "" ? metadata : {};
    podMetadata["labels"] = { app: name };
    const spec = hardenedPodSpec();
    if (batch) {
        spec["restartPolicy"] = "Never";
    }
    options.tweak?.(spec, podMetadata);
    const template: Json = { metadata: podMetadata, spec };
    const selector = { matchLabels: { app: name } };
    switch (steps) {
        case "":
            return { metadata, spec };
        case "template":
            return { metadata, template };
        case "spec.template":
            return { metadata, spec: batch ? { backoffLimit: 1, template } : { selector, template } };
        case "spec.jobTemplate.spec.template":
            return { metadata, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } } };
        default:
            throw new Error(`no builder for the template path ${steps}`);
    }
}

/** The pod spec inside a workload's props (to tweak a built object). */
export function podSpecIn(type: string, props: Json): Json {
    return podIn(type, props)["spec"];
}

/** The pod (template) object inside a workload's props: `{ metadata, spec }`. */
export function podIn(type: string, props: Json): Json {
    let node = props;
    for (const step of workloadKind(type).templateSteps) {
        node = node[step];
    }
    return node;
}

// ---------------------------------------------------------------------------------------------
// Namespaces and network policies
// ---------------------------------------------------------------------------------------------

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
export const NETWORK_POLICY_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A namespace that enforces, audits and warns at restricted, pinned to the project's version. */
export function hardenedNamespace(name = NAMESPACE): Json {
    return {
        metadata: {
            name,
            labels: {
                [POD_SECURITY_LABELS.enforce]: "restricted",
                [POD_SECURITY_LABELS.enforceVersion]: PINNED_POD_SECURITY_VERSION,
                [POD_SECURITY_LABELS.audit]: "restricted",
                [POD_SECURITY_LABELS.warn]: "restricted",
            },
        },
    };
}

/** The default-deny NetworkPolicy of a namespace: every pod, both directions, no rules. */
export function defaultDenyNetworkPolicy(namespace = NAMESPACE): Json {
    return {
        metadata: { name: "default-deny", namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
}

/** An allow rule beside the default deny, naming its peers. */
export function allowNetworkPolicy(namespace = NAMESPACE): Json {
    return {
        metadata: { name: "web-from-frontend", namespace },
        spec: {
            podSelector: { matchLabels: { app: "web" } },
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: 8080, protocol: "TCP" }] }],
            egress: [
                { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ port: 53, protocol: "UDP" }] },
                { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] },
            ],
        },
    };
}

// ---------------------------------------------------------------------------------------------
// RBAC, services, secrets, service accounts
// ---------------------------------------------------------------------------------------------

export const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
export const ROLE_TYPE = `${RBAC}:Role`;
export const CLUSTER_ROLE_TYPE = `${RBAC}:ClusterRole`;
export const ROLE_BINDING_TYPE = `${RBAC}:RoleBinding`;
export const CLUSTER_ROLE_BINDING_TYPE = `${RBAC}:ClusterRoleBinding`;
export const SERVICE_TYPE = "kubernetes:core/v1:Service";
export const SECRET_TYPE = "kubernetes:core/v1:Secret";
export const SERVICE_ACCOUNT_TYPE = "kubernetes:core/v1:ServiceAccount";

/** A read-only Role: named rules, no wildcards, no secrets, no writes. */
export function hardenedRole(name = "reader"): Json {
    return {
        metadata: { name, namespace: NAMESPACE },
        rules: [
            { apiGroups: [""], resources: ["configmaps", "services"], verbs: ["get", "list", "watch"] },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] },
        ],
    };
}

/** A read-only ClusterRole (the same rules, cluster-wide). */
export function hardenedClusterRole(name = "viewer"): Json {
    const role = hardenedRole(name);
    return { metadata: { name }, rules: role["rules"] };
}

export function hardenedRoleBinding(name = "web-reader"): Json {
    return {
        metadata: { name, namespace: NAMESPACE },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
        subjects: [{ kind: "ServiceAccount", name: "web", namespace: NAMESPACE }],
    };
}

export function hardenedClusterRoleBinding(name = "ops-viewer"): Json {
    return {
        metadata: { name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "viewer" },
        subjects: [{ kind: "Group", name: "ops", apiGroup: "rbac.authorization.k8s.io" }],
    };
}

/** A ClusterIP Service: reachable inside the cluster only. */
export function hardenedService(name = "web"): Json {
    return {
        metadata: { name, namespace: NAMESPACE },
        spec: { type: "ClusterIP", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    };
}

/** A Secret without literal data (filled by an ExternalSecret). */
export function hardenedSecret(name = "web-credentials"): Json {
    return { metadata: { name, namespace: NAMESPACE, labels: { "reconcile.external-secrets.io/managed": "true" } }, type: "Opaque" };
}

/** The namespace's `default` service account with its token automount turned off. */
export function hardenedDefaultServiceAccount(namespace = NAMESPACE): Json {
    return { metadata: { name: "default", namespace }, automountServiceAccountToken: false };
}

// ---------------------------------------------------------------------------------------------
// Engine resources and stacks
// ---------------------------------------------------------------------------------------------

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::hcb::${type}::${name}`;
}

export interface ResourceOptions {
    /** Outputs, when they differ from the inputs (stack policies read outputs). */
    readonly outputs?: Json;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    readonly parent?: string;
}

/** A resource as the engine sends it; outputs are the inputs unless given (as during preview). */
export function resource(type: string, name: string, props: Json, options: ResourceOptions = {}): EngineResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        inputs: props,
        outputs: options.outputs ?? props,
        dependencies: options.dependencies ?? [],
        propertyDependencies: options.propertyDependencies ?? {},
        ...(options.parent ? { parent: options.parent } : {}),
    };
}

/** The namespace `apps` with its default deny: what every namespaced baseline lives beside. */
export function namespaceResources(name = NAMESPACE): EngineResource[] {
    return [
        resource(NAMESPACE_TYPE, name, hardenedNamespace(name)),
        resource(NETWORK_POLICY_TYPE, `${name}-default-deny`, defaultDenyNetworkPolicy(name)),
    ];
}

/** A stack of the hardened namespace and the given resources. */
export function stackWith(...resources: EngineResource[]): EngineResource[] {
    return [...namespaceResources(), ...resources];
}

/** Every kind of baseline object at once: a stack that must pass every policy of the pack. */
export function hardenedStack(): EngineResource[] {
    return stackWith(
        resource(NETWORK_POLICY_TYPE, "web-from-frontend", allowNetworkPolicy()),
        ...WORKLOAD_KINDS.map((k, i) => resource(k.type, `w${i}-${kindOf(k.type).toLowerCase()}`, hardenedWorkload(k.type, { name: `w${i}` }))),
        resource(ROLE_TYPE, "reader", hardenedRole()),
        resource(CLUSTER_ROLE_TYPE, "viewer", hardenedClusterRole()),
        resource(ROLE_BINDING_TYPE, "web-reader", hardenedRoleBinding()),
        resource(CLUSTER_ROLE_BINDING_TYPE, "ops-viewer", hardenedClusterRoleBinding()),
        resource(SERVICE_TYPE, "web", hardenedService()),
        resource(SECRET_TYPE, "web-credentials", hardenedSecret()),
        resource(SERVICE_ACCOUNT_TYPE, "default", hardenedDefaultServiceAccount()),
    );
}

// ---------------------------------------------------------------------------------------------
// Running the whole pack
// ---------------------------------------------------------------------------------------------

export const TEST_PACK = { name: PACK_NAME, version: "0.0.0-test" };

const ENGINE = new InProcessEngine(TEST_PACK, POLICIES);

/** One diagnostic of a pack run, with the resource it is about. */
export interface Finding {
    readonly policy: string;
    readonly level: EnforcementLevel;
    /** The message as the engine reports it (resource policies: description, newline, message). */
    readonly message: string;
    /** The message without the policy's description prefix. */
    readonly detail: string;
    /** The resource: the analysed one for resource policies, the reported one for stack policies. */
    readonly urn?: string;
}

export function policyNamed(name: string): HardenedPolicy {
    const p = POLICIES.find(x => x.name === name);
    if (!p) {
        throw new Error(`no policy ${name}`);
    }
    return p;
}

function detailOf(policyName: string, message: string): string {
    const p = POLICIES.find(x => x.name === policyName);
    const prefix = p ? `${p.description}\n` : undefined;
    return prefix && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * Runs every policy of the pack on the resources (Analyze per resource, then AnalyzeStack), with
 * `configFile` reconciled as `hcb check --config` does. Returns every diagnostic.
 */
export async function analyze(resources: readonly EngineResource[], configFile?: unknown): Promise<Finding[]> {
    const config = reconcileConfig(POLICIES, configFile);
    const analysis = await ENGINE.analyze(resources, config);
    const out: Finding[] = [];
    analysis.resources.forEach((result, i) => {
        for (const d of result.diagnostics) {
            out.push({ policy: d.policyName, level: d.enforcementLevel, message: d.message, detail: detailOf(d.policyName, d.message), urn: d.urn ?? resources[i].urn });
        }
    });
    for (const d of analysis.stack.diagnostics) {
        out.push({ policy: d.policyName, level: d.enforcementLevel, message: d.message, detail: detailOf(d.policyName, d.message), ...(d.urn ? { urn: d.urn } : {}) });
    }
    return out;
}

/** `policy: detail` lines, for readable assertion failures. */
export function describeFindings(findings: readonly Finding[]): string {
    return findings.map(f => `${f.policy} [${f.level}] ${f.urn ?? ""}: ${f.detail}`).join("\n");
}

/** The sorted names of the policies that reported. */
export function policiesOf(findings: readonly Finding[]): string[] {
    return [...new Set(findings.map(f => f.policy))].sort();
}

/** The pss-* policy name of every Pod Security check, by upstream check id. */
export { POD_SECURITY_CONTROL_ROWS } from "../../components/controls";

// ---------------------------------------------------------------------------------------------
// Running one policy as the server calls it
// ---------------------------------------------------------------------------------------------

/** What a policy reported: the string form (message, urn) or the object form (ReportViolationArgs). */
export interface Report {
    readonly message: string;
    readonly urn?: string;
    /** Only the object form sets a level; the string form takes the policy's. */
    readonly enforcementLevel?: EnforcementLevel;
}

export interface Outcome {
    readonly reports: readonly Report[];
    /** The reason given to notApplicable, which (as in the server) ends the call. */
    readonly notApplicable?: string;
}

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "not applicable");
    }
}

function collectingReport(out: Report[]): ReportViolation {
    return ((message: unknown, urn?: string) => {
        if (message !== null && typeof message === "object") {
            const m = message as { message?: string; urn?: string; enforcementLevel?: EnforcementLevel };
            out.push({ message: m.message ?? "", ...(m.urn ? { urn: m.urn } : {}), ...(m.enforcementLevel ? { enforcementLevel: m.enforcementLevel } : {}) });
        } else {
            out.push({ message: String(message ?? ""), ...(urn ? { urn } : {}) });
        }
    }) as ReportViolation;
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

async function collect(run: (report: ReportViolation) => void | Promise<void>): Promise<Outcome> {
    const reports: Report[] = [];
    try {
        await run(collectingReport(reports));
    } catch (e) {
        if (e instanceof NotApplicable) {
            return { reports, notApplicable: e.reason ?? "" };
        }
        throw e;
    }
    return { reports };
}

export interface PolicyInput {
    readonly type: string;
    readonly name: string;
    readonly props: Json;
    readonly urn?: string;
}

/**
 * Calls a resource policy's validateResource as the server does. `config` is what getConfig
 * returns (the server sends the Configure-d properties; `{}` when none). Skips as the server does
 * when the validation declares another `__pulumiType`.
 */
export async function validateResource(policy: HardenedPolicy, input: PolicyInput, config: Json = {}): Promise<Outcome> {
    if (!("validateResource" in policy) || typeof policy.validateResource !== "function") {
        throw new Error(`${policy.name} is not a resource policy`);
    }
    const validate = policy.validateResource;
    const declared = (validate as unknown as { __pulumiType?: string }).__pulumiType;
    if (declared && declared !== input.type) {
        return { reports: [], notApplicable: `Policy only applies to resources of type '${declared}'` };
    }
    const props = proxy.unknownCheckingProxy(structuredClone(input.props));
    const args = {
        type: input.type,
        props,
        urn: input.urn ?? urnOf(input.type, input.name),
        name: input.name,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => ({ ...config }),
        notApplicable: throwNotApplicable,
    } as unknown as ResourceValidationArgs;
    return collect(report => validate(args, report));
}

export interface StackInput extends PolicyInput {
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    readonly dependencies?: readonly string[];
}

/** Calls a stack policy's validateStack as the server does, resources linked by URN. */
export async function validateStack(policy: HardenedPolicy, inputs: readonly StackInput[], config: Json = {}): Promise<Outcome> {
    if (!("validateStack" in policy) || typeof policy.validateStack !== "function") {
        throw new Error(`${policy.name} is not a stack policy`);
    }
    const validate = policy.validateStack;
    const made = inputs.map(input => {
        const props = proxy.unknownCheckingProxy(structuredClone(input.props));
        const r: Record<string, unknown> = {
            type: input.type,
            name: input.name,
            urn: input.urn ?? urnOf(input.type, input.name),
            props,
            opts: {},
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        return { r, input };
    });
    const byUrn = new Map(made.map(m => [m.r["urn"] as string, m.r]));
    for (const { r, input } of made) {
        r["dependencies"] = (input.dependencies ?? []).map(u => byUrn.get(u)).filter(x => x !== undefined);
        const pd: Record<string, unknown[]> = {};
        for (const [k, urns] of Object.entries(input.propertyDependencies ?? {})) {
            pd[k] = urns.map(u => byUrn.get(u)).filter(x => x !== undefined);
        }
        r["propertyDependencies"] = pd;
    }
    const args = {
        resources: made.map(m => m.r as unknown as PolicyResource),
        getConfig: () => ({ ...config }),
        stackTags: new Map<string, string>(),
        notApplicable: throwNotApplicable,
    } as unknown as StackValidationArgs;
    return collect(report => validate(args, report));
}

/** Stack inputs from engine resources (their outputs), for validateStack. */
export function stackInputs(resources: readonly EngineResource[]): StackInput[] {
    return resources.map(r => ({ type: r.type, name: r.name, urn: r.urn, props: r.outputs as Json, propertyDependencies: r.propertyDependencies, dependencies: r.dependencies }));
}

/** A `PolicyResource` as the server builds one, for lib functions that take stack resources. */
export function policyResource(type: string, name: string, props: Json, propertyDependencies: Record<string, PolicyResource[]> = {}): PolicyResource {
    const p = proxy.unknownCheckingProxy(structuredClone(props));
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: p,
        opts: {},
        dependencies: [],
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    } as unknown as PolicyResource;
}

/** A deep copy with one change applied. */
export function tweaked<X>(value: X, change: (copy: X) => void): X {
    const copy = structuredClone(value);
    change(copy);
    return copy;
}

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------


/** A finding a case expects: the policy, the parts its message must contain, and optionally its level and resource. */
export interface Expected {
    readonly policy: string;
    readonly parts: readonly string[];
    readonly level?: EnforcementLevel;
    readonly urn?: string;
}

/**
 * Asserts that the findings are exactly the expected ones (order aside): each expectation matches
 * one finding, and no other finding appeared.
 */
export function assertFindings(findings: readonly Finding[], expected: readonly Expected[]): void {
    const left = [...findings];
    for (const e of expected) {
        const i = left.findIndex(
            f => f.policy === e.policy && e.parts.every(p => f.detail.includes(p)) && (e.level === undefined || f.level === e.level) && (e.urn === undefined || f.urn === e.urn),
        );
        if (i < 0) {
            assert.fail(`expected a finding of ${e.policy} [${e.level ?? "any"}] with ${JSON.stringify(e.parts)}; got:\n${describeFindings(findings) || "(none)"}`);
        }
        left.splice(i, 1);
    }
    if (left.length > 0) {
        assert.fail(`unexpected findings:\n${describeFindings(left)}\n(all findings:\n${describeFindings(findings)})`);
    }
}

/** Asserts that nothing was reported. */
export function assertClean(findings: readonly Finding[]): void {
    if (findings.length > 0) {
        assert.fail(`expected no findings; got:\n${describeFindings(findings)}`);
    }
}


/**
 * The resources as the cluster-only stage they are: a cloud component planned alone is what a
 * `hcb:stage: cluster` stack holds, and the program registers the StackStage marker for it. The
 * checklist stack policies then judge the in-cluster baseline in the stage that deploys it. A set
 * that already declares its stage, or holds the baseline, is returned as it is.
 */
export function asClusterStage(resources: readonly EngineResource[]): EngineResource[] {
    if (resources.some(r => r.type === TOKENS.stackStage || r.type === TOKENS.clusterBaseline)) {
        return [...resources];
    }
    return [...resources, resource(TOKENS.stackStage, "stage", { layers: ["cluster"] })];
}
