"use strict";
/**
 * Wire-form property values, as the engine marshals them to an analyzer and as preview and state
 * files hold them: special objects keyed by a signature (secrets, assets, archives, resource
 * references) and string sentinels for unknown values.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.UNDECRYPTED_SECRET = exports.UNKNOWN_STRING = exports.OUTPUT_VALUE_SIG = exports.RESOURCE_REFERENCE_SIG = exports.ARCHIVE_SIG = exports.ASSET_SIG = exports.SECRET_SIG = exports.SPECIAL_SIG_KEY = void 0;
exports.toAnalyzerWire = toAnalyzerWire;
exports.deserializeProperties = deserializeProperties;
exports.SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
exports.SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
exports.ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
exports.ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
exports.RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
exports.OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The engine sends every unknown as the string sentinel (sdk/go/common/resource/plugin/rpc.go). */
exports.UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What `pulumi policy analyze` shows policies for a secret it cannot decrypt. */
exports.UNDECRYPTED_SECRET = "[secret]";
/**
 * Normalises a value read from a preview or state file into what the engine would send an
 * analyzer: secrets without plaintext become "[secret]", resource references become their ID or
 * URN and output values their element (the engine marshals without keeping resources or output
 * values). Everything else is kept as is.
 */
function toAnalyzerWire(value) {
    if (Array.isArray(value)) {
        return value.map(toAnalyzerWire);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value;
    const sig = obj[exports.SPECIAL_SIG_KEY];
    if (sig === exports.SECRET_SIG) {
        if ("plaintext" in obj && typeof obj["plaintext"] === "string") {
            // State files keep decrypted secrets as JSON text under `plaintext`.
            try {
                return { [exports.SPECIAL_SIG_KEY]: exports.SECRET_SIG, value: toAnalyzerWire(JSON.parse(obj["plaintext"])) };
            }
            catch {
                return { [exports.SPECIAL_SIG_KEY]: exports.SECRET_SIG, value: obj["plaintext"] };
            }
        }
        if (!("value" in obj) || obj["value"] === undefined) {
            return { [exports.SPECIAL_SIG_KEY]: exports.SECRET_SIG, value: exports.UNDECRYPTED_SECRET };
        }
        return { [exports.SPECIAL_SIG_KEY]: exports.SECRET_SIG, value: toAnalyzerWire(obj["value"]) };
    }
    if (sig === exports.OUTPUT_VALUE_SIG) {
        // Output values carry their element when known; the engine sends an unknown otherwise.
        const inner = "value" in obj ? toAnalyzerWire(obj["value"]) : exports.UNKNOWN_STRING;
        return obj["secret"] === true ? { [exports.SPECIAL_SIG_KEY]: exports.SECRET_SIG, value: inner } : inner;
    }
    if (sig === exports.RESOURCE_REFERENCE_SIG) {
        const id = obj["id"];
        return typeof id === "string" && id !== "" ? id : obj["urn"];
    }
    const out = {};
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
function deserializeProperties(wire) {
    const out = {};
    for (const k of Object.keys(wire)) {
        if (wire[k] !== undefined) {
            out[k] = deserializeProperty(wire[k]);
        }
    }
    return out;
}
function deserializeProperty(prop) {
    if (prop === undefined) {
        throw new Error("unexpected undefined property value during deserialization");
    }
    if (prop === null || typeof prop !== "object") {
        return prop;
    }
    if (Array.isArray(prop)) {
        return prop.map(deserializeProperty);
    }
    const obj = prop;
    const sig = obj[exports.SPECIAL_SIG_KEY];
    if (sig) {
        switch (sig) {
            case exports.SECRET_SIG:
                return deserializeProperty(obj["value"]);
            case exports.ASSET_SIG:
            case exports.ARCHIVE_SIG:
                return deserializeAssetOrArchive(obj);
            default:
                throw new Error(`Unrecognized signature '${String(sig)}' when unmarshaling resource property`);
        }
    }
    const out = {};
    for (const k of Object.keys(obj)) {
        out[k] = deserializeProperty(obj[k]);
    }
    return out;
}
function deserializeAssetOrArchive(obj) {
    // Loaded only here: @pulumi/pulumi costs most of a second to require.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { asset } = require("@pulumi/pulumi");
    if (obj[exports.SPECIAL_SIG_KEY] === exports.ASSET_SIG) {
        if (obj["path"])
            return new asset.FileAsset(obj["path"]);
        if (obj["text"])
            return new asset.StringAsset(obj["text"]);
        if (obj["uri"])
            return new asset.RemoteAsset(obj["uri"]);
        throw new Error("Invalid asset encountered when unmarshaling resource property");
    }
    if (obj["assets"]) {
        const assets = {};
        for (const [name, a] of Object.entries(obj["assets"])) {
            const v = deserializeProperty(a);
            if (!asset.Asset.isInstance(v) && !asset.Archive.isInstance(v)) {
                throw new Error("Expected an AssetArchive's assets to be unmarshaled Asset or Archive objects");
            }
            assets[name] = v;
        }
        return new asset.AssetArchive(assets);
    }
    if (obj["path"])
        return new asset.FileArchive(obj["path"]);
    if (obj["uri"])
        return new asset.RemoteArchive(obj["uri"]);
    throw new Error("Invalid archive encountered when unmarshaling resource property");
}
//# sourceMappingURL=wire.js.map