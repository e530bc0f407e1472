/**
 * Readers for resource properties that may be malformed. Manifests and state files are untrusted:
 * any field can hold the wrong type. A check never passes on a value it could not read: a wrong
 * type raises MalformedValueError, which the policy wrappers report as a violation naming the field.
 */

export type Obj = Readonly<Record<string, unknown>>;

export class MalformedValueError extends Error {
    constructor(readonly path: string, readonly expected: string, readonly actual: unknown) {
        super(`\`${path}\` must be ${expected}, not ${describeType(actual)}`);
        this.name = "MalformedValueError";
    }
}

export function describeType(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "an array";
    }
    const t = typeof value;
    return t === "object" ? "an object" : `a ${t}`;
}

/** True for a present value; JSON null means unset in Kubernetes objects. */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null;
}

export function optObject(value: unknown, path: string): Obj | undefined {
    if (!isSet(value)) {
        return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new MalformedValueError(path, "an object", value);
    }
    return value as Obj;
}

export function optArray(value: unknown, path: string): readonly unknown[] {
    if (!isSet(value)) {
        return [];
    }
    if (!Array.isArray(value)) {
        throw new MalformedValueError(path, "an array", value);
    }
    return value;
}

export function optString(value: unknown, path: string): string | undefined {
    if (!isSet(value)) {
        return undefined;
    }
    if (typeof value !== "string") {
        throw new MalformedValueError(path, "a string", value);
    }
    return value;
}

export function optBoolean(value: unknown, path: string): boolean | undefined {
    if (!isSet(value)) {
        return undefined;
    }
    if (typeof value !== "boolean") {
        throw new MalformedValueError(path, "a boolean", value);
    }
    return value;
}

/** The string values of a string→string map (labels, annotations); malformed entries raise. */
export function optStringMap(value: unknown, path: string): ReadonlyMap<string, string> {
    const obj = optObject(value, path);
    const out = new Map<string, string>();
    if (obj) {
        // Sorted: the engine does not keep key order on the wire, and the first bad key reported
        // must not depend on it.
        for (const key of Object.keys(obj).sort()) {
            const v = optString(obj[key], `${path}.${key}`);
            if (v !== undefined) {
                out.set(key, v);
            }
        }
    }
    return out;
}

/** Elements of an array that must all be strings (verbs, resources, capabilities, ...). */
export function optStringArray(value: unknown, path: string): readonly string[] {
    return optArray(value, path).map((v, i) => {
        const s = optString(v, `${path}[${i}]`);
        if (s === undefined) {
            throw new MalformedValueError(`${path}[${i}]`, "a string", v);
        }
        return s;
    });
}
