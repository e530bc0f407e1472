/**
 * Argument checking shared by every component. Each component's `resolveXxxArgs()` collects every
 * problem into one `Problems` list and throws once, so a user sees all mistakes at once and no
 * resource is registered from arguments that were never valid.
 */
import * as net from "node:net";
import { MIN_JUSTIFICATION_LENGTH } from "./controls/baseline";

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
export const MIN_REASON_LENGTH = MIN_JUSTIFICATION_LENGTH;

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
