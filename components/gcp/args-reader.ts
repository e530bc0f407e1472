/**
 * Typed reads of untrusted GkeCluster arguments (stack config YAML): each wrong value becomes a
 * problem naming its property and the rule, and the default is kept so checking can go on.
 */
import { Problems, isCidr } from "../args";

const LABEL_KEY = /^[a-z][-_a-z0-9]{0,62}$/;
const LABEL_VALUE = /^[-_a-z0-9]{0,63}$/;

export type Raw = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is Raw {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class Reader {
    constructor(readonly problems: Problems) {}

    bool(v: unknown, path: string, fallback: boolean): boolean {
        if (v === undefined) {
            return fallback;
        }
        if (typeof v !== "boolean") {
            this.problems.add(`\`${path}\` must be true or false, not ${JSON.stringify(v)}.`);
            return fallback;
        }
        return v;
    }

    str(v: unknown, path: string, pattern: RegExp | undefined, rule: string): string | undefined {
        if (v === undefined) {
            return undefined;
        }
        if (typeof v !== "string" || v.length === 0 || (pattern && !pattern.test(v))) {
            this.problems.add(`\`${path}\` must be ${rule}, not ${JSON.stringify(v)}.`);
            return undefined;
        }
        return v;
    }

    cidr(v: unknown, path: string, fallback: string): string {
        if (v === undefined) {
            return fallback;
        }
        if (!isCidr(v) || String(v).includes(":")) {
            this.problems.add(`\`${path}\` must be an IPv4 CIDR such as "${fallback}", not ${JSON.stringify(v)}.`);
            return fallback;
        }
        return v;
    }

    int(v: unknown, path: string, fallback: number, min: number, max: number): number {
        if (v === undefined) {
            return fallback;
        }
        if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
            this.problems.add(`\`${path}\` must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}.`);
            return fallback;
        }
        return v;
    }

    labels(v: unknown, path: string): Readonly<Record<string, string>> {
        if (v === undefined) {
            return {};
        }
        if (!isObject(v)) {
            this.problems.add(`\`${path}\` must be a map of label keys to values.`);
            return {};
        }
        for (const [k, value] of Object.entries(v)) {
            if (!LABEL_KEY.test(k) || typeof value !== "string" || !LABEL_VALUE.test(value)) {
                this.problems.add(`\`${path}.${k}\` must be a GCP label: a lower-case key starting with a letter, and a lower-case value of letters, digits, '-' and '_' (63 at most).`);
            }
        }
        return v as Readonly<Record<string, string>>;
    }

    object(v: unknown, path: string, known: readonly string[]): Raw | undefined {
        if (v === undefined) {
            return undefined;
        }
        if (!isObject(v)) {
            this.problems.add(`\`${path}\` must be an object of settings.`);
            return undefined;
        }
        for (const key of Object.keys(v)) {
            if (!known.includes(key)) {
                this.problems.add(`\`${path}.${key}\` is not a setting of ${path}; the settings are ${known.join(", ")}.`);
            }
        }
        return v;
    }
}

