/**
 * YAML and JSON documents with their line numbers, parsed the way kubectl reads manifests
 * (sigs.k8s.io/yaml over go-yaml: YAML 1.1 scalars such as `yes` and `0777`, merge keys), and
 * strictly: duplicate keys, alias bombs, syntax errors and over-deep nesting are refused with
 * the file and line, never half-read.
 */
import { LineCounter, YAMLMap, YAMLSeq, isMap, isSeq, parseAllDocuments } from "yaml";
import { InputError } from "./source";

export interface ParsedDocument {
    readonly value: unknown;
    /** 1-based line where the document starts. */
    readonly line: number;
    /** For a `List`-like document: the line of each item of `items`. */
    readonly itemLines?: readonly number[];
}

/** Alias expansions allowed per document: enough for real manifests, far below a bomb. */
const MAX_ALIAS_COUNT = 100;
/** Nesting beyond this is refused: Kubernetes objects are a few dozen levels deep at most. */
export const MAX_DEPTH = 200;

export function parseDocuments(file: string, text: string): ParsedDocument[] {
    const lineCounter = new LineCounter();
    let docs;
    try {
        docs = parseAllDocuments(text, {
            version: "1.1",
            merge: true,
            uniqueKeys: true,
            lineCounter,
            prettyErrors: false,
        });
    } catch (e) {
        throw new InputError(file, describeParseFailure(e));
    }
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs)) {
        // parseAllDocuments returns an EmptyStream (not an array) for empty input.
        return [];
    }
    const out: ParsedDocument[] = [];
    for (const doc of list) {
        const problem = doc.errors[0];
        if (problem) {
            const line = problem.linePos?.[0]?.line ?? lineCounter.linePos(problem.pos[0]).line;
            throw new InputError(file, `is not valid YAML: ${problem.message.split("\n")[0]}`, line);
        }
        const start = doc.contents?.range?.[0] ?? doc.range[0];
        const line = lineCounter.linePos(start).line;
        let value: unknown;
        try {
            value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch (e) {
            throw new InputError(file, describeParseFailure(e), line);
        }
        if (depthExceeds(value, MAX_DEPTH)) {
            throw new InputError(file, `nests deeper than ${MAX_DEPTH} levels`, line);
        }
        out.push({ value, line, itemLines: itemLinesOf(doc.contents, lineCounter) });
    }
    return out;
}

function itemLinesOf(contents: unknown, lineCounter: LineCounter): number[] | undefined {
    if (!isMap(contents)) {
        return undefined;
    }
    const items = (contents as YAMLMap).get("items", true);
    if (!isSeq(items)) {
        return undefined;
    }
    return (items as YAMLSeq).items.map(item => {
        const offset = (item as { range?: [number, number, number] })?.range?.[0];
        return offset === undefined ? 0 : lineCounter.linePos(offset).line;
    });
}

function describeParseFailure(e: unknown): string {
    if (e instanceof RangeError) {
        return `nests too deeply to parse (${e.message})`;
    }
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    if (/alias/i.test(message)) {
        return `expands too many YAML aliases (${message}); alias bombs are refused`;
    }
    return `cannot be parsed: ${message}`;
}

/** Iterative depth check: a recursive one would overflow on the inputs it guards against. */
function depthExceeds(root: unknown, max: number): boolean {
    const stack: [unknown, number][] = [[root, 0]];
    while (stack.length) {
        const [node, depth] = stack.pop()!;
        if (node === null || typeof node !== "object") {
            continue;
        }
        if (depth >= max) {
            return true;
        }
        for (const child of Array.isArray(node) ? node : Object.values(node)) {
            if (child !== null && typeof child === "object") {
                stack.push([child, depth + 1]);
            }
        }
    }
    return false;
}
