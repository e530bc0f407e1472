/**
 * `hcb`: the offline policy engine. Exit codes: 0 no mandatory violation, 1 at least one,
 * 2 bad usage or unreadable input (with a message naming the file and the problem).
 */
import { parseArgs } from "util";
import { InputError } from "./inputs/source";
import { UsageError } from "./options";
import { PolicyError } from "./engine/in-process";
import { ProgramError } from "./commands/plan";
import { packageVersion } from "./paths";

const USAGE = `usage:
  hcb plan   [--stack NAME] [--format text|json|sarif] [--out FILE] [--config FILE] [--only PREFIXES] [--engine inprocess|grpc]
  hcb plan   [--stack NAME] --format preview --out FILE|DIR
  hcb check  [--format text|json|sarif] [--out FILE] [--config FILE] [--only PREFIXES]
             [--pod-security LEVEL] [--pod-security-version vX.Y|latest] [--engine inprocess|grpc] PATH...
  hcb check  --engine grpc --policy-pack DIR [--format ...] [--out FILE] [--config FILE] PATH...
  hcb policies

  plan      evaluates the program (index.ts) with a stack's config under the Pulumi SDK's mocks
            (no CLI, no credentials) and checks what it would create; no --stack: every example stack
            --format preview writes what it would create as 'pulumi preview --json' does, to FILE
            (one stack) or DIR/<stack>.json, for reviewers, other tools and 'hcb check'
  check     checks Kubernetes manifests (YAML/JSON), 'pulumi preview --json' files and
            'pulumi stack export' files; folders are recursed
  --config  a policy config file, as for 'pulumi preview --policy-pack-config'
  --only    comma-separated control id prefixes, e.g. pss or eks,k8s
  --policy-pack DIR  runs any CrossGuard pack folder (its dependencies installed) over the policy
            protocol, started as the Pulumi CLI starts it, instead of this project's pack
  exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad usage or unreadable input
`;

const OPTIONS = {
    format: { type: "string" },
    out: { type: "string" },
    config: { type: "string" },
    only: { type: "string" },
    stack: { type: "string" },
    engine: { type: "string" },
    "policy-pack": { type: "string" },
    "pod-security": { type: "string" },
    "pod-security-version": { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

export async function main(argv: readonly string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.version) {
        process.stdout.write(`${packageVersion()}\n`);
        return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
        process.stdout.write(USAGE);
        return command === undefined && !values.help ? 2 : 0;
    }
    const common = { format: values.format, out: values.out, config: values.config, only: values.only, engine: values.engine };
    switch (command) {
        case "check": {
            const { check } = await import("./commands/check");
            return check({ ...common, paths: rest, podSecurity: values["pod-security"], podSecurityVersion: values["pod-security-version"], policyPack: values["policy-pack"] });
        }
        case "plan": {
            if (values["policy-pack"] !== undefined) throw new UsageError("--policy-pack applies to check: plan the stack with --format preview, then check the file with --policy-pack");
            if (rest.length) throw new UsageError(`plan takes no paths (got ${rest.join(" ")}); use --stack NAME`);
            if (values["pod-security"] !== undefined || values["pod-security-version"] !== undefined) {
                throw new UsageError("--pod-security applies to check; a planned stack's namespaces carry their own labels");
            }
            const { plan } = await import("./commands/plan");
            return plan({ ...common, stack: values.stack });
        }
        case "policies": {
            const { listPolicies } = await import("./commands/policies");
            return listPolicies();
        }
        default:
            throw new UsageError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    }
}

export function run(argv: readonly string[]): void {
    main(argv).then(
        code => {
            process.exitCode = code;
        },
        (e: unknown) => {
            if (e instanceof UsageError || e instanceof InputError || e instanceof ProgramError) {
                process.stderr.write(`hcb: ${e.message}\n`);
            } else if (e instanceof PolicyError) {
                process.stderr.write(`hcb: a policy failed, so no report is given: ${e.message}\n`);
            } else {
                process.stderr.write(`hcb: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            }
            process.exitCode = 2;
        },
    );
}
