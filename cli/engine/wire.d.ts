/**
 * Wire-form property values, as the engine marshals them to an analyzer and as preview and state
 * files hold them: special objects keyed by a signature (secrets, assets, archives, resource
 * references) and string sentinels for unknown values.
 */
export declare const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export declare const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export declare const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export declare const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export declare const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export declare const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The engine sends every unknown as the string sentinel (sdk/go/common/resource/plugin/rpc.go). */
export declare const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What `pulumi policy analyze` shows policies for a secret it cannot decrypt. */
export declare const UNDECRYPTED_SECRET = "[secret]";
/**
 * Normalises a value read from a preview or state file into what the engine would send an
 * analyzer: secrets without plaintext become "[secret]", resource references become their ID or
 * URN and output values their element (the engine marshals without keeping resources or output
 * values). Everything else is kept as is.
 */
export declare function toAnalyzerWire(value: unknown): unknown;
/**
 * The analyzer's view of wire properties (@pulumi/policy deserialize.ts, secrets unwrapped):
 * top-level undefined dropped, secrets replaced by their value, assets and archives turned into
 * the SDK's objects. An unknown signature is an error, as it is in the SDK.
 */
export declare function deserializeProperties(wire: Readonly<Record<string, unknown>>): Record<string, unknown>;
