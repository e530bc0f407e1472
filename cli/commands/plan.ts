/**
 * `hcb plan`: evaluates the program (index.ts, compiled) with an example stack's config under the
 * Pulumi SDK's mock runtime, then runs the pack over what it would register.
 */
import * as path from "path";
import { LoadedStack } from "../inputs/source";
import { printWarnings, resolvePackOptions, UsageError } from "../options";
import { packageRoot } from "../paths";
import { runUnderMocks } from "../plan/mock-runtime";
import { listStacks, projectName, readStack } from "../plan/stacks";
import { renderTree } from "../plan/tree";
import { analyzeStacks, emitReport, parseEngine, parseFormat } from "./run";

export interface PlanArgs {
    readonly stack?: string;
    readonly format?: string;
    readonly out?: string;
    readonly config?: string;
    readonly only?: string;
    readonly engine?: string;
    /** The compiled program to evaluate. @default dist/index.js of this package */
    readonly program?: string;
    /** The folder holding Pulumi.yaml and stacks/. @default this package's root */
    readonly root?: string;
}

/** A program failure, reported as bad input (exit 2) naming the stack. */
export class ProgramError extends Error {
    constructor(stack: string, cause: unknown) {
        super(`stack ${stack}: the program failed: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "ProgramError";
    }
}

export async function planStack(root: string, program: string, name: string): Promise<{ stack: LoadedStack; tree: string }> {
    const stackFile = readStack(root, name);
    let recorded;
    try {
        recorded = await runUnderMocks(
            () => {
                // The program registers resources when loaded: load it afresh for each stack.
                delete require.cache[require.resolve(program)];
                return require(program);
            },
            { project: projectName(root), stack: name, config: stackFile.config },
        );
    } catch (e) {
        throw new ProgramError(name, e);
    }
    return {
        stack: {
            name: stackFile.file,
            format: "program",
            resources: recorded.map((r, index) => ({ ...r, source: stackFile.file, index })),
        },
        tree: renderTree(recorded),
    };
}

export async function plan(args: PlanArgs): Promise<number> {
    const format = parseFormat(args.format);
    const engine = parseEngine(args.engine);
    const { config, warnings } = resolvePackOptions({ configFile: args.config, only: args.only });
    printWarnings(warnings);
    const root = args.root ?? packageRoot();
    const program = args.program ?? path.join(packageRoot(), "dist", "index.js");
    const names = args.stack ? [args.stack] : listStacks(root);
    if (names.length === 0) {
        throw new UsageError(`there are no example stacks in ${path.join(root, "stacks")}`);
    }
    const stacks: LoadedStack[] = [];
    let trees = "";
    for (const name of names) {
        const planned = await planStack(root, program, name);
        stacks.push(planned.stack);
        trees += `stack ${name} (${planned.stack.resources.length} resources)\n${planned.tree}\n`;
    }
    const report = await analyzeStacks(stacks, config, engine);
    return emitReport(report, format, args.out, trees);
}
