/**
 * Reads the paths given to `hcb check`: files and folders (recursed), each file's format detected
 * from its content: Kubernetes manifests, a `pulumi preview --json` document, or a
 * `pulumi stack export` document.
 */
import * as fs from "fs";
import * as path from "path";
import { manifestResources, MANIFEST_STACK } from "./manifests";
import { parseDocuments } from "./parse";
import { isPreviewDocument, isStateDocument, readPreview, stateResources } from "./pulumi-files";
import { readText } from "./read-file";
import { InputError, LoadedStack, SourcedResource } from "./source";

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

/** The files under the given paths, in a stable order; folders are recursed for YAML and JSON. */
export function expandPaths(paths: readonly string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = (p: string, explicit: boolean) => {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(p);
        } catch {
            throw new InputError(p, "does not exist");
        }
        let real: string;
        try {
            real = fs.realpathSync(p);
        } catch {
            real = path.resolve(p);
        }
        if (seen.has(real)) {
            return; // a symlink loop, or the same file named twice
        }
        seen.add(real);
        if (stat.isDirectory()) {
            const entries = fs.readdirSync(p).sort();
            for (const entry of entries) {
                if (entry.startsWith(".") || SKIPPED_DIRS.has(entry)) {
                    continue;
                }
                const child = path.join(p, entry);
                const childStat = fs.statSync(child, { throwIfNoEntry: false });
                if (childStat?.isDirectory() || EXTENSIONS.has(path.extname(entry).toLowerCase())) {
                    visit(child, false);
                }
            }
        } else if (stat.isFile() || explicit) {
            out.push(p);
        }
    };
    for (const p of paths) {
        visit(p, true);
    }
    return out;
}

/** Reads every file; manifests from all files form one stack, each Pulumi file its own. */
export function loadInputs(paths: readonly string[]): LoadedStack[] {
    const files = expandPaths(paths);
    if (files.length === 0) {
        throw new InputError(paths.join(", "), "holds no YAML or JSON file to check");
    }
    const manifests: SourcedResource[] = [];
    const stacks: LoadedStack[] = [];
    const taken = new Map<string, number>();
    for (const file of files) {
        const docs = parseDocuments(file, readText(file));
        const single = docs.length === 1 ? docs[0].value : undefined;
        if (isPreviewDocument(single)) {
            const { resources, warnings } = readPreview(file, single as Record<string, unknown>);
            stacks.push({ name: file, format: "preview", resources, ...(warnings.length ? { warnings } : {}) });
        } else if (isStateDocument(single)) {
            stacks.push({ name: file, format: "state", resources: stateResources(file, single as Record<string, unknown>) });
        } else {
            manifests.push(...manifestResources(file, docs, taken));
        }
    }
    if (manifests.length > 0 || stacks.length === 0) {
        stacks.unshift({ name: MANIFEST_STACK, format: "manifests", resources: manifests });
    }
    if (stacks.every(s => s.resources.length === 0)) {
        // Nothing to judge is no pass: an empty file is what a failed `pulumi preview --json > f` leaves.
        throw new InputError(paths.join(", "), "holds no resource to check (empty files or documents only)");
    }
    return stacks;
}
