/**
 * The API server's EncryptionConfiguration for self-managed control planes (checklist "secrets
 * encrypted at rest"; CIS 1.2.27-1.2.28): KMS v2 (envelope encryption through a KMS plugin) or a
 * local key (aescbc, or secretbox), always with `identity` last so objects written before
 * encryption was turned on can still be read, and are rewritten encrypted on their next update.
 *
 * The YAML of a local-key configuration contains the key: keep it as a Pulumi secret
 * (`pulumi.secret(file.yaml)`) and on the control-plane nodes readable by root only.
 * Use it with kubeadm/k3s (`--encryption-provider-config`); RKE2 manages its own (`secrets-encryption`).
 */
import { Problems, checkDnsLabel } from "../args";
import { ControlPlaneFile, ENCRYPTION_CONFIGURATION_SCHEMA } from "./schemas";
import { fileOf } from "./audit-policy";

export interface EncryptionKey {
    /** The key's name (kept in each encrypted object's prefix to find its key). */
    readonly name: string;
    /** The base64 of the key bytes: 32 bytes for secretbox; 16, 24 or 32 for aescbc (32 advised). */
    readonly secret: string;
}

export type EncryptionProvider =
    | { readonly kms: { readonly name: string; readonly endpoint: string; readonly timeout?: string } }
    | { readonly aescbc: { readonly keys: readonly EncryptionKey[] } }
    | { readonly secretbox: { readonly keys: readonly EncryptionKey[] } };

export interface EncryptionConfigArgs {
    /** KMS v2 (recommended), aescbc or secretbox; the first key of a list encrypts, the others decrypt. */
    readonly provider: EncryptionProvider;
    /** @default ["secrets"] (CIS 1.2.27; add "configmaps" or custom resources as needed) */
    readonly resources?: readonly string[];
}

export interface EncryptionConfigDocument {
    readonly apiVersion: "apiserver.config.k8s.io/v1";
    readonly kind: "EncryptionConfiguration";
    readonly resources: readonly { readonly resources: readonly string[]; readonly providers: readonly Record<string, unknown>[] }[];
}

export const ENCRYPTION_CONFIG_DEFAULTS = {
    resources: ["secrets"] as readonly string[],
    /** KMS v2 is GA since Kubernetes 1.29; v1 is deprecated. */
    kmsApiVersion: "v2",
    kmsTimeout: "3s",
} as const;

function checkKeys(problems: Problems, keys: unknown, path: string, sizes: readonly number[]): void {
    if (!Array.isArray(keys) || keys.length === 0) {
        problems.add(`\`${path}\` must hold at least one { name, secret } key.`);
        return;
    }
    keys.forEach((k: { name?: unknown; secret?: unknown }, i) => {
        checkDnsLabel(problems, k?.name, `${path}[${i}].name`);
        const bytes = typeof k?.secret === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(k.secret) ? Buffer.from(k.secret, "base64").length : -1;
        if (!sizes.includes(bytes)) {
            problems.add(`\`${path}[${i}].secret\` must be the base64 of a ${sizes.join(", ")}-byte key (e.g. \`head -c 32 /dev/urandom | base64\`).`);
        }
    });
}

/** Generates the EncryptionConfiguration, validated against its schema. */
export function encryptionConfig(args: EncryptionConfigArgs): ControlPlaneFile<EncryptionConfigDocument> {
    const problems = new Problems();
    const p = args?.provider as Record<string, unknown> | undefined;
    const kinds = p && typeof p === "object" ? Object.keys(p) : [];
    if (kinds.length !== 1 || !["kms", "aescbc", "secretbox"].includes(kinds[0])) {
        problems.add("`provider` must be exactly one of { kms }, { aescbc } or { secretbox }: identity (no encryption) is added last by itself, never first.");
    } else if (kinds[0] === "kms") {
        const kms = p!["kms"] as { name?: unknown; endpoint?: unknown };
        checkDnsLabel(problems, kms?.name, "provider.kms.name");
        if (typeof kms?.endpoint !== "string" || !kms.endpoint.startsWith("unix:///")) {
            problems.add("`provider.kms.endpoint` must be the KMS plugin's socket, e.g. \"unix:///var/run/kmsplugin/socket.sock\".");
        }
    } else {
        checkKeys(problems, (p![kinds[0]] as { keys?: unknown })?.keys, `provider.${kinds[0]}.keys`, kinds[0] === "secretbox" ? [32] : [16, 24, 32]);
    }
    const resources = args?.resources ?? ENCRYPTION_CONFIG_DEFAULTS.resources;
    if (!Array.isArray(resources) || !resources.includes("secrets")) {
        problems.add("`resources` must include \"secrets\": they are what encryption at rest is for.");
    }
    problems.throwIfAny("encryptionConfig");
    const d = ENCRYPTION_CONFIG_DEFAULTS;
    let primary: Record<string, unknown>;
    if ("kms" in args.provider) {
        const k = args.provider.kms;
        primary = { kms: { apiVersion: d.kmsApiVersion, name: k.name, endpoint: k.endpoint, timeout: k.timeout ?? d.kmsTimeout } };
    } else if ("aescbc" in args.provider) {
        primary = { aescbc: { keys: args.provider.aescbc.keys.map(k => ({ name: k.name, secret: k.secret })) } };
    } else {
        primary = { secretbox: { keys: args.provider.secretbox.keys.map(k => ({ name: k.name, secret: k.secret })) } };
    }
    const document: EncryptionConfigDocument = {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "EncryptionConfiguration",
        resources: [{ resources: [...resources], providers: [primary, { identity: {} }] }],
    };
    return fileOf("EncryptionConfiguration", ENCRYPTION_CONFIGURATION_SCHEMA, document);
}
