/**
 * Argument problems of the AWS components, collected into one list and thrown once, so a user sees
 * every mistake at once and no resource is registered from arguments that were never valid.
 */

/** Thrown by `resolveEksArgs()`: every problem of the arguments, each naming the property and the fix. */
export class EksArgsError extends Error {
    constructor(readonly component: string, readonly problems: readonly string[]) {
        super(`${component} has invalid arguments:\n${problems.map(p => `- ${p}`).join("\n")}`);
        this.name = "EksArgsError";
    }
}

/** A list of problems; `throwIfAny` raises them together. */
export class ArgProblems {
    private readonly list: string[] = [];

    add(message: string): void {
        this.list.push(message);
    }

    get messages(): readonly string[] {
        return this.list;
    }

    throwIfAny(component: string): void {
        if (this.list.length > 0) {
            throw new EksArgsError(component, this.list);
        }
    }
}

/** True for a plain (not Output/Promise) value: only those can be validated before deployment. */
export function isPlain(value: unknown): boolean {
    return value === null || typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

export function describe(value: unknown): string {
    if (value === undefined) return "undefined";
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") return "an object";
    try {
        return JSON.stringify(value);
    } catch {
        return typeof value;
    }
}
