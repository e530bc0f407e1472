/**
 * Argument checking of the in-cluster components: providers, DNS names, labels. The checks every
 * component shares (the Problems list, CIDRs, reasons) live in ../args.ts and are re-exported.
 */
import * as k8s from "@pulumi/kubernetes";
import { SYSTEM_NAMESPACES } from "../controls";
import { Problems } from "../args";

export * from "../args";


/**
 * Every component takes the cluster's provider explicitly: objects never land in whatever cluster
 * the ambient kubeconfig points at (and a private cluster's provider may be one that runs inside
 * the network).
 */
export function checkProvider(problems: Problems, provider: unknown, path = "provider"): void {
    if (!k8s.Provider.isInstance(provider)) {
        problems.add(
            `\`${path}\` must be a k8s.Provider: objects are never created in the ambient kubeconfig's cluster. ` +
                "Pass the cluster component's `provider` (or `new k8s.Provider(...)` with the cluster's kubeconfig).",
        );
    }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label (namespace and most object names): lower-case alphanumerics and '-', <= 63. */
export function isDnsLabel(value: unknown, maxLength = 63): value is string {
    return typeof value === "string" && value.length <= maxLength && DNS_LABEL.test(value);
}

export function checkDnsLabel(problems: Problems, value: unknown, path: string, maxLength = 63): value is string {
    if (!isDnsLabel(value, maxLength)) {
        problems.add(
            `\`${path}\` must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending alphanumeric, ` +
                `at most ${maxLength} characters), not ${JSON.stringify(value)}: rename it, e.g. "payments".`,
        );
        return false;
    }
    return true;
}

/**
 * A namespace a component creates and hardens (HardenedNamespace, and every add-on's own): a
 * DNS-1123 label and never one of SYSTEM_NAMESPACES, whose relabelling (Pod Security, default
 * deny) breaks the platform's pods. One check, so an add-on's resolver refuses the name before its
 * caller registers anything, rather than its HardenedNamespace refusing it afterwards.
 */
export function checkNamespaceName(problems: Problems, value: unknown, path: string): value is string {
    if (!checkDnsLabel(problems, value, path)) {
        return false;
    }
    if (SYSTEM_NAMESPACES.includes(value)) {
        problems.add(`\`${path}\` must not be the system namespace ${JSON.stringify(value)}: relabelling it breaks the platform's pods. Leave system namespaces to the cloud and pick a namespace of your own.`);
        return false;
    }
    return true;
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** A label key (apimachinery validation.IsQualifiedName): optional DNS-subdomain prefix, a name <= 63. */
export function isLabelKey(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
        return false;
    }
    return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** A label value (apimachinery validation.IsValidLabelValue): empty, or a name <= 63. */
export function isLabelValue(value: unknown): boolean {
    return typeof value === "string" && (value === "" || (value.length <= 63 && LABEL_NAME.test(value)));
}

/** Checks a string map used as labels or a selector's matchLabels. */
export function checkLabels(problems: Problems, labels: unknown, path: string): labels is Readonly<Record<string, string>> {
    if (labels === null || typeof labels !== "object" || Array.isArray(labels)) {
        problems.add(`\`${path}\` must be an object of label keys to values, e.g. { app: "web" }.`);
        return false;
    }
    let ok = true;
    for (const [key, value] of Object.entries(labels)) {
        if (!isLabelKey(key)) {
            problems.add(`\`${path}\` has the invalid label key ${JSON.stringify(key)}: use [prefix/]name with name <= 63 alphanumerics, '-', '_' or '.'.`);
            ok = false;
        }
        if (!isLabelValue(value)) {
            problems.add(`\`${path}.${key}\` must be a label value (<= 63 alphanumerics, '-', '_' or '.'), not ${JSON.stringify(value)}.`);
            ok = false;
        }
    }
    return ok;
}

