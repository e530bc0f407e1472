/**
 * One deserialized copy of a resource's properties for every policy of the pack, in the analyzer
 * server that the Pulumi engine (and hcb's protocol engine) talks to.
 *
 * @pulumi/policy 1.21.0 server.js deserializes the request's properties again for every policy it
 * calls: Analyze runs `deserializeProperties(req.getProperties(), false)` inside its loop over the
 * policies (makeAnalyzeRpcFun), and AnalyzeStack runs it for every resource of the stack inside its
 * loop over the stack policies (makeAnalyzeStackRpcFun); getProviderResource does the same for the
 * provider. Each call is a Struct.toJavaScript walk plus a deep copy (deserialize.js). With this
 * pack's 84 resource and 56 stack policies that is 140 copies of every resource, and measured on
 * 2,000 workloads it was about three quarters of the server's time, garbage collection included.
 *
 * Installed by the pack's entry point (index.ts), this makes `deserializeProperties(struct, false)`
 * return the copy it made the first time for that Struct object. Nothing else changes:
 * - each policy still gets its own unknown-checking proxy over the properties (server.js wraps the
 *   result in `unknownCheckingProxy` after the call), so unknown values throw as before;
 * - the Struct object is the request's own: jspb's getWrapperField caches the message's wrapper
 *   (google-protobuf.js `getWrapperField`), so one Analyze request, or one resource of an
 *   AnalyzeStack request, is one key; requests never share one, and a WeakMap lets each go with
 *   its request;
 * - a failure is not kept: a value the SDK refuses throws again for the same policy, first, as
 *   before (the server reports the first policy that fails);
 * - remediation (`proxySecrets` true: the result is a secrets-preserving proxy whose values a
 *   remediation returns) always gets a fresh copy;
 * - the policies of this pack never write to the properties they read; the in-process engine
 *   already shares one copy per resource (cli/engine/in-process.ts), and the differential test
 *   holds the two engines, and so this sharing, to identical results.
 *
 * Only the @pulumi/policy version this was read against is patched: with any other, the server
 * runs exactly as published (slower, never different).
 */

/** The @pulumi/policy release whose server.js and deserialize.js were read for this (package.json `version`). */
export const SHARED_PROPERTIES_SDK_VERSION = "v1.21.0";

type Deserialize = (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties: Deserialize & { readonly __hcbShared?: true };
}

/**
 * Makes the SDK's server deserialize each resource's properties once for all policies; returns
 * whether it did (false for an @pulumi/policy other than SHARED_PROPERTIES_SDK_VERSION). Idempotent.
 * Resolves @pulumi/policy as the pack's entry point does, so it patches the server the pack starts.
 */
export function shareDeserializedProperties(): boolean {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const version = (require("@pulumi/policy/package.json") as { version?: string }).version;
    if (version !== SHARED_PROPERTIES_SDK_VERSION) {
        return false;
    }
    // The module object server.js calls through (`deserialize_1.deserializeProperties(...)`).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require("@pulumi/policy/deserialize") as DeserializeModule;
    if (mod.deserializeProperties.__hcbShared) {
        return true;
    }
    const original = mod.deserializeProperties;
    const copies = new WeakMap<object, Record<string, unknown>>();
    const shared: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        let props = copies.get(struct);
        if (props === undefined) {
            props = original(struct, false);
            copies.set(struct, props);
        }
        return props;
    };
    mod.deserializeProperties = Object.assign(shared, { __hcbShared: true as const });
    return true;
}
