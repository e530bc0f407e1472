/**
 * The guide's service-mesh section ("service-to-service mTLS"): traffic between namespaces is
 * mutually authenticated and encrypted. In a stack that holds the baseline layer, a namespace whose
 * NetworkPolicies declare flows with other (non-system, non-DNS) namespaces must be in a mesh that
 * refuses plain text, and the others are advised to be; in a stack judged as applications alone,
 * an unmeshed namespace with such flows is a "cannot tell" advisory (another stage may mesh it). A namespace counts as meshed STRICT when:
 * - Istio (sidecar `istio-injection: enabled` or `istio.io/rev`, ambient `istio.io/dataplane-mode:
 *   ambient`) and a PeerAuthentication without selector in mode STRICT in the namespace or in the
 *   mesh root namespace (istio-system, or the namespace of an istiod release); a namespace-wide
 *   PERMISSIVE or DISABLE overrides the mesh (Istio "PeerAuthentication" reference: namespace policy
 *   wins over the mesh-wide one). No PeerAuthentication and no control plane in the stack: cannot tell;
 * - Linkerd (`linkerd.io/inject: enabled`) with `config.linkerd.io/default-inbound-policy`
 *   `all-authenticated` or `cluster-authenticated` (Linkerd's default, `all-unauthenticated`, admits
 *   plain text; Linkerd "Authorization policy" reference);
 * - Cilium mutual authentication: a CiliumNetworkPolicy selecting every endpoint of the namespace
 *   whose ingress rules all require `authentication.mode: required` (Cilium "Mutual Authentication").
 */
import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { SYSTEM_NAMESPACES, getControl } from "../../../components/controls";

import { TOKENS } from "../../../components/tokens";
import { HardenedPolicy, canonicalResources, declareJudges } from "../../lib/define";
import { EXEMPTIONS_SCHEMA, Exemption, exemptedMessage, findExemption } from "../../lib/exemptions";
import { NAMESPACE_TYPE, NETWORK_POLICY_TYPE, StackIndex, kubernetesNameOf, stackIndexOf } from "../../lib/stack-index";
import { canonicalType } from "../../lib/type-tokens";
import { MalformedValueError } from "../../lib/read";
import { asArray, at, chartsOf, named, objectsOf } from "./evidence";
import { optOutOf } from "./policy";
import { LAYERS_SCHEMA, describeStage, readKnown, stageOf } from "./stage";

/** Namespaces of mesh control planes: flows with them are the mesh's own, not the workloads'. */
export const MESH_CONTROL_PLANE_NAMESPACES = ["istio-system", "linkerd", "cilium-spire"];
const NAME_LABEL = "kubernetes.io/metadata.name";

export interface MeshMtlsConfig {
    readonly exemptNamespaces: readonly string[];
    readonly layers?: readonly string[];
    readonly exemptions?: readonly Exemption[];
}

/** The namespaces a peer's namespaceSelector names; ["*"] for any namespace or a label selector. */
function peerNamespaces(peer: unknown): string[] | undefined {
    const selector = at(peer, "namespaceSelector");
    if (selector === undefined || selector === null) {
        return undefined;
    }
    const name = at(selector, "matchLabels", NAME_LABEL);
    if (typeof name === "string" && asArray(at(selector, "matchExpressions")).length === 0) {
        return [name];
    }
    const expr = asArray(at(selector, "matchExpressions")).find(e => at(e, "key") === NAME_LABEL && at(e, "operator") === "In");
    return expr ? asArray(at(expr, "values")).map(String) : ["*"];
}

/** The other namespaces the namespace's NetworkPolicies let it talk to ("*": any). */
export function crossNamespaceFlows(namespace: string, policies: readonly PolicyResource[], ignored: ReadonlySet<string>): string[] {
    const peers = new Set<string>();
    for (const p of policies) {
        const spec = at(p.props, "spec");
        // DNS (port 53 only) is no service-to-service flow a mesh carries.
        const isDns = (rule: unknown) => {
            const ports = asArray(at(rule, "ports"));
            return ports.length > 0 && ports.every(p => at(p, "port") === 53);
        };
        const rules = [
            ...asArray(at(spec, "ingress")).filter(r => !isDns(r)).flatMap(r => asArray(at(r, "from"))),
            ...asArray(at(spec, "egress")).filter(r => !isDns(r)).flatMap(r => asArray(at(r, "to"))),
        ];
        for (const peer of rules) {
            for (const ns of peerNamespaces(peer) ?? []) {
                if (ns !== namespace && !ignored.has(ns)) {
                    peers.add(ns);
                }
            }
        }
    }
    return [...peers].sort();
}

type MeshState = { kind: "strict"; how: string } | { kind: "weak"; why: string } | { kind: "none" } | { kind: "unknown"; what: string };

/** Facts about the stack's meshes, drawn once. */
interface MeshFacts {
    readonly rootNamespaces: ReadonlySet<string>;
    readonly istioInStack: boolean;
    /** PeerAuthentications without selector: namespace → mode. */
    readonly peerAuth: ReadonlyMap<string, string>;
    readonly cilium: readonly PolicyResource[];
}

function meshFactsOf(resources: readonly PolicyResource[]): MeshFacts {
    const roots = new Set(["istio-system"]);
    let istioInStack = false;
    for (const r of resources) {
        const charts = chartsOf(r);
        if (charts.known && charts.charts.includes("istiod")) {
            istioInStack = true;
            const ns = readKnown(() => at(r.props, "namespace"));
            if (ns.known && typeof ns.value === "string") {
                roots.add(ns.value);
            }
        }
    }
    const peerAuth = new Map<string, string>();
    for (const r of objectsOf(resources, "security.istio.io", ["PeerAuthentication"])) {
        const read = readKnown(() => ({ ns: at(r.props, "metadata", "namespace"), selector: at(r.props, "spec", "selector"), mode: at(r.props, "spec", "mtls", "mode") }));
        if (read.known && typeof read.value.ns === "string" && read.value.selector === undefined) {
            peerAuth.set(read.value.ns, typeof read.value.mode === "string" ? read.value.mode : "UNSET");
            istioInStack = true;
        }
    }
    return { rootNamespaces: roots, istioInStack, peerAuth, cilium: objectsOf(resources, "cilium.io", ["CiliumNetworkPolicy"]) };
}

export function meshStateOf(ns: PolicyResource, name: string, facts: MeshFacts): MeshState {
    const labels = (at(ns.props, "metadata", "labels") ?? {}) as Record<string, unknown>;
    const annotations = (at(ns.props, "metadata", "annotations") ?? {}) as Record<string, unknown>;
    const istio = labels["istio-injection"] === "enabled" || typeof labels["istio.io/rev"] === "string" || labels["istio.io/dataplane-mode"] === "ambient";
    if (istio) {
        const own = facts.peerAuth.get(name);
        if (own !== undefined && own !== "STRICT" && own !== "UNSET") {
            return { kind: "weak", why: `its PeerAuthentication sets mTLS mode ${own}, which admits plain text` };
        }
        if (own === "STRICT") {
            return { kind: "strict", how: "Istio, STRICT PeerAuthentication in the namespace" };
        }
        const root = [...facts.rootNamespaces].find(r => facts.peerAuth.has(r));
        if (root !== undefined) {
            const mode = facts.peerAuth.get(root)!;
            return mode === "STRICT" ? { kind: "strict", how: `Istio, mesh-wide STRICT PeerAuthentication in ${root}` } : { kind: "weak", why: `the mesh-wide PeerAuthentication in ${root} sets mode ${mode}, which admits plain text` };
        }
        return facts.istioInStack
            ? { kind: "weak", why: "Istio defaults to PERMISSIVE mTLS, which admits plain text: no STRICT PeerAuthentication covers it" }
            : { kind: "unknown", what: "whether a STRICT PeerAuthentication covers it (the Istio control plane is not in this stack)" };
    }
    if (annotations["linkerd.io/inject"] === "enabled") {
        const policy = annotations["config.linkerd.io/default-inbound-policy"];
        return policy === "all-authenticated" || policy === "cluster-authenticated"
            ? { kind: "strict", how: `Linkerd, default inbound policy ${policy}` }
            : { kind: "weak", why: `Linkerd admits unauthenticated traffic unless \`config.linkerd.io/default-inbound-policy\` is all-authenticated (it is ${JSON.stringify(policy ?? "unset")})` };
    }
    for (const p of facts.cilium) {
        const read = readKnown(() => {
            if (at(p.props, "metadata", "namespace") !== name) {
                return false;
            }
            const selector = at(p.props, "spec", "endpointSelector");
            const selectsAll = selector !== undefined && Object.keys((at(selector, "matchLabels") ?? {}) as object).length === 0 && asArray(at(selector, "matchExpressions")).length === 0;
            const ingress = asArray(at(p.props, "spec", "ingress"));
            return selectsAll && ingress.length > 0 && ingress.every(rule => at(rule, "authentication", "mode") === "required");
        });
        if (!read.known) {
            return { kind: "unknown", what: `the rules of ${named(p)}` };
        }
        if (read.value) {
            return { kind: "strict", how: `Cilium mutual authentication (${named(p)})` };
        }
    }
    return { kind: "none" };
}

/** The add-on components whose own namespaces are the platform's (the advisory leaves them out). */
const ADDON_TOKENS: readonly string[] = [TOKENS.runtimeDetection, TOKENS.imageVerification, TOKENS.externalSecrets, TOKENS.meshMtls];

function isAddonNamespace(ns: PolicyResource): boolean {
    for (let p = ns.parent; p; p = p.parent) {
        if (ADDON_TOKENS.includes(p.type)) {
            return true;
        }
    }
    return false;
}

type Report = (args: { message: string; enforcementLevel?: "advisory" | "mandatory"; urn?: string }) => void;

const FIX = "add the namespace to ClusterBaseline's `meshMtls.meshedNamespaces` (Istio with a mesh-wide STRICT PeerAuthentication, or Linkerd all-authenticated), or mesh it yourself in STRICT mode";

export function meshMtlsPolicyOf(): HardenedPolicy {
    const control = getControl("k8s-mesh-mtls");
    const name = "k8s-namespace-require-mesh-mtls";
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const config = args.getConfig<MeshMtlsConfig>();
        // Every alias and versioned token as its current one (lib/type-tokens.ts).
        const resources = canonicalResources(args.resources);
        const exempt = new Set(config.exemptNamespaces ?? SYSTEM_NAMESPACES);
        const report = reportViolation as unknown as Report;
        const namespaces = resources.filter(r => r.type === NAMESPACE_TYPE);
        if (namespaces.length === 0) {
            args.notApplicable("No Namespace in the stack");
        }
        const stage = stageOf(resources, config.layers);
        const judgeAll = stage.layers.includes("baseline");
        const index: StackIndex = stackIndexOf(resources);
        const facts = meshFactsOf(resources);
        const ignored = new Set([...exempt, ...MESH_CONTROL_PLANE_NAMESPACES, ...facts.rootNamespaces]);
        const optOut = optOutOf(resources, "meshMtls");
        // NetworkPolicies under any token of their type (SDK aliases: lib/type-tokens.ts), by the namespace they live in.
        const byNamespace = new Map<PolicyResource, PolicyResource[]>();
        for (const r of resources) {
            if (canonicalType(r.type) !== NETWORK_POLICY_TYPE) {
                continue;
            }
            let owner: PolicyResource | undefined;
            try {
                owner = index.namespaceResourceOf(r);
            } catch (e) {
                if (!(e instanceof MalformedValueError)) throw e;
            }
            if (owner) {
                byNamespace.set(owner, [...(byNamespace.get(owner) ?? []), r]);
            }
        }
        const policiesIn = (ns: PolicyResource) => byNamespace.get(ns) ?? [];
        for (const ns of namespaces) {
            const nsName = readKnown(() => kubernetesNameOf(ns));
            if (!nsName.known || nsName.value === undefined || ignored.has(nsName.value)) {
                continue;
            }
            const subject = `Namespace '${nsName.value}'`;
            const judged = readKnown(() => ({ flows: crossNamespaceFlows(nsName.value!, policiesIn(ns), ignored), state: meshStateOf(ns, nsName.value!, facts) }));
            if (!judged.known) {
                report({ message: `${subject} cannot be checked for checklist "${control.checklist}" during preview: its labels, annotations or NetworkPolicies are not known yet.`, enforcementLevel: "advisory", urn: ns.urn });
                continue;
            }
            const { flows, state } = judged.value;
            if (state.kind === "strict") {
                continue;
            }
            if (state.kind === "unknown") {
                report({ message: `${subject} cannot be checked for checklist "${control.checklist}": ${state.what}.`, enforcementLevel: "advisory", urn: ns.urn });
                continue;
            }
            // Mandatory where the stack holds the baseline layer (namespaces and the mesh are built
            // there); a stack judged as applications alone cannot tell whether another stage meshes it.
            const mandatory = flows.length > 0 && judgeAll;
            if (flows.length === 0 && (!judgeAll || isAddonNamespace(ns))) {
                continue;
            }
            const reason = state.kind === "weak" ? state.why : "it is in no mesh";
            const scope = mandatory ? `it declares flows with ${flows.map(f => (f === "*" ? "any namespace" : f)).join(", ")}, and ${reason}` : reason;
            const message = `${subject} must carry its traffic over STRICT mTLS (checklist "${control.checklist}"): ${scope}. Fix: ${FIX}.${mandatory ? "" : ` Stage: ${describeStage(stage)}.`}`;
            const exemption = findExemption(config.exemptions, name, ns.urn, ns.name);
            if (optOut && state.kind === "none") {
                report({ message: exemptedMessage(`${message} Opted out by ${optOut.who} (\`optOuts.meshMtls\`).`, { justification: optOut.reason } as Exemption), enforcementLevel: "advisory", urn: ns.urn });
            } else if (exemption) {
                report({ message: exemptedMessage(message, exemption), enforcementLevel: "advisory", urn: ns.urn });
            } else if (mandatory) {
                reportViolation(message, ns.urn);
            } else if (flows.length > 0) {
                report({ message: `${subject} cannot be checked for checklist "${control.checklist}": it declares flows with ${flows.join(", ")} and is in no mesh here, and the stack holds ${describeStage(stage)}; declare the baseline layer (StackStage or \`layers\`) where the mesh is built.`, enforcementLevel: "advisory", urn: ns.urn });
            } else {
                report({ message, enforcementLevel: "advisory", urn: ns.urn });
            }
        }
    };
    // Its findings are on Namespaces alone; the NetworkPolicies, PeerAuthentications and charts it reads are evidence.
    return declareJudges({
        name,
        control: control.id,
        description: "Namespaces that declare flows with other namespaces carry their traffic over a mesh in STRICT mTLS mode (advisory for the others).",
        enforcementLevel: "mandatory",
        severity: control.severity,
        configSchema: {
            properties: {
                exemptNamespaces: { type: "array", items: { type: "string" }, default: [...SYSTEM_NAMESPACES], description: "Namespaces run by the platform, left out of this policy." },
                layers: LAYERS_SCHEMA,
                exemptions: EXEMPTIONS_SCHEMA,
            },
        },
        validateStack,
    } as HardenedPolicy, type => type === NAMESPACE_TYPE);
}

export const meshMtlsPolicy = meshMtlsPolicyOf();
