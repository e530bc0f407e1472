import { EngineResource } from "../engine/model";
export interface RecordedResource extends EngineResource {
    /** False for component resources (and the stack). */
    readonly custom: boolean;
}
export interface MockRunOptions {
    readonly project: string;
    readonly stack: string;
    /** Stack config, as `project:key` (or `namespace:key`) → string value. */
    readonly config?: Readonly<Record<string, string>>;
    /** Evaluate as `pulumi preview` does (unknown computed values): default true. */
    readonly preview?: boolean;
}
/**
 * Runs `program` inside a Pulumi stack under mocks and returns what it registered, in
 * registration order. Errors thrown by the program (validation of component args) propagate.
 */
export declare function runUnderMocks(program: () => unknown, options: MockRunOptions): Promise<RecordedResource[]>;
