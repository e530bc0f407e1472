/**
 * The API server's AdmissionConfiguration for self-managed control planes, configuring the
 * PodSecurity admission plugin (checklist "Pod Security Standards enforced"; CIS 5.2): every
 * namespace without labels enforces, audits and warns at restricted with the pinned version, so
 * an unlabelled namespace is no longer privileged; only the named namespaces are exempt.
 *
 * Use it with kubeadm/k3s (`--admission-control-config-file`) or RKE2
 * (`pod-security-admission-config-file:`).
 */
import { DEFAULT_POD_SECURITY_LEVEL, PINNED_POD_SECURITY_VERSION } from "../../controls";
import { Problems, checkDnsLabel, checkStringList } from "../args";
import { ADMISSION_CONFIGURATION_SCHEMA, ControlPlaneFile, POD_SECURITY_CONFIGURATION_SCHEMA, schemaProblems } from "./schemas";
import { fileOf } from "./audit-policy";

export interface AdmissionConfigArgs {
    /**
     * Namespaces exempt from Pod Security: the control plane's own. Each is a namespace whose pods
     * are trusted as much as the nodes.
     * @default ["kube-system"]
     */
    readonly exemptNamespaces?: readonly string[];
    /** Users exempt (e.g. a controller creating privileged pods). @default [] */
    readonly exemptUsernames?: readonly string[];
    /** @default PINNED_POD_SECURITY_VERSION */
    readonly version?: string;
}

export const ADMISSION_CONFIG_DEFAULTS = {
    level: DEFAULT_POD_SECURITY_LEVEL,
    version: PINNED_POD_SECURITY_VERSION,
    exemptNamespaces: ["kube-system"] as readonly string[],
    exemptUsernames: [] as readonly string[],
} as const;

export interface PodSecurityConfigurationDocument {
    readonly apiVersion: "pod-security.admission.config.k8s.io/v1";
    readonly kind: "PodSecurityConfiguration";
    readonly defaults: Readonly<Record<string, string>>;
    readonly exemptions: { readonly usernames: readonly string[]; readonly runtimeClasses: readonly string[]; readonly namespaces: readonly string[] };
}

export interface AdmissionConfigDocument {
    readonly apiVersion: "apiserver.config.k8s.io/v1";
    readonly kind: "AdmissionConfiguration";
    readonly plugins: readonly { readonly name: "PodSecurity"; readonly configuration: PodSecurityConfigurationDocument }[];
}

/** Generates the AdmissionConfiguration; the embedded PodSecurityConfiguration is validated too. */
export function admissionConfig(args: AdmissionConfigArgs = {}): ControlPlaneFile<AdmissionConfigDocument> {
    const problems = new Problems();
    const d = ADMISSION_CONFIG_DEFAULTS;
    const exemptNamespaces = args.exemptNamespaces ?? d.exemptNamespaces;
    if (checkStringList(problems, exemptNamespaces, "exemptNamespaces", '["kube-system"]')) {
        exemptNamespaces.forEach((n, i) => checkDnsLabel(problems, n, `exemptNamespaces[${i}]`));
    }
    const exemptUsernames = args.exemptUsernames ?? d.exemptUsernames;
    checkStringList(problems, exemptUsernames, "exemptUsernames", '["system:serviceaccount:ci:builder"]');
    const version = args.version ?? d.version;
    if (typeof version !== "string" || !/^v1\.(0|[1-9]\d*)$/.test(version)) {
        problems.add(`\`version\` must be a pinned Pod Security version like "${d.version}", not ${JSON.stringify(version)}.`);
    }
    problems.throwIfAny("admissionConfig");
    const configuration: PodSecurityConfigurationDocument = {
        apiVersion: "pod-security.admission.config.k8s.io/v1",
        kind: "PodSecurityConfiguration",
        defaults: {
            enforce: d.level,
            "enforce-version": version,
            audit: d.level,
            "audit-version": version,
            warn: d.level,
            "warn-version": version,
        },
        exemptions: { usernames: [...exemptUsernames], runtimeClasses: [], namespaces: [...exemptNamespaces] },
    };
    const inner = schemaProblems(POD_SECURITY_CONFIGURATION_SCHEMA, configuration);
    if (inner.length) {
        throw new Error(`the generated PodSecurityConfiguration does not match its schema: ${inner.join("; ")}`);
    }
    return fileOf("AdmissionConfiguration", ADMISSION_CONFIGURATION_SCHEMA, {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "AdmissionConfiguration",
        plugins: [{ name: "PodSecurity", configuration }],
    } as AdmissionConfigDocument);
}
