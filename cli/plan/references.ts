/**
 * The outputs a baseline-only stack reads from its cluster stack (`hcb:clusterStack`, through a
 * StackReference), for `hcb plan`: the named example stack is planned as `pulumi up` would leave it
 * (the mock runtime, not a preview, so every output is known) and its exports are handed to the
 * baseline stack's StackReference. The baseline stack is thus checked against the cluster stack's
 * real cloud, identity and kubeconfig outputs, as the program checks them in a real run.
 */
import { UsageError } from "../options";
import { runProgramUnderMocks } from "./mock-runtime";
import { StackFile, listStacks, projectName, readStack } from "./stacks";

/** `hcb:clusterStack` of a stack file, if it has one. */
export function clusterStackOf(stack: StackFile): string | undefined {
    return stack.config["hcb:clusterStack"];
}

/**
 * The outputs of the cluster stack `stack` references, keyed by the reference's name; {} for a
 * stack that references none. `load` loads the program afresh (it registers when loaded).
 */
export async function referencedStackOutputs(root: string, stack: StackFile, load: () => unknown): Promise<Record<string, Record<string, unknown>>> {
    const reference = clusterStackOf(stack);
    if (reference === undefined) {
        return {};
    }
    const name = reference.split("/").pop() ?? reference;
    if (!listStacks(root).includes(name)) {
        throw new UsageError(
            `stack ${stack.name}: \`hcb:clusterStack\` ${reference} names no example stack (stacks/Pulumi.${name}.yaml): ` +
                "hcb plan takes the cluster stack's outputs from planning that stack; name one of " + listStacks(root).join(", "),
        );
    }
    const clusterStack = readStack(root, name);
    if (clusterStackOf(clusterStack) !== undefined) {
        throw new UsageError(`stack ${stack.name}: \`hcb:clusterStack\` ${reference} is itself a baseline stack: name the stack that holds the cluster.`);
    }
    const run = await runProgramUnderMocks(load, { project: projectName(root), stack: name, config: clusterStack.config, preview: false });
    return { [reference]: run.outputs };
}
