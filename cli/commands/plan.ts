/**
 * `hcb plan`: evaluates the program (index.ts, compiled) with an example stack's config under the
 * Pulumi SDK's mock runtime, then runs the pack over what it would register.
 */
import * as fs from "fs";
import * as path from "path";
import { previewDocumentOf } from "../inputs/preview-document";
import { LoadedStack } from "../inputs/source";
import { printWarnings, resolvePackOptions, UsageError } from "../options";
import { packageRoot } from "../paths";
import { runUnderMocks } from "../plan/mock-runtime";
import { referencedStackOutputs } from "../plan/references";
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
    // The program registers resources when loaded: load it afresh for each stack.
    const load = () => {
        delete require.cache[require.resolve(program)];
        return require(program);
    };
    let recorded;
    try {
        // A baseline-only stack reads its cluster stack's outputs (cli/plan/references.ts).
        const stackOutputs = await referencedStackOutputs(root, stackFile, load);
        recorded = await runUnderMocks(load, { project: projectName(root), stack: name, config: stackFile.config, stackOutputs });
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

/**
 * `--format preview`: writes each planned stack as a `pulumi preview --json` document instead of
 * a report: to --out FILE for one stack, or into the folder --out as <stack>.json for several.
 */
async function writePreviews(args: PlanArgs): Promise<number> {
    if (!args.out) {
        throw new UsageError("--format preview needs --out FILE (one stack) or --out DIR (several)");
    }
    if (args.engine !== undefined || args.config !== undefined || args.only !== undefined) {
        throw new UsageError("--format preview writes what the program would create and judges nothing: drop --engine, --config and --only, and run `hcb check` on the file");
    }
    const root = args.root ?? packageRoot();
    const program = args.program ?? path.join(packageRoot(), "dist", "index.js");
    const names = args.stack ? [args.stack] : listStacks(root);
    if (names.length === 0) {
        throw new UsageError(`there are no example stacks in ${path.join(root, "stacks")}`);
    }
    const several = args.stack === undefined;
    if (several) {
        fs.mkdirSync(args.out, { recursive: true });
    }
    for (const name of names) {
        const { stack } = await planStack(root, program, name);
        const file = several ? path.join(args.out, `${name}.json`) : args.out;
        // `pulumi preview --json` indents with four spaces (json.MarshalIndent(&digest, "", "    ")).
        fs.writeFileSync(file, `${JSON.stringify(previewDocumentOf(stack.resources), null, 4)}\n`);
        process.stdout.write(`stack ${name}: ${stack.resources.length} resources written to ${file}; check it with \`hcb check ${file}\`\n`);
    }
    return 0;
}

export async function plan(args: PlanArgs): Promise<number> {
    if (args.format === "preview") {
        return writePreviews(args);
    }
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
