import * as fs from "fs";
import * as path from "path";

/** The package root, found from this file whether it runs from cli/ (ts-node) or dist/cli/. */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "hardened-cluster-blueprint") {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error("cannot find the hardened-cluster-blueprint package root");
        }
        dir = parent;
    }
}

export function packageVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
}

/** The pack's version as the Pulumi engine reads it: policy-pack/package.json. */
export function packVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), "policy-pack", "package.json"), "utf8")).version;
}
