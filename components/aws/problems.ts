/**
 * Readers for the AWS components' raw arguments (from code or a stack file's YAML). Problems are
 * collected in the shared `Problems` list (../args.ts) and thrown once as an InvalidArgsError.
 */

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
