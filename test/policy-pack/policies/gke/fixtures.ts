/**
 * Hardened baselines for the GKE policies, as a user would register them by hand (no component):
 * a Cluster and a NodePool that every GKE policy accepts. Cases apply one tweak to a copy.
 */
import { InProcessEngine } from "../../../../cli/engine/in-process";
import { reconcileConfig } from "../../../../cli/engine/config";
import { Diagnostic, EngineResource } from "../../../../cli/engine/model";
import { gkePolicies } from "../../../../policy-pack/policies/gke";
import { CLUSTER_TYPE, NODE_POOL_TYPE } from "../../../../policy-pack/policies/gke/resources";

export const SA = "nodes@proj-1.iam.gserviceaccount.com";

export function hardenedNodeConfig(): Record<string, unknown> {
    return {
        imageType: "COS_CONTAINERD",
        serviceAccount: SA,
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        kubeletConfig: { insecureKubeletReadonlyPortEnabled: "FALSE" },
    };
}

export function hardenedCluster(): Record<string, unknown> {
    return {
        location: "europe-west1",
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: "172.16.0.0/28" },
        masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.0.0.0/8" }], privateEndpointEnforcementEnabled: true },
        databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" },
        workloadIdentityConfig: { workloadPool: "proj-1.svc.id.goog" },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        rbacBindingConfig: { enableInsecureBindingSystemAuthenticated: false, enableInsecureBindingSystemUnauthenticated: false },
        anonymousAuthenticationConfig: { mode: "LIMITED" },
        authenticatorGroupsConfig: { securityGroup: "gke-security-groups@example.com" },
        datapathProvider: "ADVANCED_DATAPATH",
        enableIntranodeVisibility: true,
        releaseChannel: { channel: "STABLE" },
        binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
        loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER"] },
        nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: "FALSE" } },
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: hardenedNodeConfig(),
    };
}

export function hardenedNodePool(): Record<string, unknown> {
    return { cluster: "c", location: "europe-west1", management: { autoRepair: true, autoUpgrade: true }, nodeConfig: hardenedNodeConfig() };
}

export function resourceOf(type: string, name: string, inputs: Record<string, unknown>): EngineResource {
    return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, inputs, outputs: inputs, dependencies: [], propertyDependencies: {} };
}

export const clusterOf = (inputs: Record<string, unknown>) => resourceOf(CLUSTER_TYPE, "by-hand", inputs);
export const nodePoolOf = (inputs: Record<string, unknown>) => resourceOf(NODE_POOL_TYPE, "by-hand-pool", inputs);

/** The project's Binary Authorization policy as a hardened stack manages it (deny by default, attested, enforced). */
export function hardenedProjectPolicy(): EngineResource {
    return resourceOf("gcp:binaryauthorization/policy:Policy", "by-hand-binauthz", {
        globalPolicyEvaluationMode: "ENABLE",
        defaultAdmissionRule: { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: ["projects/proj-1/attestors/built-by-ci"] },
    });
}

/**
 * The GKE policies' diagnostics for these resources (resource and stack policies). A hardened
 * stack manages the project's Binary Authorization policy its cluster enforces
 * (gke-project-require-binary-authorization-policy), so it is added unless `projectPolicy: false`.
 */
export async function gkeDiagnostics(resources: readonly EngineResource[], config: Record<string, unknown> = {}, options: { projectPolicy?: boolean } = {}): Promise<Diagnostic[]> {
    const engine = new InProcessEngine({ name: "test", version: "0.1.0" }, gkePolicies);
    const all = options.projectPolicy === false ? resources : [...resources, hardenedProjectPolicy()];
    const result = await engine.analyze(all, reconcileConfig(gkePolicies, config));
    return [...result.resources.flatMap(r => r.diagnostics), ...result.stack.diagnostics];
}

/** Sets `value` at a dotted path (`a.b[0].c`), creating objects on the way; undefined deletes. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    let cur = obj as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) {
        cur[k] ??= {};
        cur = cur[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
        delete cur[last];
    } else {
        cur[last] = value;
    }
}
