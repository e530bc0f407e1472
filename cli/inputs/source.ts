/**
 * What an input file becomes: resources for the engine, each with where it came from, grouped
 * into stacks (all manifests form one stack; each preview or state file is its own).
 */
import { EngineResource } from "../engine/model";

export interface SourcedResource extends EngineResource {
    /** The file (or stack) the resource was read from. */
    readonly source: string;
    /** Position in its source: document number for manifests, resource number for Pulumi files. */
    readonly index: number;
    /** 1-based line of the resource in its file, where known. */
    readonly line?: number;
}

export type InputFormat = "manifests" | "preview" | "state";

export interface LoadedStack {
    readonly name: string;
    readonly format: InputFormat | "program";
    readonly resources: readonly SourcedResource[];
    /** What the user should know about how the input was read; never changes a result. */
    readonly warnings?: readonly string[];
}

/** Input that cannot be read completely: reported with exit code 2, never half-checked. */
export class InputError extends Error {
    constructor(readonly file: string, message: string, readonly line?: number) {
        super(`${file}${line !== undefined ? `:${line}` : ""}: ${message}`);
        this.name = "InputError";
    }
}
