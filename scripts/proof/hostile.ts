/**
 * Hostile input to `hcb check`: malformed, truncated, deeply nested, huge, binary and adversarial
 * YAML (alias bombs, duplicate keys, a wrong type in every field the policies read). Each input
 * must end in exit code 2 (an InputError or UsageError naming the file) or in a correct report,
 * within a time budget, and never in a crash or a clean verdict on input that was not read.
 *
 * The in-process pieces run here (loadInputs, the in-process engine, the report builder), the
 * same code `hcb check` runs; test/proof/hostile-input.spec.ts adds a few spawned runs of the
 * real process for the exit codes and stderr.
 */
import { packageRoot } from "../../cli/paths";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { analyzeStacks } from "../../cli/commands/run";
import { PolicyError } from "../../cli/engine/in-process";
import { loadInputs } from "../../cli/inputs/load";
import { MAX_DEPTH } from "../../cli/inputs/parse";
import { InputError, SourcedResource } from "../../cli/inputs/source";
import { UsageError, packConfigOf } from "../../cli/options";
import { Report } from "../../cli/report/model";
import { Path, pathKey, securitySurface } from "./surface";

// From scripts/proof (ts-node) or dist/scripts/proof (npm run proof) alike.
const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, "test", "fixtures");

/** Pulumi's unknown-value sentinel, as a preview file carries it. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type HostileKind = "random-bytes" | "binary" | "truncated" | "deep-nesting" | "huge" | "alias-bomb" | "duplicate-keys" | "wrong-type";
export const HOSTILE_KINDS: readonly HostileKind[] = ["random-bytes", "binary", "truncated", "deep-nesting", "huge", "alias-bomb", "duplicate-keys", "wrong-type"];

/** How a run ended. */
export type RunEnd =
    | { readonly exit: 2; readonly error: string; readonly policyError: boolean }
    | { readonly exit: 0 | 1; readonly report: Report; readonly resources: readonly SourcedResource[] }
    | { readonly exit: "crash"; readonly error: string };

/** A hostile input and what a correct answer to it is. */
export interface HostileInput {
    readonly kind: HostileKind;
    /** A short description that reproduces the input with its generator. */
    readonly label: string;
    readonly fileName: string;
    readonly content: string | Buffer;
    /** Why the end is wrong (a clean verdict on unread input, a missing resource), or undefined when right. */
    judge(end: RunEnd): string | undefined;
}

/** The budget of one input, asserted loosely: the machine may be loaded. */
export const TIME_BUDGET_MS = 20_000;
/** Heap growth allowed across one input (the file and its report are garbage afterwards). */
export const HEAP_BUDGET_BYTES = 1536 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running one input in process.

let tempDir: string | undefined;
function scratch(): string {
    tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "hcb-hostile-"));
    return tempDir;
}

/** Removes the scratch folder (call once a run is done). */
export function cleanScratch(): void {
    if (tempDir) {
        fs.rmSync(tempDir, { recursive: true, force: true });
        tempDir = undefined;
    }
}

/** Runs `hcb check FILE` in process: the exit code with its report, or the error. */
export async function checkInProcess(file: string): Promise<RunEnd> {
    try {
        const stacks = loadInputs([file]);
        const report = await analyzeStacks(stacks, packConfigOf({}), "inprocess");
        return { exit: report.summary.mandatory > 0 ? 1 : 0, report, resources: stacks.flatMap(s => s.resources) };
    } catch (e) {
        if (e instanceof InputError || e instanceof UsageError) {
            return { exit: 2, error: e.message, policyError: false };
        }
        if (e instanceof PolicyError) {
            return { exit: 2, error: e.message, policyError: true };
        }
        return { exit: "crash", error: e instanceof Error ? e.stack ?? e.message : String(e) };
    }
}

export interface InputOutcome {
    readonly end: RunEnd;
    readonly ms: number;
    readonly heapGrowth: number;
    /** Undefined when the outcome is right. */
    readonly problem?: string;
    readonly category: "exit2" | "reportCorrect" | "crash" | "cleanOnUnread" | "policyError" | "overBudget";
}

export async function runHostileInput(input: HostileInput): Promise<InputOutcome> {
    const file = path.join(scratch(), input.fileName);
    fs.writeFileSync(file, input.content);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const end = await checkInProcess(file);
    const ms = Date.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    fs.rmSync(file, { force: true });
    if (end.exit === "crash") {
        return { end, ms, heapGrowth, problem: `crashed: ${end.error}`, category: "crash" };
    }
    if (ms > TIME_BUDGET_MS) {
        return { end, ms, heapGrowth, problem: `took ${ms} ms, over the ${TIME_BUDGET_MS} ms budget`, category: "overBudget" };
    }
    if (heapGrowth > HEAP_BUDGET_BYTES) {
        return { end, ms, heapGrowth, problem: `grew the heap by ${heapGrowth} bytes`, category: "overBudget" };
    }
    if (end.exit === 2 && end.policyError) {
        // Exit 2, but because a policy threw on the input: the pack should judge it, not fail.
        return { end, ms, heapGrowth, problem: `a policy failed: ${end.error}`, category: "policyError" };
    }
    const problem = input.judge(end);
    if (problem) {
        return { end, ms, heapGrowth, problem, category: "cleanOnUnread" };
    }
    return { end, ms, heapGrowth, category: end.exit === 2 ? "exit2" : "reportCorrect" };
}

// ---------------------------------------------------------------------------------------------
// Seeds: valid inputs whose parse is known.

export interface Seed {
    readonly name: string;
    readonly ext: ".yaml" | ".json";
    readonly text: string;
    /** The resources `hcb` reads from the whole seed, in order. */
    readonly resources: readonly SourcedResource[];
    /** For multi-document YAML: the end offset of each document and how many resources it holds. */
    readonly documents?: readonly { readonly end: number; readonly resources: number }[];
}

function loadSeed(file: string): Seed {
    const text = fs.readFileSync(file, "utf8");
    const stacks = loadInputs([file]);
    const resources = stacks.flatMap(s => s.resources);
    const ext = file.endsWith(".json") ? ".json" : ".yaml";
    if (ext === ".json") {
        return { name: path.relative(FIXTURES, file), ext, text, resources };
    }
    // Document ends, found by an independent parser (the `yaml` package, not js-yaml).
    const docs = YAML.parseAllDocuments(text);
    const documents = docs.map(d => {
        const v = d.toJS() as unknown;
        const n = v && typeof v === "object" && !Array.isArray(v) ? (Array.isArray((v as { items?: unknown }).items) && String((v as { kind?: unknown }).kind).endsWith("List") ? ((v as { items: unknown[] }).items.length) : 1) : 0;
        return { end: d.range[1], resources: n };
    });
    return { name: path.relative(FIXTURES, file), ext, text, resources, documents };
}

let seedCache: Seed[] | undefined;

/** The fixture inputs: hardened and weakened manifests, a preview file and a state file. */
export function seeds(): Seed[] {
    if (!seedCache) {
        const files = [
            ...["hardened", "weakened"].flatMap(d => fs.readdirSync(path.join(FIXTURES, "manifests", d)).sort().map(f => path.join(FIXTURES, "manifests", d, f))),
            path.join(FIXTURES, "pulumi", "preview.json"),
            path.join(FIXTURES, "pulumi", "state.json"),
        ];
        seedCache = files.map(loadSeed);
    }
    return seedCache;
}

function identity(r: { type: string; name: string }): string {
    return `${r.type} ${r.name}`;
}

function isReport(end: RunEnd): end is Extract<RunEnd, { report: Report }> {
    return end.exit === 0 || end.exit === 1;
}

function reportedIds(end: RunEnd): string[] {
    return end.exit === 0 || end.exit === 1 ? end.report.resources.map(identity) : [];
}

// ---------------------------------------------------------------------------------------------
// Generators, one per kind.

/** Any bytes. Exit 2, or (if they happen to be text holding objects) a report of what was read. */
const randomBytes: fc.Arbitrary<HostileInput> = fc.uint8Array({ minLength: 0, maxLength: 4096 }).map(bytes => ({
    kind: "random-bytes",
    label: `${bytes.length} random bytes`,
    fileName: "random.yaml",
    content: Buffer.from(bytes),
    judge: end => (end.exit === 0 || end.exit === 1) && end.report.resources.length !== end.resources.length ? "the report does not list every resource read" : undefined,
}));

/** Text with a NUL, invalid UTF-8, or a UTF-16 encoding of a valid manifest: all refused. */
const binary: fc.Arbitrary<HostileInput> = fc.tuple(fc.nat(), fc.constantFrom("nul", "invalid-utf8", "utf16")).map(([i, how]) => {
    const seed = seeds()[i % seeds().length];
    const text = Buffer.from(seed.text, "utf8");
    const at = text.length ? i % text.length : 0;
    const content =
        how === "nul" ? Buffer.concat([text.subarray(0, at), Buffer.from([0]), text.subarray(at)])
        : how === "invalid-utf8" ? Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), text.subarray(at)])
        : Buffer.from(`\ufeff${seed.text}`, "utf16le");
    return {
        kind: "binary" as const,
        label: `${seed.name} with ${how} at ${at}`,
        fileName: `binary${seed.ext}`,
        content,
        judge: (end: RunEnd) => (end.exit === 2 ? undefined : `${how} input was not refused (exit ${end.exit})`),
    };
});

/**
 * A seed cut at an offset. YAML: every document wholly before the cut must be reported, in order
 * (never fewer resources than the readable documents); JSON: a cut file is refused, or (cut in
 * trailing whitespace only) read whole. Cut to nothing, the file is refused: it holds no resource.
 */
const truncated: fc.Arbitrary<HostileInput> = fc.tuple(fc.nat(), fc.nat()).map(([i, at]) => {
    const seed = seeds()[i % seeds().length];
    const cut = at % (seed.text.length + 1);
    const content = seed.text.slice(0, cut);
    const all = seed.resources.map(identity);
    const judge = (end: RunEnd): string | undefined => {
        if (end.exit === 2) {
            return undefined;
        }
        const got = reportedIds(end);
        if (content.trim() === "") {
            // Nothing readable is left: hcb refuses input that holds no resource (exit 2).
            return `an empty file was reported (${got.length} resources) instead of refused`;
        }
        if (seed.ext === ".json") {
            return content.trim() === seed.text.trim() && got.join("\n") === all.join("\n") ? undefined : `a cut JSON file was reported (${got.length} resources) instead of refused`;
        }
        let complete = 0;
        for (const d of seed.documents ?? []) {
            if (d.end <= cut) complete += d.resources;
        }
        const expected = all.slice(0, complete);
        if (got.slice(0, complete).join("\n") !== expected.join("\n")) {
            return `the report lists ${got.length} resources [${got.join("; ")}] but the ${complete} complete documents before the cut hold [${expected.join("; ")}]`;
        }
        return got.length > all.length ? `more resources (${got.length}) than the whole file holds (${all.length})` : undefined;
    };
    return { kind: "truncated" as const, label: `${seed.name} cut at ${cut} of ${seed.text.length}`, fileName: `truncated${seed.ext}`, content, judge };
});

/** A Pod whose container args nest `depth` levels deep, flow or block style. */
const deepNesting: fc.Arbitrary<HostileInput> = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom("flow-seq", "flow-map", "block-map", "json")).map(([depth, style]) => {
    let nested: string;
    if (style === "flow-seq") nested = `${"[".repeat(depth)}x${"]".repeat(depth)}`;
    else if (style === "flow-map" || style === "json") nested = `${'{"a": '.repeat(depth)}1${"}".repeat(depth)}`;
    else nested = "\n" + Array.from({ length: depth }, (_, k) => `${"  ".repeat(k + 4)}a${k}:`).join("\n") + " 1";
    const content =
        style === "json"
            ? `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "deep", "namespace": "shop"}, "spec": {"containers": [{"name": "c", "image": "x", "args": [${nested}]}]}}`
            : `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: x\n      env: ${style === "block-map" ? nested : nested}\n`;
    return {
        kind: "deep-nesting" as const,
        label: `${style} nested ${depth} deep`,
        fileName: style === "json" ? "deep.json" : "deep.yaml",
        content,
        judge: (end: RunEnd) => {
            if (!isReport(end)) {
                return undefined;
            }
            if (depth + 6 > MAX_DEPTH + 10) {
                return `nesting ${depth} deep (over ${MAX_DEPTH}) was read instead of refused`;
            }
            return end.report.resources.length === 1 ? undefined : `the report lists ${end.report.resources.length} resources, not the one Pod`;
        },
    };
});

const HARDENED_POD = (i: number, pad: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: shop\ndata:\n  value: "${pad}"\n`;

/** Many documents, or one huge value: every document is reported, in the time budget. */
const huge: fc.Arbitrary<HostileInput> = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 4 * 1024 * 1024 }), fc.boolean()).map(([docs, padBytes, manyDocs]) => {
    const n = manyDocs ? docs : 1;
    const pad = manyDocs ? "x" : "x".repeat(padBytes);
    const content = Array.from({ length: n }, (_, i) => HARDENED_POD(i, pad)).join("---\n");
    return {
        kind: "huge" as const,
        label: manyDocs ? `${n} documents` : `one ${padBytes}-byte value`,
        fileName: "huge.yaml",
        content,
        judge: (end: RunEnd) => (!isReport(end) || end.report.resources.length === n ? undefined : `${end.report.resources.length} of ${n} documents reported`),
    };
});

/**
 * Anchors and aliases: `levels` levels of `width` aliases each to the level below (wide), or to
 * the two levels below (DAG). Expansion past a million nodes, or more than 100 aliases, is refused.
 */
const aliasBomb: fc.Arbitrary<HostileInput> = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom("wide", "dag", "self")).map(([levels, width, shape]) => {
    const lines = [`apiVersion: v1`, `kind: Pod`, `metadata:`, `  name: bomb`, `  namespace: shop`, `x-bomb:`, `  l0: &l0 [a, b, c, d, e, f, g, h, i, j]`];
    let aliases = 0;
    for (let l = 1; l <= levels; l++) {
        const refs = Array.from({ length: width }, (_, k) => (shape === "dag" && k % 2 === 1 && l >= 2 ? `*l${l - 2}` : `*l${l - 1}`));
        aliases += width;
        lines.push(`  l${l}: &l${l} [${refs.join(", ")}]`);
    }
    if (shape === "self") {
        lines.push(`  loop: &loop { me: *loop }`);
        aliases++;
    }
    lines.push(`spec:`, `  containers:`, `    - name: c`, `      image: x`, `      args: *l${levels}`);
    aliases++;
    // What parse.ts bounds: the collections the aliases expand to (a level's list counts once per reference).
    const collections: number[] = [1];
    for (let l = 1; l <= levels; l++) {
        collections[l] = 1 + Array.from({ length: width }, (_, k) => collections[shape === "dag" && k % 2 === 1 && l >= 2 ? l - 2 : l - 1]).reduce((a, b) => a + b, 0);
    }
    const expansion = collections[levels];
    return {
        kind: "alias-bomb" as const,
        label: `${shape} bomb, ${levels} levels of ${width} aliases (${aliases} aliases, ~${expansion.toExponential(1)} collections)`,
        fileName: "bomb.yaml",
        content: lines.join("\n") + "\n",
        judge: (end: RunEnd) => {
            if (!isReport(end)) {
                return undefined;
            }
            if (aliases > 100 || expansion > 1_000_000) {
                return `an alias bomb of ${aliases} aliases expanding to ~${expansion.toExponential(1)} collections was read instead of refused`;
            }
            return end.report.resources.length === 1 ? undefined : `the report lists ${end.report.resources.length} resources, not the one Pod`;
        },
    };
});

/** A `key: value` line of a seed repeated in its own mapping: the document is ambiguous, so refused. */
const duplicateKeys: fc.Arbitrary<HostileInput> = fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([i, j, changeValue]) => {
    const candidates = seeds().filter(s => /:/.test(s.text));
    const seed = candidates[i % candidates.length];
    const lines = seed.text.split("\n");
    const keyLines = lines.map((l, k) => ({ l, k })).filter(({ l }) => /^\s*("[^"]+"|[A-Za-z][\w.\/-]*)\s*:/.test(l) && !/^\s*-/.test(l));
    const { l, k } = keyLines[j % keyLines.length];
    const duplicate = changeValue && /:\s*\S/.test(l) ? l.replace(/:\s*(.*?)(,?)\s*$/, (_, __, comma: string) => `: "duplicated"${comma}`) : l;
    // In JSON the repeated member needs its separator: `"k": v` → `"k": v,` when the original has none.
    const fixed = seed.ext === ".json" && !/,\s*$/.test(duplicate) && !/[{[]\s*$/.test(duplicate) ? `${duplicate},` : duplicate;
    const content = [...lines.slice(0, k), fixed, ...lines.slice(k)].join("\n");
    return {
        kind: "duplicate-keys" as const,
        label: `${seed.name} line ${k + 1} repeated${changeValue ? " with another value" : ""}: ${l.trim()}`,
        fileName: `dupes${seed.ext}`,
        content,
        judge: (end: RunEnd) => (end.exit === 2 ? undefined : `a duplicated key (line ${k + 1}) was read instead of refused`),
    };
});

// ---------------------------------------------------------------------------------------------
// Wrong types in every field the policies read.

/** The replacement values: every JSON type, and the unknown sentinel. */
export const REPLACEMENTS: readonly { readonly name: string; readonly value: unknown }[] = [
    { name: "string", value: "hcb-wrong-type" },
    { name: "number", value: 7 },
    { name: "boolean-true", value: true },
    { name: "boolean-false", value: false },
    { name: "null", value: null },
    { name: "array", value: ["hcb-wrong-type"] },
    { name: "object", value: { hcb: "wrong-type" } },
    { name: "unknown", value: UNKNOWN },
];

function typeOf(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/**
 * Replacements that are not a change of type, or that cannot weaken, and why. Each exception
 * names its reason; anything not listed must be refused (exit 2) or reported on its resource.
 */
export function exceptionOf(seedValue: unknown, replacement: unknown, path: Path, type = ""): string | undefined {
    if (typeOf(seedValue) === typeOf(replacement) && !(typeof replacement === "string" && replacement === UNKNOWN)) {
        return "same JSON type: not a wrong type";
    }
    if (replacement === null) {
        // Kubernetes decodes null as an absent field: this is the field's removal, not a new type.
        // Removals are the mutation proof's (scripts/proof/mutation.ts), where every removal that
        // survives the pack must be explained; here they would be judged twice.
        return "null is the field's removal (Kubernetes decodes null as absent): judged by the mutation proof";
    }
    const key = pathKey(path);
    if (type.endsWith(":NetworkPolicy") && key === "metadata.namespace" && replacement === UNKNOWN) {
        // Where an allow policy will land is not known during preview: it cannot open this
        // namespace, whose default deny is judged on its own (the mutation proof explains the same).
        return "a NetworkPolicy's namespace unknown during preview: it cannot widen a namespace it may not be in";
    }
    if (/^metadata\.(name|generateName)$/.test(key)) {
        // Read to name the resource in messages (and its URN); no check judges the name itself.
        return "the resource's own name: read for messages, judged by no control";
    }
    if (typeof replacement === "number" && /resources\.(limits|requests)\.[^.]+$/.test(key)) {
        // A resource quantity may be a number (`cpu: 2`): the API server takes it as "2".
        return "a number is a valid resource quantity: equivalent";
    }
    if (/^spec\.(ingress|egress)\[\d+\]\.ports(\[\d+\](\..*)?)?$/.test(key)) {
        // The ports of an allow rule: a malformed port makes the API server refuse the object (so
        // it allows nothing) or names a port; it never widens the peers that the allow-all check judges.
        return "a NetworkPolicy rule's ports: malformed, the object is refused; never wider peers";
    }
    if (/^subjects\[\d+\]$/.test(key) && (replacement === null || typeof replacement !== "object" || Array.isArray(replacement))) {
        // A subject that is not an object names nobody: the binding grants less, never more.
        return "a binding subject that is not an object names nobody: narrowing";
    }
    return undefined;
}

function getAt(root: unknown, p: Path): { found: boolean; value?: unknown } {
    let node: unknown = root;
    for (const step of p) {
        if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, step)) {
            return { found: false };
        }
        node = (node as Record<string | number, unknown>)[step];
    }
    return { found: true, value: node };
}

function setAt(root: unknown, p: Path, value: unknown): void {
    let node = root as Record<string | number, unknown>;
    for (const step of p.slice(0, -1)) {
        node = node[step] as Record<string | number, unknown>;
    }
    node[p[p.length - 1]] = value;
}

/** One wrong-type case: a seed's resource, a path the policies read on it, and a replacement. */
export interface WrongTypeCase {
    readonly seed: string;
    readonly resourceIndex: number;
    readonly path: Path;
    readonly policies: readonly string[];
}

export interface WrongTypeSeed {
    readonly seed: Seed;
    /** Per resource: the findings of the unmodified seed, as `policy|message` fingerprints. */
    readonly baseline: readonly (readonly string[])[];
    readonly cases: readonly WrongTypeCase[];
}

let wrongTypeSeedCache: Promise<WrongTypeSeed[]> | undefined;

/**
 * The manifest seeds with the paths the policies read on each resource (scripts/proof/surface.ts)
 * that exist in the seed: absent paths are the mutation proof's business, not a type change.
 */
export function wrongTypeSeeds(): Promise<WrongTypeSeed[]> {
    wrongTypeSeedCache ??= (async () => {
        const out: WrongTypeSeed[] = [];
        for (const seed of seeds().filter(s => s.name.startsWith("manifests"))) {
            const surface = await securitySurface(seed.resources);
            const end = await checkInProcess(path.join(FIXTURES, seed.name));
            if (end.exit === 2 || end.exit === "crash") {
                throw new Error(`seed ${seed.name} does not check: ${end.error}`);
            }
            const baseline = end.report.resources.map(r => r.violations.map(v => `${v.policy}|${v.message}`));
            const cases: WrongTypeCase[] = [];
            seed.resources.forEach((r, resourceIndex) => {
                for (const entry of surface.get(r.urn)?.values() ?? []) {
                    if (entry.path.length > 0 && entry.path.every(s => typeof s === "string" || Number.isInteger(s)) && getAt(r.inputs, entry.path).found) {
                        cases.push({ seed: seed.name, resourceIndex, path: entry.path, policies: [...entry.policies].sort() });
                    }
                }
            });
            out.push({ seed, baseline, cases });
        }
        return out;
    })();
    return wrongTypeSeedCache;
}

/** The seed's resources with one value replaced, as the same kind of file (multi-document YAML or JSON). */
function withReplacement(seed: Seed, c: WrongTypeCase, value: unknown): string {
    const objects = seed.resources.map(r => structuredClone(r.inputs) as Record<string, unknown>);
    setAt(objects[c.resourceIndex], c.path, value);
    return seed.ext === ".json" ? JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2) : objects.map(o => YAML.stringify(o, { aliasDuplicateObjects: false })).join("---\n");
}

function wrongType(all: readonly WrongTypeSeed[]): fc.Arbitrary<HostileInput> {
    const cases = all.flatMap(s => s.cases.map(c => ({ s, c })));
    return fc.tuple(fc.nat(), fc.nat({ max: REPLACEMENTS.length - 1 })).map(([i, r]) => {
        const { s, c } = cases[i % cases.length];
        const replacement = REPLACEMENTS[r];
        const seedValue = getAt(s.seed.resources[c.resourceIndex].inputs, c.path).value;
        const target = s.seed.resources[c.resourceIndex];
        const exception = exceptionOf(seedValue, replacement.value, c.path, target.type);
        return {
            kind: "wrong-type" as const,
            label: `${s.seed.name} ${target.name} ${pathKey(c.path)} ${JSON.stringify(seedValue)?.slice(0, 40)} → ${replacement.name} (read by ${c.policies.join(", ")})${exception ? ` [exception: ${exception}]` : ""}`,
            fileName: `wrong-type${s.seed.ext}`,
            content: withReplacement(s.seed, c, replacement.value),
            judge: (end: RunEnd) => {
                if (!isReport(end) || exception) {
                    return undefined;
                }
                const after = end.report.resources[c.resourceIndex];
                if (!after || after.type !== target.type) {
                    return `resource ${c.resourceIndex} is ${after ? identity(after) : "missing"}, not a ${target.type}`;
                }
                // A stack policy reports what it reads on one resource on another (a NetworkPolicy's
                // selector on its Namespace), so a change of verdict anywhere in the stack counts.
                const before = s.baseline.flat();
                const fresh = end.report.resources.flatMap(r => r.violations.map(v => `${v.policy}|${v.message}`)).filter(f => {
                    const k = before.indexOf(f);
                    if (k >= 0) before.splice(k, 1);
                    return k < 0;
                });
                const stillMandatory = after.violations.some(v => v.level === "mandatory" && !v.exempted);
                return fresh.length > 0 || before.length > 0 || stillMandatory ? undefined : `clean verdict on ${identity(target)} with ${pathKey(c.path)} = ${JSON.stringify(replacement.value)}: no new finding`;
            },
        };
    });
}

/** Every kind's generator; wrong-type needs the surface, computed once. */
export async function hostileInputs(): Promise<Record<HostileKind, fc.Arbitrary<HostileInput>>> {
    return {
        "random-bytes": randomBytes,
        binary,
        truncated,
        "deep-nesting": deepNesting,
        huge,
        "alias-bomb": aliasBomb,
        "duplicate-keys": duplicateKeys,
        "wrong-type": wrongType(await wrongTypeSeeds()),
    };
}

// ---------------------------------------------------------------------------------------------
// The proof at scale.

export interface HostileCounts {
    tried: number;
    exit2: number;
    reportCorrect: number;
    crashes: number;
    cleanOnUnread: number;
    policyErrors: number;
    overBudget: number;
}

export interface HostileReport extends HostileCounts {
    readonly byKind: Record<string, HostileCounts>;
    readonly failures: { kind: HostileKind; label: string; problem: string }[];
    /** Wrong-type cases skipped as equivalent or narrowing, by reason. */
    readonly exceptions: Record<string, number>;
    readonly slowestMs: number;
    readonly seed: number;
    readonly durationMs: number;
}

function zero(): HostileCounts {
    return { tried: 0, exit2: 0, reportCorrect: 0, crashes: 0, cleanOnUnread: 0, policyErrors: 0, overBudget: 0 };
}

function count(c: HostileCounts, category: InputOutcome["category"]): void {
    c.tried++;
    if (category === "exit2") c.exit2++;
    else if (category === "reportCorrect") c.reportCorrect++;
    else if (category === "crash") c.crashes++;
    else if (category === "cleanOnUnread") c.cleanOnUnread++;
    else if (category === "policyError") c.policyErrors++;
    else c.overBudget++;
}

/** `numRuns` inputs in all, shared evenly by the kinds (or those named), drawn from `seed`. */
export async function runHostileProof(options: { numRuns: number; seed: number; kinds?: readonly HostileKind[]; maxFailures?: number }): Promise<HostileReport> {
    const started = Date.now();
    const generators = await hostileInputs();
    const kinds = options.kinds ?? HOSTILE_KINDS;
    const totals = zero();
    const byKind: Record<string, HostileCounts> = {};
    const failures: HostileReport["failures"] = [];
    const exceptions: Record<string, number> = {};
    let slowestMs = 0;
    const per = Math.max(1, Math.floor(options.numRuns / kinds.length));
    try {
        for (const [i, kind] of kinds.entries()) {
            const counts = (byKind[kind] = zero());
            const n = i < options.numRuns % kinds.length ? per + 1 : per;
            for (const input of fc.sample(generators[kind], { numRuns: n, seed: options.seed + i })) {
                const outcome = await runHostileInput(input);
                count(counts, outcome.category);
                count(totals, outcome.category);
                slowestMs = Math.max(slowestMs, outcome.ms);
                const exception = /\[exception: (.*)\]$/.exec(input.label)?.[1];
                if (exception) exceptions[exception] = (exceptions[exception] ?? 0) + 1;
                if (outcome.problem && failures.length < (options.maxFailures ?? 30)) {
                    failures.push({ kind, label: input.label, problem: outcome.problem.slice(0, 2000) });
                }
            }
        }
    } finally {
        cleanScratch();
    }
    return { ...totals, byKind, failures, exceptions, slowestMs, seed: options.seed, durationMs: Date.now() - started };
}
