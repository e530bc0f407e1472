/**
 * Argument checking shared by the in-cluster components. Each component's `resolveXxxArgs()`
 * collects every problem into one `Problems` list and throws once, so a user sees all mistakes
 * at once and no resource is registered from arguments that were never valid.
 */
import * as net from "node:net";
import * as k8s from "@pulumi/kubernetes";
import { SYSTEM_NAMESPACES } from "../controls";

/** Thrown by every `resolveXxxArgs()`: all the problems of one component's arguments. */
export class InvalidArgsError extends Error {
    constructor(readonly component: string, readonly problems: readonly string[]) {
        super(`${component} has invalid arguments:\n${problems.map(p => `- ${p}`).join("\n")}`);
        this.name = "InvalidArgsError";
    }
}

/** Problems found while resolving arguments, each naming the property in backticks and the fix. */
export class Problems {
    private readonly list: string[] = [];

    add(message: string): void {
        this.list.push(message);
    }

    /** Adds a nested resolver's problems (they already carry the full property path). */
    addAll(messages: readonly string[]): void {
        this.list.push(...messages);
    }

    get messages(): readonly string[] {
        return this.list;
    }

    /** Throws an InvalidArgsError naming `component` when any problem was found. */
    throwIfAny(component: string): void {
        if (this.list.length > 0) {
            throw new InvalidArgsError(component, this.list);
        }
    }
}

/** Runs `resolve`, turning its InvalidArgsError into problems of the caller (nested args). */
export function collect<T>(problems: Problems, resolve: () => T): T | undefined {
    try {
        return resolve();
    } catch (e) {
        if (e instanceof InvalidArgsError) {
            problems.addAll(e.problems);
            return undefined;
        }
        throw e;
    }
}

/** `a.b` under a prefix, or `b` alone: property paths in messages follow the caller's nesting. */
export function pathOf(prefix: string, path: string): string {
    return prefix ? `${prefix}.${path}` : path;
}

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

/** An IPv4 or IPv6 CIDR with its prefix length in range, e.g. "10.0.0.0/16". */
export function isCidr(value: unknown): value is string {
    if (typeof value !== "string") {
        return false;
    }
    const slash = value.indexOf("/");
    if (slash < 0) {
        return false;
    }
    const family = net.isIP(value.slice(0, slash));
    const bitsText = value.slice(slash + 1);
    if (family === 0 || !/^\d{1,3}$/.test(bitsText)) {
        return false;
    }
    const bits = Number(bitsText);
    return bits <= (family === 4 ? 32 : 128);
}

export function checkCidr(problems: Problems, value: unknown, path: string): value is string {
    if (!isCidr(value)) {
        problems.add(`\`${path}\` must be an IPv4 or IPv6 CIDR such as "10.0.0.0/16", not ${JSON.stringify(value)}.`);
        return false;
    }
    return true;
}

/** Addresses that mean "everywhere"; a rule to them undoes the default deny. */
export const EVERYWHERE_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

/** The minimum length of a written reason for a named opt-out (the pack's exemption minimum). */
export const MIN_REASON_LENGTH = 20;

/** Checks the written reason an opt-out must carry. */
export function checkReason(problems: Problems, reason: unknown, path: string): reason is string {
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
        problems.add(
            `\`${path}\` must say why in at least ${MIN_REASON_LENGTH} characters: an opt-out without a written reason is not reviewable. ` +
                "Give the reason, and record the same justification as an exemption in the policy pack config.",
        );
        return false;
    }
    return true;
}

/** A non-empty list of non-empty strings (groups, registries...). */
export function checkStringList(problems: Problems, value: unknown, path: string, example: string): value is readonly string[] {
    if (!Array.isArray(value) || value.some(v => typeof v !== "string" || v.trim().length === 0)) {
        problems.add(`\`${path}\` must be a list of non-empty strings, e.g. ${example}.`);
        return false;
    }
    return true;
}
