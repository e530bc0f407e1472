/**
 * Judging a `<Kind>Patch` on what it sets. A server-side apply patch (pulumi-kubernetes `*Patch`
 * resources) sets only the fields it names; the live object keeps every other field, so a field
 * the patch leaves unset is not the patch's finding. For the Pod Security checks that fail on an
 * absent field, the pod spec is read with each such field, when unset, taken as its compliant value:
 * a patch fails only on what it sets (`privileged: true`, `runAsNonRoot: false`, ...).
 */
import { CONTAINER_LISTS } from "./pss/visitor";
import { Obj } from "./read";

type Fill = () => unknown;

function isObject(value: unknown): value is Obj {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * `source` seen through lazy getters, with `fills[key]()` in place of a key that is unset (or,
 * when `replace` gives it, a transformed value). Reads stay lazy, so a value unknown during
 * preview raises only when a check reads it, as it would on the source.
 */
function overlay(source: Obj, fills: Readonly<Record<string, Fill>>, replace: Readonly<Record<string, (v: unknown) => unknown>> = {}): Obj {
    const out: Obj = {};
    const keys = new Set([...Object.keys(source), ...Object.keys(fills)]);
    for (const key of keys) {
        Object.defineProperty(out, key, {
            enumerable: true,
            get: () => {
                const value = source[key];
                if (value === undefined && fills[key]) {
                    return fills[key]();
                }
                return replace[key] ? replace[key](value) : value;
            },
        });
    }
    return out;
}

function containerContext(value: unknown): unknown {
    const fills: Record<string, Fill> = { allowPrivilegeEscalation: () => false, capabilities: () => ({ drop: ["ALL"] }) };
    if (value === undefined) {
        return overlay({}, fills);
    }
    if (!isObject(value)) {
        return value; // wrongly typed: the checks report it
    }
    return overlay(value, fills, { capabilities: c => (isObject(c) ? overlay(c, { drop: () => ["ALL"] }) : c) });
}

function container(value: unknown): unknown {
    return isObject(value) ? overlay(value, { securityContext: () => containerContext(undefined) }, { securityContext: containerContext }) : value;
}

/** The pod spec of a patch with every unset field that a check requires taken as its compliant value. */
export function withUnsetFieldsCompliant(spec: Obj): Obj {
    const podFills: Record<string, Fill> = { runAsNonRoot: () => true, seccompProfile: () => ({ type: "RuntimeDefault" }) };
    const podContext = (value: unknown) => (value === undefined ? overlay({}, podFills) : isObject(value) ? overlay(value, podFills) : value);
    const replace: Record<string, (v: unknown) => unknown> = { securityContext: podContext };
    for (const list of CONTAINER_LISTS) {
        replace[list] = v => (Array.isArray(v) ? v.map(container) : v);
    }
    return overlay(spec, { securityContext: () => podContext(undefined) }, replace);
}
