/**
 * YAML and JSON documents with their line numbers, parsed the way kubectl reads manifests
 * (sigs.k8s.io/yaml over go-yaml v2: YAML 1.1 scalars such as `yes` and `0777`, merge keys;
 * timestamps stay strings, as in the JSON the API server sees), and strictly: duplicate keys,
 * syntax errors, over-deep nesting and alias bombs are refused with the file and line, never
 * half-read. js-yaml's event stream gives the offsets for lines at no extra parse.
 */
import { EVENT_ID, Event, Schema, YAML11_SCHEMA, YAMLException, constructFromEvents, getScalarValue, parseEvents } from "js-yaml";
import { InputError } from "./source";

export interface ParsedDocument {
    readonly value: unknown;
    /** 1-based line where the document's content starts. */
    readonly line: number;
    /** For a `List`-like document: the line of each item of `items`. */
    readonly itemLines?: readonly number[];
}

/** Nesting beyond this is refused: Kubernetes objects are a few dozen levels deep at most. */
export const MAX_DEPTH = 200;
/** Aliases per document: enough for real manifests. */
const MAX_ALIASES = 100;
/** Nodes a document with aliases may expand to: an alias bomb blows through this. */
const MAX_EXPANDED_NODES = 1_000_000;

const SCHEMA = new Schema(YAML11_SCHEMA.tags.filter(t => t.tagName !== "tag:yaml.org,2002:timestamp"));

interface DocumentFacts {
    start: number;
    aliases: number;
    items?: number[];
}

/** Offsets of each document's first node, its alias count and the starts of its `items`. */
function scanEvents(events: readonly Event[], source: string): DocumentFacts[] {
    const docs: DocumentFacts[] = [];
    let doc: DocumentFacts | undefined;
    // Per open collection: its kind, children seen, and (root mapping) whether the key was `items`.
    const stack: { kind: number; children: number; itemsNext: boolean; isItems: boolean }[] = [];
    for (const e of events) {
        if (e.type === EVENT_ID.DOCUMENT) {
            doc = { start: -1, aliases: 0 };
            docs.push(doc);
            stack.length = 0;
            continue;
        }
        if (e.type === EVENT_ID.POP) {
            stack.pop();
            continue;
        }
        if (!doc) {
            continue;
        }
        const offset = e.type === EVENT_ID.SCALAR ? e.valueStart : e.type === EVENT_ID.ALIAS ? e.anchorStart : e.start;
        if (doc.start < 0 && offset >= 0) {
            doc.start = offset;
        }
        if (e.type === EVENT_ID.ALIAS) {
            doc.aliases++;
        }
        const parent = stack[stack.length - 1];
        let isItems = false;
        if (parent) {
            if (parent.isItems && offset >= 0) {
                (doc.items ??= []).push(offset);
            }
            if (parent.kind === EVENT_ID.MAPPING && stack.length === 1) {
                const isKey = parent.children % 2 === 0;
                if (isKey) {
                    parent.itemsNext = e.type === EVENT_ID.SCALAR && getScalarValue(source, e) === "items";
                } else {
                    isItems = parent.itemsNext && e.type === EVENT_ID.SEQUENCE;
                }
            }
            parent.children++;
        }
        if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) {
            stack.push({ kind: e.type, children: 0, itemsNext: false, isItems });
        }
    }
    return docs;
}

/** 1-based line of an offset, by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
        starts.push(i + 1);
    }
    return offset => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo + 1;
    };
}

/** Aliases share nodes, so a document with aliases can be a DAG or a cycle: bound its expansion. */
function expansionExceeds(root: unknown): string | undefined {
    const stack: [unknown, number][] = [[root, 0]];
    let nodes = 0;
    while (stack.length) {
        const [node, depth] = stack.pop()!;
        if (node === null || typeof node !== "object") {
            continue;
        }
        if (++nodes > MAX_EXPANDED_NODES) {
            return `its aliases expand to over ${MAX_EXPANDED_NODES} nodes; alias bombs are refused`;
        }
        if (depth >= MAX_DEPTH) {
            return `its aliases nest deeper than ${MAX_DEPTH} levels (or refer to themselves)`;
        }
        for (const child of Array.isArray(node) ? node : Object.values(node)) {
            stack.push([child, depth + 1]);
        }
    }
    return undefined;
}

function describeFailure(e: unknown): string {
    if (e instanceof YAMLException) {
        const reason = e.reason ?? e.message.split("\n")[0];
        if (/alias/i.test(reason)) {
            return `expands too many YAML aliases (${reason}); alias bombs are refused`;
        }
        if (/maxDepth/.test(reason)) {
            return `nests deeper than ${MAX_DEPTH} levels (${reason})`;
        }
        return `is not valid YAML: ${reason}`;
    }
    if (e instanceof RangeError) {
        return `nests too deeply to parse (${e.message})`;
    }
    return `cannot be parsed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
}

function lineOfError(e: unknown): number | undefined {
    const mark = e instanceof YAMLException ? (e as YAMLException & { mark?: { line?: number } }).mark : undefined;
    return typeof mark?.line === "number" ? mark.line + 1 : undefined;
}

export function parseDocuments(file: string, text: string): ParsedDocument[] {
    let events: Event[];
    let values: unknown[];
    try {
        events = parseEvents(text, { maxDepth: MAX_DEPTH });
        values = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: MAX_ALIASES });
    } catch (e) {
        throw new InputError(file, describeFailure(e), lineOfError(e));
    }
    const facts = scanEvents(events, text);
    const lineOf = lineIndex(text);
    return values.map((value, i) => {
        const f = facts[i] ?? { start: -1, aliases: 0 };
        const line = f.start >= 0 ? lineOf(f.start) : 1;
        if (f.aliases > 0) {
            const problem = expansionExceeds(value);
            if (problem) {
                throw new InputError(file, problem, line);
            }
        }
        return { value, line, ...(f.items ? { itemLines: f.items.map(lineOf) } : {}) };
    });
}
