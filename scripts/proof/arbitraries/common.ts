/**
 * Building blocks for the argument-space arbitraries: each field of a component's arguments is
 * drawn mostly from its valid values, sometimes from its edge values, and sometimes from values
 * of the wrong type, and may be left out. A configuration is then a record of such fields, so
 * one draw can be valid, carry one mistake, or carry several (every problem must be reported).
 */
import fc from "fast-check";

/** Stands for the cluster's k8s.Provider: the runner swaps in a real one inside the mock stack. */
export const PROVIDER = "<<provider>>";

/** Weights of a field's draw: valid values, edge values, wrong types. */
export interface FieldWeights {
    readonly valid: number;
    readonly edge: number;
    readonly wrong: number;
}

export const DEFAULT_WEIGHTS: FieldWeights = { valid: 12, edge: 2, wrong: 1 };

/**
 * The modes a configuration is drawn in: only valid values (exercises what is accepted), a rare
 * mistake, or many. Arbitraries are built once per mode (see `inModes`), with the weights baked in.
 */
export const MODES: readonly { readonly weight: number; readonly weights: FieldWeights }[] = [
    { weight: 3, weights: { valid: 1, edge: 0, wrong: 0 } },
    { weight: 2, weights: { valid: 40, edge: 2, wrong: 1 } },
    { weight: 1, weights: DEFAULT_WEIGHTS },
];

let current: FieldWeights = DEFAULT_WEIGHTS;

/** True while building the valid-only mode's arbitraries. */
export function isValidMode(): boolean {
    return current.edge === 0 && current.wrong === 0;
}

/**
 * Builds `factory`'s arbitrary once per mode and draws from them by the modes' weights. The
 * valid-only mode keeps only what `accepts` (the component's own resolver) accepts: valid values
 * can still conflict with each other, and conflicts are the other modes' business, so this mode
 * spends its draws on configurations that reach the pack.
 */
export function inModes<T>(factory: () => fc.Arbitrary<T>, accepts?: (value: T) => boolean): fc.Arbitrary<T> {
    const built = MODES.map(m => {
        const before = current;
        current = m.weights;
        try {
            const arbitrary = factory();
            return { weight: m.weight, arbitrary: accepts && isValidMode() ? arbitrary.filter(accepts) : arbitrary };
        } finally {
            current = before;
        }
    });
    return fc.oneof(...built);
}

/** Passes k8s.Provider.isInstance without registering anything: for resolvers run outside a stack. */
export const RESOLVER_PROVIDER = { __pulumiType: "pulumi:providers:kubernetes" };

/** True when `resolve` accepts `args` (the provider placeholder standing for a provider). */
export function resolves(resolve: (args: Record<string, unknown>) => unknown): (args: Record<string, unknown>) => boolean {
    return args => {
        try {
            resolve(args["provider"] === PROVIDER ? { ...args, provider: RESOLVER_PROVIDER } : args);
            return true;
        } catch {
            return false;
        }
    };
}

/** Any JSON-like value of a type a field does not take: the YAML of `hcb:cluster` can hold anything. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -5, max: 100_000 }),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxKeys: 2 }),
);

/** A field: valid values, edge values (may be valid or not), and wrong types. */
export function field<T>(valid: fc.Arbitrary<T>, edge: readonly unknown[] | fc.Arbitrary<unknown> = [], weights: FieldWeights = current): fc.Arbitrary<unknown> {
    if (weights.edge === 0 && weights.wrong === 0) {
        return valid;
    }
    const edgeArb = Array.isArray(edge) ? (edge.length ? fc.constantFrom(...edge) : undefined) : (edge as fc.Arbitrary<unknown>);
    const parts: fc.WeightedArbitrary<unknown>[] = [{ weight: weights.valid, arbitrary: valid }];
    if (edgeArb && weights.edge > 0) parts.push({ weight: weights.edge, arbitrary: edgeArb });
    if (weights.wrong > 0) parts.push({ weight: weights.wrong, arbitrary: wrongType });
    return fc.oneof(...parts);
}

/** An object whose every key is optional (absent means "the default"). */
export function optionalRecord(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
    return fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/**
 * An object with required keys, each of which is sometimes dropped (a missing required field is
 * part of the space), and optional keys, usually absent.
 */
export function argsRecord(required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>>, dropRequired = 1 / 25): fc.Arbitrary<Record<string, unknown>> {
    if (current.edge === 0 && current.wrong === 0) {
        return fc.tuple(fc.record(required), optionalRecord(optional)).map(([r, o]) => ({ ...r, ...o }));
    }
    const req = Object.fromEntries(
        Object.entries(required).map(([k, a]) => [k, fc.oneof({ weight: Math.round(1 / dropRequired) - 1, arbitrary: a }, { weight: 1, arbitrary: fc.constant(DROP) })]),
    );
    return fc
        .tuple(fc.record(req), optionalRecord(optional), fc.option(fc.constantFrom("unknownArgument", "__proto__x", "Provider"), { freq: 40 }), wrongType)
        .map(([r, o, extraKey, extraValue]) => {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(r)) {
                if (v !== DROP) out[k] = v;
            }
            Object.assign(out, o);
            if (extraKey !== null) out[extraKey] = extraValue;
            return out;
        });
}

const DROP = Symbol("drop");

/** A written opt-out reason: long enough, too short, blank, or the wrong type. */
export function reason(): fc.Arbitrary<unknown> {
    return field(fc.constantFrom("the payments team needs this until the Q3 migration", "legacy agent reads node metadata; ticket SEC-1234 tracks removal"), [
        "",
        "short",
        "                         ",
        "nineteen characters",
    ]);
}

export const dnsLabel: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom("payments", "web", "team-a", "a", "x1", "a".repeat(63)),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
);

/** Names that are not DNS labels, or are reserved. */
export const badDnsLabels: readonly unknown[] = ["", "Payments", "-web", "web-", "a".repeat(64), "kube-system", "default", "with space", "ünïcode", "a.b"];

export const ipv4Cidr: fc.Arbitrary<string> = fc
    .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
    .map(([a, b, c, n]) => `${a}.${b}.${c}.0/${n}`);

export const everywhereCidrs: readonly string[] = ["0.0.0.0/0", "::/0", " 0.0.0.0/0", "0.0.0.0/00", "::/00"];
export const badCidrs: readonly unknown[] = ["10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "fe80::/129", "", "10.0.0.0/-1", "10.0.0.0/8 ", ...everywhereCidrs];

export const labelMap: fc.Arbitrary<Record<string, string>> = fc.dictionary(
    fc.constantFrom("app", "team", "tier", "example.com/owner", "k8s-app"),
    fc.constantFrom("web", "payments", "", "v1.2", "a_b"),
    { maxKeys: 3 },
);

export const badLabelMaps: readonly unknown[] = [{ "bad key!": "x" }, { app: "bad value!" }, { app: 7 }, { "/app": "x" }, { ["a".repeat(64)]: "x" }];

export const groupName: fc.Arbitrary<string> = fc.constantFrom("team-payments", "oidc:platform", "developers", "sre@example.com");
export const badGroupNames: readonly unknown[] = ["", " ", "system:masters", "system:authenticated", "system:unauthenticated", "system:anonymous", 7, null];

export const pemKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEabcdefghijklmnopqrstuvwxyz0123\n456789ABCDEFGHIJKLMNOPQRSTUVWXYZab==\n-----END PUBLIC KEY-----\n";

export const chartVersion = (pinned: string): fc.Arbitrary<unknown> =>
    field(fc.constant(pinned), ["latest", "^1.0.0", "1.x", "1.0", "", "v1.0.0"]);
