/**
 * The example stacks: stacks/Pulumi.<name>.yaml (Pulumi.yaml sets stackConfigDir), read into the
 * flat config the Pulumi language host hands a program: `namespace:key` → string, structured
 * values as JSON text. Secure values cannot be decrypted offline and read as "[secret]".
 */
import * as fs from "fs";
import * as path from "path";
import { load } from "js-yaml";
import { InputError } from "../inputs/source";
import { UsageError } from "../options";

export interface StackFile {
    readonly name: string;
    readonly file: string;
    readonly config: Readonly<Record<string, string>>;
}

export const STACKS_DIR = "stacks";
const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

export function projectName(root: string): string {
    const file = path.join(root, "Pulumi.yaml");
    const doc = load(fs.readFileSync(file, "utf8")) as { name?: unknown };
    if (typeof doc?.name !== "string") {
        throw new InputError(file, "has no project `name`");
    }
    return doc.name;
}

export function listStacks(root: string): string[] {
    const dir = path.join(root, STACKS_DIR);
    return fs.existsSync(dir)
        ? fs.readdirSync(dir).map(f => STACK_FILE.exec(f)?.[1]).filter((n): n is string => n !== undefined).sort()
        : [];
}

function configValue(value: unknown): string {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
        return "[secret]";
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

export function readStack(root: string, name: string): StackFile {
    const relative = path.join(STACKS_DIR, `Pulumi.${name}.yaml`);
    const file = path.join(root, relative);
    if (!fs.existsSync(file)) {
        throw new UsageError(`--stack ${name}: there is no ${relative}; example stacks: ${listStacks(root).join(", ") || "none"}`);
    }
    let doc: unknown;
    try {
        doc = load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new InputError(relative, `is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    const config = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new InputError(relative, "`config` must be a mapping of `namespace:key` settings");
    }
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        if (!key.includes(":")) {
            throw new InputError(relative, `config key \`${key}\` must be namespaced, e.g. \`hcb:${key}\``);
        }
        flat[key] = configValue(value);
    }
    return { name, file: relative, config: flat };
}
