/**
 * The protocol engine's hot messages written and read directly as bytes: Analyze and AnalyzeStack
 * requests, and their AnalyzeResponse. The bytes are exactly the ones google-protobuf writes for
 * the messages grpc-messages.ts builds (test/cli/engine/proto-codec.spec.ts compares them over
 * every corpus), so the pack receives the same thing; what goes is the client's cost of building
 * a jspb object per value and serializing it, about a third of the protocol path's client time.
 *
 * What google-protobuf does and this copies (google-protobuf 3.21.4, the copy @pulumi/pulumi
 * resolves; field numbers from @pulumi/pulumi proto/analyzer_pb.js):
 * - Struct.fromJavaScript takes a value's kind from goog.typeOf; a Struct's map is written with
 *   its keys sorted (jspb.Map serializeBinary: `h.sort()`), each entry a message of key (1) and
 *   value (2); a Value writes the one field of its kind, even when false, 0 or "";
 * - proto3 scalars outside a oneof are written only when not empty/zero/false; messages that are
 *   set are written even when empty; repeated strings are written one field each;
 * - doubles are IEEE 754 little-endian, except NaN, which jspb.utils.splitFloat64 writes as
 *   0x7fffffff_ffffffff; strings are UTF-8 by jspb's own encoder, which differs from Node's on
 *   lone surrogates only, so a string holding a lone surrogate is left to google-protobuf.
 * Anything else that google-protobuf would treat its own way (a value that is not JSON, a
 * surrogate) makes the encoder return undefined, and the caller builds the message with
 * google-protobuf as before, with the same result or the same error.
 */
import { AnalyzeResult, Diagnostic, EngineResource, NotApplicable, notApplicableNote } from "./model";
import { levelName } from "./grpc-messages";

/** Raised inside the encoder when google-protobuf must handle the value itself. */
const FALLBACK = Symbol("fallback");

/** Wire tags (field << 3 | wire type), all fields here being below 16. */
const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

function varintSize(n: number): number {
    return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Bytes of a length-delimited field holding `size` bytes. */
function lenFieldSize(size: number): number {
    return 1 + varintSize(size) + size;
}

/** A surrogate code unit that is not half of a pair: jspb drops or re-encodes it unlike Node. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 length as jspb writes it, or FALLBACK for a string jspb encodes its own way. */
function stringSize(s: string): number {
    const n = Buffer.byteLength(s, "utf8");
    if (n !== s.length && LONE_SURROGATE.test(s)) {
        throw FALLBACK;
    }
    return n;
}

/**
 * Pass one: the size of every message and string, in the order pass two writes them, so each
 * length prefix is known before its content (varints must be minimal to match jspb's bytes).
 */
class Plan {
    readonly sizes: number[] = [];
    readonly keys: string[][] = [];

    /** A Struct's content size; `top` drops undefined values as grpc-messages.ts structOf does. */
    struct(obj: Readonly<Record<string, unknown>>, top: boolean): number {
        const proto = Object.getPrototypeOf(obj);
        if (proto !== Object.prototype && proto !== null) {
            throw FALLBACK;
        }
        const keys = (top ? Object.keys(obj).filter(k => obj[k] !== undefined) : Object.keys(obj)).sort();
        this.keys.push(keys);
        let size = 0;
        for (const key of keys) {
            const entryAt = this.sizes.length;
            this.sizes.push(0);
            const keySize = stringSize(key);
            this.sizes.push(keySize);
            const valueSize = this.value(obj[key]);
            const entry = lenFieldSize(keySize) + lenFieldSize(valueSize);
            this.sizes[entryAt] = entry;
            size += lenFieldSize(entry);
        }
        return size;
    }

    /** A Value's content size (its tag and length prefix are the parent's). */
    value(v: unknown): number {
        const at = this.sizes.length;
        this.sizes.push(0);
        let size: number;
        switch (typeof v) {
            case "string": {
                const n = stringSize(v);
                this.sizes.push(n);
                size = lenFieldSize(n);
                break;
            }
            case "number":
                size = 9;
                break;
            case "boolean":
                size = 2;
                break;
            case "object":
                if (v === null) {
                    size = 2;
                } else if (Array.isArray(v)) {
                    const listAt = this.sizes.length;
                    this.sizes.push(0);
                    let list = 0;
                    for (let i = 0; i < v.length; i++) {
                        list += lenFieldSize(this.value(v[i]));
                    }
                    this.sizes[listAt] = list;
                    size = lenFieldSize(list);
                } else {
                    const structAt = this.sizes.length;
                    this.sizes.push(0);
                    const s = this.struct(v as Record<string, unknown>, false);
                    this.sizes[structAt] = s;
                    size = lenFieldSize(s);
                }
                break;
            default:
                throw FALLBACK; // undefined, a function, a symbol, a bigint: google-protobuf's error
        }
        this.sizes[at] = size;
        return size;
    }
}

/** Pass two: writes what the plan measured, in the same order. */
class Writer {
    private pos = 0;
    private size = 0;
    private key = 0;
    private readonly view: DataView;

    constructor(
        readonly buf: Buffer,
        private readonly plan: Plan,
    ) {
        this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }

    get offset(): number {
        return this.pos;
    }

    byte(b: number): void {
        this.buf[this.pos++] = b;
    }

    varint(n: number): void {
        while (n >= 0x80) {
            this.buf[this.pos++] = (n & 0x7f) | 0x80;
            n >>>= 7;
        }
        this.buf[this.pos++] = n;
    }

    /** A string field whose byte length is known. */
    stringField(field: number, s: string, bytes: number): void {
        this.byte(tag(field, LEN));
        this.varint(bytes);
        this.pos += this.buf.write(s, this.pos, "utf8");
    }

    bytesField(field: number, bytes: Buffer): void {
        this.byte(tag(field, LEN));
        this.varint(bytes.length);
        bytes.copy(this.buf, this.pos);
        this.pos += bytes.length;
    }

    private next(): number {
        return this.plan.sizes[this.size++];
    }

    struct(obj: Readonly<Record<string, unknown>>): void {
        const keys = this.plan.keys[this.key++];
        for (const key of keys) {
            this.byte(tag(1, LEN));
            this.varint(this.next());
            this.stringField(1, key, this.next());
            this.byte(tag(2, LEN));
            this.value(obj[key]);
        }
    }

    /** Writes the Value's length prefix and content. */
    value(v: unknown): void {
        this.varint(this.next());
        switch (typeof v) {
            case "string":
                this.stringField(3, v, this.next());
                return;
            case "number":
                this.byte(tag(2, 1));
                if (Number.isNaN(v)) {
                    // jspb.utils.splitFloat64: NaN is 0x7fffffff_ffffffff.
                    this.view.setUint32(this.pos, 0xffffffff, true);
                    this.view.setUint32(this.pos + 4, 0x7fffffff, true);
                } else {
                    this.view.setFloat64(this.pos, v, true);
                }
                this.pos += 8;
                return;
            case "boolean":
                this.byte(tag(4, 0));
                this.byte(v ? 1 : 0);
                return;
            default:
                if (v === null) {
                    this.byte(tag(1, 0));
                    this.byte(0);
                } else if (Array.isArray(v)) {
                    this.byte(tag(6, LEN));
                    this.varint(this.next());
                    for (let i = 0; i < v.length; i++) {
                        this.byte(tag(1, LEN));
                        this.value(v[i]);
                    }
                } else {
                    this.byte(tag(5, LEN));
                    this.varint(this.next());
                    this.struct(v as Record<string, unknown>);
                }
        }
    }
}

/** Encoded Structs by properties object: a resource's inputs usually are its outputs. */
const structs = new WeakMap<object, Buffer>();

/**
 * The Struct's bytes for wire properties (top-level undefined dropped, as structOf does), or
 * undefined when google-protobuf must build it (see the file comment).
 */
export function encodeStruct(props: Readonly<Record<string, unknown>>): Buffer | undefined {
    let bytes = structs.get(props);
    if (bytes) {
        return bytes;
    }
    const plan = new Plan();
    let size: number;
    try {
        size = plan.struct(props, true);
    } catch (e) {
        if (e === FALLBACK) {
            return undefined;
        }
        throw e;
    }
    bytes = Buffer.allocUnsafe(size);
    const w = new Writer(bytes, plan);
    w.struct(props);
    if (w.offset !== size) {
        throw new Error(`internal error: a Struct measured ${size} bytes was written in ${w.offset}`);
    }
    structs.set(props, bytes);
    return bytes;
}

/** Appends length-delimited fields to a list of chunks, measuring as it goes. */
class Chunks {
    readonly parts: Buffer[] = [];
    size = 0;

    private head(field: number, length: number): void {
        const b = Buffer.allocUnsafe(1 + varintSize(length));
        b[0] = tag(field, LEN);
        let i = 1;
        let n = length;
        while (n >= 0x80) {
            b[i++] = (n & 0x7f) | 0x80;
            n >>>= 7;
        }
        b[i] = n;
        this.parts.push(b);
        this.size += b.length;
    }

    /** A string field, skipped when empty (proto3) unless `always` (a repeated string, a map key). */
    string(field: number, s: string, always = false): void {
        if (s.length === 0 && !always) {
            return;
        }
        const bytes = Buffer.from(s, "utf8");
        this.head(field, bytes.length);
        this.parts.push(bytes);
        this.size += bytes.length;
    }

    message(field: number, content: Chunks | Buffer): void {
        if (Buffer.isBuffer(content)) {
            this.head(field, content.length);
            this.parts.push(content);
            this.size += content.length;
        } else {
            this.head(field, content.size);
            this.parts.push(...content.parts);
            this.size += content.size;
        }
    }

    raw(bytes: readonly number[]): void {
        const b = Buffer.from(bytes);
        this.parts.push(b);
        this.size += b.length;
    }

    concat(): Buffer {
        return Buffer.concat(this.parts, this.size);
    }
}

/** Every string of a message outside the properties, which Buffer.from would encode unlike jspb if it held a lone surrogate. */
function plainStrings(r: EngineResource, stack: boolean): boolean {
    const all: string[] = [r.type, r.urn, r.name, r.parent ?? ""];
    if (r.provider) all.push(r.provider.type, r.provider.name, r.provider.urn);
    if (stack) {
        all.push(...r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) all.push(k, ...urns);
    }
    return !all.some(s => LONE_SURROGATE.test(s));
}

/** AnalyzerResourceOptions as grpc-messages.ts optionsOf sets them: protect, empty CustomTimeouts, parent. */
function options(r: EngineResource): Chunks {
    const o = new Chunks();
    if (r.protect) {
        o.raw([tag(1, 0), 1]);
    }
    o.raw([tag(7, LEN), 0]);
    if (r.parent) {
        o.string(8, r.parent);
    }
    return o;
}

/** The fields AnalyzeRequest and AnalyzerResource share (1-6), or undefined to fall back. */
function resourceFields(r: EngineResource, props: Readonly<Record<string, unknown>>): Chunks | undefined {
    const struct = encodeStruct(props);
    const providerStruct = r.provider ? encodeStruct(r.provider.inputs) : undefined;
    if (!struct || (r.provider && !providerStruct)) {
        return undefined;
    }
    const c = new Chunks();
    c.string(1, r.type);
    c.message(2, struct);
    c.string(3, r.urn);
    c.string(4, r.name);
    c.message(5, options(r));
    if (r.provider) {
        const p = new Chunks();
        p.string(1, r.provider.type);
        p.message(2, providerStruct!);
        p.string(3, r.provider.urn);
        p.string(4, r.provider.name);
        c.message(6, p);
    }
    return c;
}

/** Analyze's request bytes (grpc-messages.ts analyzeRequestOf), or undefined to build it with google-protobuf. */
export function encodeAnalyzeRequest(r: EngineResource): Buffer | undefined {
    return plainStrings(r, false) ? resourceFields(r, r.inputs)?.concat() : undefined;
}

/** AnalyzeStack's request bytes (grpc-messages.ts analyzeStackRequestOf), or undefined to build it with google-protobuf. */
export function encodeAnalyzeStackRequest(resources: readonly EngineResource[]): Buffer | undefined {
    const req = new Chunks();
    for (const r of resources) {
        const c = plainStrings(r, true) ? resourceFields(r, r.outputs) : undefined;
        if (!c) {
            return undefined;
        }
        if (r.parent) {
            c.string(7, r.parent);
        }
        for (const d of r.dependencies) {
            c.string(8, d, true);
        }
        for (const key of Object.keys(r.propertyDependencies).sort()) {
            const deps = new Chunks();
            for (const urn of r.propertyDependencies[key]) {
                deps.string(1, urn, true);
            }
            const entry = new Chunks();
            entry.string(1, key, true);
            entry.message(2, deps);
            c.message(9, entry);
        }
        req.message(1, c);
    }
    return req.concat();
}

/** Reads protobuf fields from a buffer. */
class Reader {
    pos: number;

    constructor(
        readonly buf: Buffer,
        start = 0,
        readonly end = buf.length,
    ) {
        this.pos = start;
    }

    /** A varint's low 32 bits, unsigned (lengths, tags); `| 0` reads an int32 enum as jspb does. */
    varint(): number {
        let n = 0;
        let shift = 0;
        let b: number;
        do {
            if (this.pos >= this.end) {
                throw new Error("truncated varint in an AnalyzeResponse");
            }
            b = this.buf[this.pos++];
            if (shift < 32) {
                n |= (b & 0x7f) << shift;
            }
            shift += 7;
        } while (b >= 0x80);
        return n >>> 0;
    }

    /** [start, end) of a length-delimited field's content. */
    span(): [number, number] {
        const n = this.varint();
        const start = this.pos;
        this.pos += n;
        if (this.pos > this.end) {
            throw new Error("truncated field in an AnalyzeResponse");
        }
        return [start, this.pos];
    }

    string(): string {
        const [s, e] = this.span();
        return this.buf.toString("utf8", s, e);
    }

    skip(wire: number): void {
        switch (wire) {
            case 0:
                this.varint();
                return;
            case 1:
                this.pos += 8;
                return;
            case 2:
                this.span();
                return;
            case 5:
                this.pos += 4;
                return;
            default:
                throw new Error(`unexpected wire type ${wire} in an AnalyzeResponse`);
        }
    }
}

function readDiagnostic(r: Reader): Diagnostic {
    let policyName = "";
    let message = "";
    let level = 0;
    let urn = "";
    while (r.pos < r.end) {
        const t = r.varint();
        const field = t >>> 3;
        if (field === 1 && (t & 7) === LEN) policyName = r.string();
        else if (field === 5 && (t & 7) === LEN) message = r.string();
        else if (field === 7 && (t & 7) === 0) level = r.varint() | 0;
        else if (field === 8 && (t & 7) === LEN) urn = r.string();
        else r.skip(t & 7);
    }
    return { policyName, message, enforcementLevel: levelName(level), ...(urn ? { urn } : {}) };
}

function readNotApplicable(r: Reader): NotApplicable {
    let policyName = "";
    let reason = "";
    while (r.pos < r.end) {
        const t = r.varint();
        const field = t >>> 3;
        if (field === 1 && (t & 7) === LEN) policyName = r.string();
        else if (field === 2 && (t & 7) === LEN) reason = r.string();
        else r.skip(t & 7);
    }
    return notApplicableNote(policyName, reason);
}

/**
 * Not-applicable lists by their bytes. A resource of a kind gets the same ~80 notes as every other
 * of its kind: one frozen list per distinct run of bytes, as the in-process engine shares notes.
 */
const notApplicableLists = new Map<string, readonly NotApplicable[]>();
const MAX_LISTS = 4096;

/** An AnalyzeResponse as grpc-messages.ts analyzeResultOf reads it: diagnostics are field 2, notes field 3 (analyzer_pb.js). */
export function decodeAnalyzeResponse(buf: Buffer): AnalyzeResult {
    const r = new Reader(buf);
    const diagnostics: Diagnostic[] = [];
    let notes: NotApplicable[] | undefined;
    /** Where the notes start, while every field since has been a note. */
    let notesStart = -1;
    while (r.pos < r.end) {
        const at = r.pos;
        const t = r.varint();
        const field = t >>> 3;
        if (field === 3 && (t & 7) === LEN) {
            if (!notes) {
                notesStart = at;
                // The same bytes to the end as a list read before are the same notes, in order.
                const known = notApplicableLists.get(buf.toString("latin1", at, buf.length));
                if (known) {
                    return { diagnostics, notApplicable: known };
                }
                notes = [];
            }
            const [s, e] = r.span();
            notes.push(readNotApplicable(new Reader(buf, s, e)));
        } else {
            notesStart = -1;
            if (field === 2 && (t & 7) === LEN) {
                const [s, e] = r.span();
                diagnostics.push(readDiagnostic(new Reader(buf, s, e)));
            } else {
                r.skip(t & 7);
            }
        }
    }
    if (!notes) {
        return { diagnostics, notApplicable: [] };
    }
    if (notesStart >= 0 && notApplicableLists.size < MAX_LISTS) {
        const list = Object.freeze(notes);
        notApplicableLists.set(buf.toString("latin1", notesStart, buf.length), list);
        return { diagnostics, notApplicable: list };
    }
    return { diagnostics, notApplicable: notes };
}
