/**
 * Wire-form property values, as the engine marshals them to an analyzer and as preview and state
 * files hold them: special objects keyed by a signature (secrets, assets, archives, resource
 * references) and string sentinels for unknown values.
 */

export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** The engine sends every unknown as the string sentinel (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What `pulumi policy analyze` shows policies for a secret it cannot decrypt. */
export const UNDECRYPTED_SECRET = "[secret]";

/**
 * Normalises a value read from a preview or state file into what the engine would send an
 * analyzer: secrets without plaintext become "[secret]", resource references become their ID or
 * URN and output values their element (the engine marshals without keeping resources or output
 * values). Everything else is kept as is.
 */
export function toAnalyzerWire(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(toAnalyzerWire);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    const sig = obj[SPECIAL_SIG_KEY];
    if (sig === SECRET_SIG) {
        if ("plaintext" in obj && typeof obj["plaintext"] === "string") {
            // State files keep decrypted secrets as JSON text under `plaintext`.
            try {
                return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: toAnalyzerWire(JSON.parse(obj["plaintext"])) };
            } catch {
                return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: obj["plaintext"] };
            }
        }
        if (!("value" in obj) || obj["value"] === undefined) {
            return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: UNDECRYPTED_SECRET };
        }
        return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: toAnalyzerWire(obj["value"]) };
    }
    if (sig === OUTPUT_VALUE_SIG) {
        // Output values carry their element when known; the engine sends an unknown otherwise.
        const inner = "value" in obj ? toAnalyzerWire(obj["value"]) : UNKNOWN_STRING;
        return obj["secret"] === true ? { [SPECIAL_SIG_KEY]: SECRET_SIG, value: inner } : inner;
    }
    if (sig === RESOURCE_REFERENCE_SIG) {
        const id = obj["id"];
        return typeof id === "string" && id !== "" ? id : obj["urn"];
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        if (v !== undefined) {
            out[k] = toAnalyzerWire(v);
        }
    }
    return out;
}

/**
 * The analyzer's view of wire properties (@pulumi/policy deserialize.ts, secrets unwrapped):
 * top-level undefined dropped, secrets replaced by their value, assets and archives turned into
 * the SDK's objects. An unknown signature is an error, as it is in the SDK.
 */
export function deserializeProperties(wire: Readonly<Record<string, unknown>>): Record<string, unknown> {
    let cached = deserialized.get(wire);
    if (!cached) {
        // Plain JSON (no signature anywhere, no undefined) deserializes to an equal copy: the
        // policies only read it, so the value itself serves, saving a copy per resource.
        cached = isPlainWire(wire) ? (wire as Record<string, unknown>) : deserializeCopy(wire);
        deserialized.set(wire, cached);
    }
    return cached;
}

/** Every sentinel the SDK's proxy treats as unknown (@pulumi/policy proxy.ts). */
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    UNKNOWN_STRING,
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** True when an unknown sentinel occurs anywhere below `root`. Iterative. */
export function containsUnknown(root: unknown): boolean {
    const stack: unknown[] = [root];
    while (stack.length) {
        const node = stack.pop();
        if (typeof node === "string") {
            if (node.length === 36 && UNKNOWN_SENTINELS.has(node)) return true;
            continue;
        }
        if (node === null || typeof node !== "object") {
            continue;
        }
        if (Array.isArray(node)) {
            for (const v of node) stack.push(v);
        } else {
            for (const key in node as object) stack.push((node as Record<string, unknown>)[key]);
        }
    }
    return false;
}

/** Deserialized properties by wire object: inputs and outputs are often the same object. */
const deserialized = new WeakMap<object, Record<string, unknown>>();

/** True when no value below is undefined or an object carrying a signature. Iterative. */
function isPlainWire(root: unknown): boolean {
    const stack: unknown[] = [root];
    while (stack.length) {
        const node = stack.pop();
        if (node === undefined) {
            return false;
        }
        if (node === null || typeof node !== "object") {
            continue;
        }
        if (Array.isArray(node)) {
            for (const v of node) stack.push(v);
            continue;
        }
        if (SPECIAL_SIG_KEY in (node as object)) {
            return false;
        }
        for (const key in node as object) {
            stack.push((node as Record<string, unknown>)[key]);
        }
    }
    return true;
}

function deserializeCopy(wire: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(wire)) {
        if (wire[k] !== undefined) {
            out[k] = deserializeProperty(wire[k]);
        }
    }
    return out;
}

function deserializeProperty(prop: unknown): unknown {
    if (prop === undefined) {
        throw new Error("unexpected undefined property value during deserialization");
    }
    if (prop === null || typeof prop !== "object") {
        return prop;
    }
    if (Array.isArray(prop)) {
        return prop.map(deserializeProperty);
    }
    const obj = prop as Record<string, unknown>;
    const sig = obj[SPECIAL_SIG_KEY];
    if (sig) {
        switch (sig) {
            case SECRET_SIG:
                return deserializeProperty(obj["value"]);
            case ASSET_SIG:
            case ARCHIVE_SIG:
                return deserializeAssetOrArchive(obj);
            default:
                throw new Error(`Unrecognized signature '${String(sig)}' when unmarshaling resource property`);
        }
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
        out[k] = deserializeProperty(obj[k]);
    }
    return out;
}

function deserializeAssetOrArchive(obj: Record<string, unknown>): unknown {
    // Loaded only here: @pulumi/pulumi costs most of a second to require.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { asset } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    if (obj[SPECIAL_SIG_KEY] === ASSET_SIG) {
        if (obj["path"]) return new asset.FileAsset(obj["path"] as string);
        if (obj["text"]) return new asset.StringAsset(obj["text"] as string);
        if (obj["uri"]) return new asset.RemoteAsset(obj["uri"] as string);
        throw new Error("Invalid asset encountered when unmarshaling resource property");
    }
    if (obj["assets"]) {
        const assets: Record<string, import("@pulumi/pulumi").asset.Asset | import("@pulumi/pulumi").asset.Archive> = {};
        for (const [name, a] of Object.entries(obj["assets"] as Record<string, unknown>)) {
            const v = deserializeProperty(a);
            if (!asset.Asset.isInstance(v) && !asset.Archive.isInstance(v)) {
                throw new Error("Expected an AssetArchive's assets to be unmarshaled Asset or Archive objects");
            }
            assets[name] = v as import("@pulumi/pulumi").asset.Asset;
        }
        return new asset.AssetArchive(assets);
    }
    if (obj["path"]) return new asset.FileArchive(obj["path"] as string);
    if (obj["uri"]) return new asset.RemoteArchive(obj["uri"] as string);
    throw new Error("Invalid archive encountered when unmarshaling resource property");
}
