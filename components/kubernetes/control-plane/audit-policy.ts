/**
 * The API server audit policy for self-managed control planes (checklist "audit logging";
 * CIS 1.2.16-1.2.19 and 3.2.1-3.2.2): the file is the user's to write on kubeadm, k3s and RKE2, so
 * this generates it. Managed clouds keep their own policy.
 *
 * Rules match in order, first match wins: secrets (and the other credential-bearing objects) at
 * Metadata so their payloads never reach the log; exec, attach and port-forward at Request so the
 * command is recorded; everything else at Metadata. The RequestReceived stage is omitted (every
 * request is logged again at ResponseComplete).
 *
 * Use it with kubeadm (`apiServer.extraArgs.audit-policy-file`), k3s
 * (`--kube-apiserver-arg=audit-policy-file=...`) or RKE2 (`audit-policy-file:` in config.yaml).
 */
import * as YAML from "yaml";
import { Problems, checkStringList } from "../args";
import { AUDIT_POLICY_SCHEMA, ControlPlaneFile, schemaProblems } from "./schemas";

export type AuditLevel = "None" | "Metadata" | "Request" | "RequestResponse";

export interface AuditPolicyRule {
    readonly level: AuditLevel;
    readonly users?: readonly string[];
    readonly userGroups?: readonly string[];
    readonly verbs?: readonly string[];
    readonly resources?: readonly { readonly group?: string; readonly resources?: readonly string[]; readonly resourceNames?: readonly string[] }[];
    readonly namespaces?: readonly string[];
    readonly nonResourceURLs?: readonly string[];
    readonly omitStages?: readonly string[];
}

export interface AuditPolicyDocument {
    readonly apiVersion: "audit.k8s.io/v1";
    readonly kind: "Policy";
    readonly omitStages: readonly string[];
    readonly rules: readonly AuditPolicyRule[];
}

export interface AuditPolicyArgs {
    /**
     * Objects whose payload must never be logged: logged at Metadata whatever else matches.
     * @default AUDIT_POLICY_DEFAULTS.metadataOnly (secrets, config maps, token reviews and requests)
     */
    readonly metadataOnly?: readonly { readonly group: string; readonly resources: readonly string[] }[];
    /**
     * Users whose requests are not logged at all (high-volume system readers). Empty by default:
     * every request is audited.
     * @default []
     */
    readonly ignoredUsers?: readonly string[];
}

export const AUDIT_POLICY_DEFAULTS = {
    metadataOnly: [
        { group: "", resources: ["secrets", "configmaps", "serviceaccounts/token"] },
        { group: "authentication.k8s.io", resources: ["tokenreviews", "tokenrequests"] },
    ],
    /** Interactive access into pods: the request (the command) is kept. */
    requestLevel: [{ group: "", resources: ["pods/exec", "pods/attach", "pods/portforward"] }],
    omitStages: ["RequestReceived"],
    ignoredUsers: [] as readonly string[],
} as const;

/** Generates the audit policy, validated against its schema (throws InvalidArgsError on bad args). */
export function auditPolicy(args: AuditPolicyArgs = {}): ControlPlaneFile<AuditPolicyDocument> {
    const problems = new Problems();
    const d = AUDIT_POLICY_DEFAULTS;
    const metadataOnly = args.metadataOnly ?? d.metadataOnly;
    if (!Array.isArray(metadataOnly) || !metadataOnly.some(g => g?.group === "" && Array.isArray(g.resources) && g.resources.includes("secrets"))) {
        problems.add("`metadataOnly` must keep core `secrets`: a secret's payload in the audit log is a leaked secret.");
    }
    const ignoredUsers = args.ignoredUsers ?? d.ignoredUsers;
    checkStringList(problems, ignoredUsers, "ignoredUsers", '["system:kube-proxy"]');
    problems.throwIfAny("auditPolicy");
    const document: AuditPolicyDocument = {
        apiVersion: "audit.k8s.io/v1",
        kind: "Policy",
        omitStages: [...d.omitStages],
        rules: [
            ...(ignoredUsers.length ? [{ level: "None" as const, users: [...ignoredUsers] }] : []),
            { level: "Metadata", resources: metadataOnly.map(g => ({ group: g.group, resources: [...g.resources] })) },
            { level: "Request", resources: d.requestLevel.map(g => ({ group: g.group, resources: [...g.resources] })) },
            { level: "Metadata" },
        ],
    };
    return fileOf("audit policy", AUDIT_POLICY_SCHEMA, document);
}

/** Validates a generated document against its schema and renders it; a failure is a bug here. */
export function fileOf<T>(what: string, schema: Record<string, unknown>, document: T): ControlPlaneFile<T> {
    const problems = schemaProblems(schema, document);
    if (problems.length) {
        throw new Error(`the generated ${what} does not match its schema: ${problems.join("; ")}`);
    }
    return { document, yaml: YAML.stringify(document) };
}
