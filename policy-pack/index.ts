// The CrossGuard entry point: builds the pack from the registry and nothing else. Constructing a
// PolicyPack starts the analyzer's gRPC server, so only the Pulumi engine (or hcb's protocol
// engine) loads this file.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_DISPLAY_NAME, PACK_NAME } from "./pack";
import { POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
    description: PACK_DESCRIPTION,
    displayName: PACK_DISPLAY_NAME,
    policies: [...POLICIES],
});
