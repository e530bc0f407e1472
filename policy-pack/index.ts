// The CrossGuard entry point: builds the pack from the registry and nothing else. Constructing a
// PolicyPack starts the analyzer's gRPC server, so only the Pulumi engine (or hcb's protocol
// engine) loads this file.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_DISPLAY_NAME, PACK_NAME } from "./pack";
import { disableRunnerDebugger } from "./lib/inspector-debugger";
import { shareDeserializedProperties } from "./lib/shared-properties";
import { POLICIES } from "./policies";

// Every policy reads one deserialized copy of a resource instead of one each (lib/shared-properties.ts).
shareDeserializedProperties();
// The runner leaves V8's debugger on, which makes every thrown NotApplicableError slow (lib/inspector-debugger.ts).
void disableRunnerDebugger();

new PolicyPack(PACK_NAME, {
    description: PACK_DESCRIPTION,
    displayName: PACK_DISPLAY_NAME,
    policies: [...POLICIES],
});
