/**
 * Secure by construction, across the argument space: for configurations drawn at random from
 * every component's arguments (scripts/proof/arbitraries), either the arguments are refused up
 * front (an Error naming the property in backticks, nothing registered), or the component
 * registers resources and the pack, given only the exemptions recorded for the user's explicit,
 * named opt-outs, reports no mandatory violation. Every recorded opt-out must also be visible:
 * without its recording, the pack reports it. Anything else (a TypeError, a crash, a refusal
 * after registering) is a failure.
 */
import fc from "fast-check";
import * as k8s from "@pulumi/kubernetes";
import { RecordedResource, runUnderMocks } from "../../cli/plan/mock-runtime";
import { StackStage } from "../../components/stage";
import { AksCluster } from "../../components/azure";
import { EksCluster } from "../../components/aws";
import { GkeCluster } from "../../components/gcp";
import { ClusterAccess, ClusterBaseline, HardenedNamespace, NamespaceAccess } from "../../components/kubernetes";
import { Finding, analyze, created } from "../../test/helpers/component";
import { PROVIDER } from "./arbitraries/common";
import { aksClusterArgs } from "./arbitraries/azure";
import { eksClusterArgs } from "./arbitraries/aws";
import { gkeClusterArgs } from "./arbitraries/gcp";
import { clusterAccessArgs, clusterBaselineArgs, hardenedNamespaceArgs, namespaceAccessArgs } from "./arbitraries/kubernetes";

/** What the user records in the pack config for one named opt-out: an exemption, or break-glass subjects. */
export type Recording =
    | { readonly kind: "exemption"; readonly policy: string; readonly name: string; readonly justification: string }
    | { readonly kind: "breakGlass"; readonly subjects: readonly string[] };

const BREAK_GLASS_POLICY = "k8s-rbac-restrict-cluster-admin-bindings";
const RECORDED = "recorded by the proof for the user's named opt-out";

/** One component's argument space, how to build it, and what its opt-outs record. */
export interface ComponentSpace {
    readonly component: string;
    readonly args: fc.Arbitrary<Record<string, unknown>>;
    /** True when the args take the cluster's k8s.Provider (the `PROVIDER` placeholder). */
    readonly needsProvider: boolean;
    /** Constructs the component (inside the mock stack); throws what the component throws. */
    build(args: Record<string, unknown>): unknown;
    /** The recordings of the named opt-outs: the component's own where it hands them over. */
    recordings(instance: unknown, args: Record<string, unknown>): Recording[];
}

function exemptionsOf(list: readonly { policy: string; name: string; justification: string }[]): Recording[] {
    return list.map(e => ({ kind: "exemption", policy: e.policy, name: e.name, justification: e.justification }));
}

function breakGlassOf(subjects: readonly string[]): Recording[] {
    return subjects.length ? [{ kind: "breakGlass", subjects }] : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A reason from the args when it is one, else the proof's own words (EKS and GKE opt-outs carry none). */
function justification(optOut: unknown): string {
    const r = isRecord(optOut) ? optOut["reason"] : undefined;
    return typeof r === "string" && r.trim().length >= 20 ? r.trim() : RECORDED;
}

/**
 * AksCluster's opt-outs and the policy each one is documented to be flagged by (AksOptOuts in
 * components/azure/args.ts). The component hands over no exemptions: the user records them.
 */
export const AKS_OPT_OUT_POLICIES: Readonly<Record<string, string>> = {
    publicApiServer: "aks-cluster-disallow-public-api-server",
    runCommand: "aks-cluster-disallow-run-command",
    secretsEncryption: "aks-cluster-require-kms-secrets-encryption",
    localAccounts: "aks-cluster-disallow-local-accounts",
    encryptionAtHost: "aks-node-pool-require-encryption-at-host",
    nodeSsh: "aks-node-pool-disallow-ssh",
    azurePolicy: "aks-cluster-require-azure-policy",
    deleteLock: "aks-cluster-require-delete-lock",
    privateClusterPublicFqdn: "aks-cluster-disallow-public-api-server",
};

function aksRecordings(name: string, args: Record<string, unknown>): Recording[] {
    const optOuts = isRecord(args["optOuts"]) ? args["optOuts"] : {};
    const out: Recording[] = Object.entries(AKS_OPT_OUT_POLICIES)
        .filter(([key]) => optOuts[key] !== undefined)
        .map(([key, policy]) => ({ kind: "exemption", policy, name: `${name}-*`, justification: justification(optOuts[key]) }));
    // A public KMS vault is an argument, not an opt-out: AksEncryptionArgs.keyVaultNetworkAccess documents its policy.
    const encryption = isRecord(args["encryption"]) ? args["encryption"] : {};
    if (encryption["keyVaultNetworkAccess"] === "Public") {
        out.push({ kind: "exemption", policy: "aks-key-vault-disallow-public-network-access", name: `${name}-*`, justification: RECORDED });
    }
    return out;
}

/** EksCluster's opt-outs (EksClusterArgs JSDoc) and the policy each is flagged by. */
function eksRecordings(name: string, args: Record<string, unknown>): Recording[] {
    const out: Recording[] = [];
    const add = (policy: string) => out.push({ kind: "exemption", policy, name: `${name}*`, justification: RECORDED });
    if (args["allowPublicEndpoint"] === true) add("eks-cluster-disallow-public-endpoint");
    if (args["allowIamOnlyUsers"] === true) add("eks-cluster-require-identity-provider");
    if (args["deletionProtection"] === false) add("eks-cluster-require-deletion-protection");
    if (args["subnetIds"] === undefined && isRecord(args["vpc"]) && args["vpc"]["flowLogs"] === false) add("eks-vpc-require-flow-logs");
    if (isRecord(args["guardDuty"]) && args["guardDuty"]["runtimeMonitoring"] === false) add("eks-guardduty-require-eks-protection");
    const groups = isRecord(args["nodeGroups"]) ? Object.values(args["nodeGroups"]) : [];
    if (groups.some(g => isRecord(g) && g["metadataHopLimit"] === 2)) add("eks-launchtemplate-limit-metadata-hops");
    return out;
}

/** GkeCluster's opt-outs (GkeClusterArgs JSDoc, "OPT-OUT") and the policy each is reported by. */
function gkeRecordings(name: string, args: Record<string, unknown>): Recording[] {
    const out: Recording[] = [];
    const add = (policy: string) => out.push({ kind: "exemption", policy, name: `${name}*`, justification: RECORDED });
    if (args["allowPublicEndpoint"] === true) add("gke-cluster-disallow-public-endpoint");
    if (args["limitAnonymousAuthentication"] === false) add("gke-cluster-restrict-anonymous-authentication");
    if (args["enforceBinaryAuthorization"] === false) add("gke-cluster-require-binary-authorization");
    if (args["deletionProtection"] === false) add("gke-cluster-require-deletion-protection");
    if (args["intranodeVisibility"] === false) add("gke-cluster-require-intranode-visibility");
    return out;
}

type AnyArgs = never;

/** Every component's space. EksCluster and GkeCluster follow their current Args (still in flux). */
export const COMPONENT_SPACES: readonly ComponentSpace[] = [
    {
        component: "HardenedNamespace",
        args: hardenedNamespaceArgs,
        needsProvider: true,
        build: a => new HardenedNamespace("team", a as AnyArgs),
        recordings: i => exemptionsOf((i as HardenedNamespace).exemptions),
    },
    {
        component: "NamespaceAccess",
        args: namespaceAccessArgs,
        needsProvider: true,
        build: a => new NamespaceAccess("team-access", a as AnyArgs),
        recordings: () => [],
    },
    {
        component: "ClusterAccess",
        args: clusterAccessArgs,
        needsProvider: true,
        build: a => new ClusterAccess("access", a as AnyArgs),
        recordings: i => breakGlassOf((i as ClusterAccess).breakGlassSubjects),
    },
    {
        component: "ClusterBaseline",
        args: clusterBaselineArgs,
        needsProvider: true,
        build: a => new ClusterBaseline("baseline", a as AnyArgs),
        recordings: i => [...exemptionsOf((i as ClusterBaseline).exemptions), ...breakGlassOf((i as ClusterBaseline).access.breakGlassSubjects)],
    },
    {
        component: "AksCluster",
        args: aksClusterArgs,
        needsProvider: false,
        build: a => new AksCluster("aks", a as AnyArgs),
        recordings: (_, a) => aksRecordings("aks", a),
    },
    {
        component: "EksCluster",
        args: eksClusterArgs,
        needsProvider: false,
        build: a => new EksCluster("eks", a as AnyArgs),
        recordings: (_, a) => eksRecordings("eks", a),
    },
    {
        component: "GkeCluster",
        args: gkeClusterArgs,
        needsProvider: false,
        build: a => new GkeCluster("gke", a as AnyArgs),
        recordings: (_, a) => gkeRecordings("gke", a),
    },
];

/** The pack config holding the recordings, as the user would put it in `--policy-pack-config`. */
export function packConfigOfRecordings(recordings: readonly Recording[]): Record<string, Record<string, unknown>> {
    const config: Record<string, { exemptions?: unknown[]; breakGlassSubjects?: string[] }> = {};
    for (const r of recordings) {
        if (r.kind === "exemption") {
            ((config[r.policy] ??= {}).exemptions ??= []).push({ name: r.name, policies: [r.policy], justification: r.justification });
        } else {
            ((config[BREAK_GLASS_POLICY] ??= {}).breakGlassSubjects ??= []).push(...r.subjects);
        }
    }
    return config;
}

export type OutcomeKind = "refused" | "acceptedClean" | "insecureAccepted" | "silentOptOut" | "crash";

export interface ConstructionOutcome {
    readonly kind: OutcomeKind;
    /** Why it is not one of the two good outcomes (or the refusal's message). */
    readonly detail: string;
}

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * A clear refusal: an Error of the component's own (not a JavaScript runtime error) whose every
 * problem names a property in backticks. Returns why it is not, or undefined when it is.
 */
export function refusalProblem(error: unknown): string | undefined {
    if (!(error instanceof Error)) {
        return `threw a non-Error: ${String(error)}`;
    }
    if (PROGRAMMING_ERRORS.some(t => error instanceof t)) {
        return `threw ${error.name}: ${error.message}\n${error.stack ?? ""}`;
    }
    const lines = error.message.split("\n");
    const problems = lines.filter(l => l.startsWith("- "));
    const unnamed = (problems.length ? problems : lines).filter(l => !/`[^`\n]+`/.test(l));
    if (unnamed.length > 0 && (problems.length > 0 || !/`[^`\n]+`/.test(error.message))) {
        return `refused without naming a property in backticks: ${unnamed.join(" | ")}`;
    }
    return undefined;
}

function describeFindings(findings: readonly Finding[]): string {
    return findings.map(f => `${f.policyName} [${f.enforcementLevel}] ${f.resource ?? ""}: ${f.message.split("\n").slice(-1)[0]}`).join("\n");
}

function globMatch(pattern: string, value: string): boolean {
    return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value);
}

/** Runs one configuration of one component and judges it. Never throws. */
export async function judgeConfiguration(space: ComponentSpace, args: Record<string, unknown>): Promise<ConstructionOutcome> {
    let instance: unknown;
    let error: unknown;
    let threw = false;
    let resources: RecordedResource[];
    try {
        resources = await runUnderMocks(
            () => {
                const provider = space.needsProvider ? new k8s.Provider("cluster", {}) : undefined;
                const concrete = args["provider"] === PROVIDER ? { ...args, provider } : args;
                try {
                    // A cloud component alone is a cluster-only stage: declared (once it is built, so a
                    // refusal still registers nothing) as the program declares it (components/stage.ts).
                    instance = space.build(concrete);
                    if (!space.needsProvider) {
                        new StackStage("stage", { layers: ["cluster"] });
                    }
                } catch (e) {
                    threw = true;
                    error = e;
                }
            },
            { project: "hcb-proof", stack: "proof" },
        );
    } catch (e) {
        return { kind: "crash", detail: `the run failed after construction: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
    }
    const own = created(resources);
    if (threw) {
        const problem = refusalProblem(error);
        if (problem) {
            return { kind: "crash", detail: problem };
        }
        if (own.length > 0) {
            return { kind: "crash", detail: `refused after registering ${own.map(r => r.name).join(", ")}: ${(error as Error).message}` };
        }
        return { kind: "refused", detail: (error as Error).message };
    }
    if (own.length === 0) {
        return { kind: "crash", detail: "accepted, but registered nothing" };
    }
    let recordings: Recording[];
    let findings: Finding[];
    try {
        recordings = space.recordings(instance, args);
        findings = await analyze(resources, packConfigOfRecordings(recordings));
    } catch (e) {
        return { kind: "crash", detail: `the pack failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
    }
    const mandatory = findings.filter(f => f.enforcementLevel === "mandatory");
    if (mandatory.length > 0) {
        return { kind: "insecureAccepted", detail: describeFindings(mandatory) };
    }
    if (recordings.length > 0) {
        // Each recording must cover something the pack reports without it: an opt-out is never silent.
        const bare = await analyze(resources);
        const silent = recordings.filter(r =>
            r.kind === "exemption"
                ? !bare.some(f => f.policyName === r.policy && f.resource !== undefined && globMatch(r.name, f.resource))
                : !bare.some(f => f.policyName === BREAK_GLASS_POLICY && f.enforcementLevel === "mandatory"),
        );
        if (silent.length > 0) {
            return { kind: "silentOptOut", detail: `recorded but not reported without the recording: ${JSON.stringify(silent)}` };
        }
    }
    return { kind: "acceptedClean", detail: "" };
}

export interface ConstructionCounts {
    tried: number;
    refused: number;
    acceptedClean: number;
    insecureAccepted: number;
    silentOptOuts: number;
    crashes: number;
}

export interface ConstructionReport extends ConstructionCounts {
    readonly byComponent: Record<string, ConstructionCounts>;
    /** The first few bad outcomes, each with the arguments that reproduce it. */
    readonly failures: { component: string; kind: OutcomeKind; args: string; detail: string }[];
    readonly seed: number;
    readonly durationMs: number;
}

function zero(): ConstructionCounts {
    return { tried: 0, refused: 0, acceptedClean: 0, insecureAccepted: 0, silentOptOuts: 0, crashes: 0 };
}

function count(c: ConstructionCounts, kind: OutcomeKind): void {
    c.tried++;
    if (kind === "refused") c.refused++;
    else if (kind === "acceptedClean") c.acceptedClean++;
    else if (kind === "insecureAccepted") c.insecureAccepted++;
    else if (kind === "silentOptOut") c.silentOptOuts++;
    else c.crashes++;
}

/** Arguments as JSON, with the provider placeholder and `undefined` values kept readable. */
export function showArgs(args: unknown): string {
    return JSON.stringify(args, (_, v) => (v === undefined ? "<undefined>" : typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

/**
 * Draws `numRuns` configurations in all, shared evenly by the components, from `seed`, and counts
 * how each ended. Deterministic for a seed.
 */
export async function runConstructionProof(options: { numRuns: number; seed: number; components?: readonly string[]; maxFailures?: number }): Promise<ConstructionReport> {
    const started = Date.now();
    const spaces = COMPONENT_SPACES.filter(s => !options.components || options.components.includes(s.component));
    const totals = zero();
    const byComponent: Record<string, ConstructionCounts> = {};
    const failures: ConstructionReport["failures"] = [];
    const per = Math.max(1, Math.floor(options.numRuns / spaces.length));
    for (const [i, space] of spaces.entries()) {
        const counts = (byComponent[space.component] = zero());
        const n = i < options.numRuns % spaces.length ? per + 1 : per;
        for (const args of fc.sample(space.args, { numRuns: n, seed: options.seed + i })) {
            const outcome = await judgeConfiguration(space, args);
            count(counts, outcome.kind);
            count(totals, outcome.kind);
            if (outcome.kind !== "refused" && outcome.kind !== "acceptedClean" && failures.length < (options.maxFailures ?? 20)) {
                failures.push({ component: space.component, kind: outcome.kind, args: showArgs(args), detail: outcome.detail });
            }
        }
    }
    return { ...totals, byComponent, failures, seed: options.seed, durationMs: Date.now() - started };
}
