/**
 * npm as a user (and the Pulumi CLI) runs it on this repository: pack a folder, unpack the
 * tarball somewhere empty outside the repository, install it. Installs prefer the npm cache
 * (`--prefer-offline`): the root `npm ci` has already fetched every package these need.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPOSITORY = path.resolve(__dirname, "..", "..");

const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

export function run(command: string, args: readonly string[], cwd: string): string {
    try {
        return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${command} ${args.join(" ")} in ${cwd} failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
    }
}

/** An empty folder under the system temp directory, outside the repository. */
export function emptyFolder(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    assert.ok(!path.relative(REPOSITORY, dir).split(path.sep).every(s => s !== ".."), `${dir} is inside the repository`);
    return dir;
}

/** The tarball `npm pack` makes of `dir` (its lifecycle scripts included), written into `dest`. */
export function npmPack(dir: string, dest: string): { tarball: string; files: string[] } {
    const out = run("npm", ["pack", "--json", "--pack-destination", dest, "--loglevel=error"], dir);
    // Lifecycle scripts (prepack) may print before the JSON.
    const json = JSON.parse(out.slice(out.indexOf("[\n"))) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(dest, json[0].filename), files: json[0].files.map(f => f.path).sort() };
}

/** Unpacks a tarball into `dest`; returns the package folder (npm tarballs hold `package/`). */
export function unpack(tarball: string, dest: string): string {
    fs.mkdirSync(dest, { recursive: true });
    run("tar", ["-xzf", tarball, "-C", dest], dest);
    return path.join(dest, "package");
}

/** `npm install` in `dir` with `args` (none: the folder's own dependencies). */
export function npmInstall(dir: string, args: readonly string[] = []): void {
    run("npm", ["install", ...NPM_FLAGS, ...args], dir);
}

export function removeFolder(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}
