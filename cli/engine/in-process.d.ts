import type { HardenedPolicy } from "../../policy-pack/lib/define";
import { AnalyzeResult, Engine, EngineResource, PackConfig, PackInfo, StackAnalysis } from "./model";
/** A policy error that the server would return as a failed RPC. */
export declare class PolicyError extends Error {
    constructor(message: string);
}
export declare class InProcessEngine implements Engine {
    private readonly pack;
    private readonly policies;
    constructor(pack: PackInfo, policies: readonly HardenedPolicy[]);
    private packLabel;
    private handle;
    analyzeResource(r: EngineResource, config: PackConfig): Promise<AnalyzeResult>;
    analyzeStack(resources: readonly EngineResource[], config: PackConfig): Promise<AnalyzeResult>;
    analyze(resources: readonly EngineResource[], config: PackConfig): Promise<StackAnalysis>;
    close(): Promise<void>;
}
