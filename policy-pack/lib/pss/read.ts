/**
 * Reading untrusted pod objects the way the API server's decoder would see them, without ever
 * throwing on a wrong type and without mutating, cloning or serialising the input (it may be a
 * Proxy that only tolerates ordinary property reads).
 *
 * Go semantics mirrored here: a missing field and an explicit `null` are both "unset" (a nil
 * pointer or a zero value). A value of the wrong type can never reach upstream's checks (the API
 * server rejects the object while decoding it), so there is no upstream verdict to mirror; the
 * checks treat such values conservatively, as the insecure setting (see each check).
 */

/** Marks a value that could not be read because an enclosing object had the wrong type. */
export const INVALID: unique symbol = Symbol("pss.invalid");
export type Invalid = typeof INVALID;

/** True for a non-null, non-array object (a decoded JSON object). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads `path` below `root`. Returns `undefined` when the value or any parent is missing or null,
 * `INVALID` when a parent is present but not an object, and otherwise the raw value (never null).
 */
export function read(root: unknown, ...path: readonly string[]): unknown {
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (current === undefined || current === null) return undefined;
    if (!isRecord(current)) return INVALID;
    current = current[path[i]];
  }
  return current === null ? undefined : current;
}

/**
 * Calls `visit` for each element of the list at `path`. A missing or null list visits nothing; a
 * list that is not an array visits one `INVALID` element, so that checks judge it conservatively
 * rather than skip it. A null element is visited as `undefined` (Go decodes it as a zero value).
 */
export function visitList(root: unknown, path: readonly string[], visit: (item: unknown) => void): void {
  const list = read(root, ...path);
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    visit(INVALID);
    return;
  }
  const length = list.length;
  for (let i = 0; i < length; i++) {
    const item: unknown = list[i];
    visit(item === null ? undefined : item);
  }
}

/** Describes a wrong-typed value for a message, without calling any method on it. */
export function describeInvalid(value: unknown): string {
  if (value === INVALID) return "<invalid>";
  switch (typeof value) {
    case "string":
      return `<invalid: ${goQuote(value)}>`;
    case "number":
    case "boolean":
    case "bigint":
      return `<invalid: ${String(value)}>`;
    case "object":
      return Array.isArray(value) ? "<invalid: list>" : "<invalid: object>";
    default:
      return `<invalid: ${typeof value}>`;
  }
}

/** A string field as text: unset is Go's zero value `""`; a wrong-typed value is described. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : describeInvalid(value);
}

/** The name of a container or volume, as it appears in messages. */
export function nameOf(item: unknown): string {
  return textOf(read(item, "name"));
}

/**
 * Compares strings in Go's order (byte-wise UTF-8, i.e. by code point), which upstream uses for
 * every sorted list (`sets.List`, `sort.Strings`). JavaScript's default sort compares UTF-16 code
 * units, which differs for characters above U+FFFF.
 */
export function compareGo(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The distinct values of `values`, sorted as upstream's `sets.List` sorts them. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareGo);
}

/** Upstream's `pluralize`. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Upstream's `joinQuote`: `"a", "b"` (no escaping inside the quotes). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? "" : `"${items.join('", "')}"`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
};

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/**
 * Go's `%q` for a string (`strconv.Quote`): printable characters (letters, marks, numbers,
 * punctuation, symbols and the ASCII space) are kept, everything else is escaped.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    let code = char.codePointAt(0) as number;
    if (char === '"' || char === "\\") {
      out += `\\${char}`;
    } else if (char === " " || PRINTABLE.test(char)) {
      out += char;
    } else if (SIMPLE_ESCAPES[code] !== undefined) {
      out += SIMPLE_ESCAPES[code];
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${hex(code, 2)}`;
    } else {
      // A lone surrogate cannot come from valid UTF-8; Go would have decoded it as U+FFFD.
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      if (code === 0xfffd) out += "\ufffd";
      else out += code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    }
  }
  return `${out}"`;
}
