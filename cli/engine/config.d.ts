import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { PackConfig } from "./model";
export declare class ConfigError extends Error {
    constructor(message: string);
}
/**
 * The config each policy receives. `file` is the parsed --policy-pack-config / --config document
 * (or undefined); `where` names it in errors.
 */
export declare function reconcileConfig(policies: readonly HardenedPolicy[], file: unknown, where?: string): PackConfig;
