/**
 * The shared inputs beside the repository (../shared from its root): the real-world manifest
 * corpus and the upstream Pod Security fixtures. In CI they sit beside the clone; in a worktree
 * ../shared is a link. A spec that needs them fails with the path it looked for, never skips.
 */
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The absolute path of `../shared/<name>`, or an error naming where it was expected. */
export function sharedInput(name: "realworld-manifests" | "pss-fixtures"): string {
    const dir = path.resolve(REPO_ROOT, "..", "shared", name);
    if (!fs.existsSync(path.join(dir, "INDEX.json"))) {
        throw new Error(
            `${dir}/INDEX.json is missing: these tests read ../shared/${name} beside the repository ` +
                "(see README, Proofs). Place the shared inputs there (or link them) and run again.",
        );
    }
    return dir;
}
