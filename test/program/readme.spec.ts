import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS } from "../../program/config";
import { ROOT, registered, runProgram, stackConfig } from "./helpers";

/** The README's section `title`, up to the next second-level heading. */
function section(title: string): string {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf(`\n## ${title}\n`);
    assert.ok(start >= 0, `README has a "## ${title}" section`);
    const end = readme.indexOf("\n## ", start + 1);
    return readme.slice(start, end < 0 ? undefined : end);
}

/** The top-level `hcb:` keys a text names (`hcb:identity.cloud` names `identity`). */
function keysIn(text: string): string[] {
    return [...new Set([...text.matchAll(/\bhcb:([A-Za-z]+)/g)].map(m => m[1]))].sort();
}

describe("README \"Reaching a private cluster\" against program/config.ts", () => {
    const text = section("Reaching a private cluster");

    it("names only config keys the program reads", () => {
        const keys = keysIn(text);
        assert.ok(keys.length >= 5, keys.join(", "));
        assert.deepEqual(keys.filter(k => !CONFIG_KEYS.includes(k)), []);
    });

    it("documents every key the program reads", () => {
        assert.deepEqual(CONFIG_KEYS.filter(k => !keysIn(text).includes(k)), []);
    });

    it("names only example stacks that exist", () => {
        const stacks = [...text.matchAll(/stacks\/Pulumi\.([a-z0-9-]+)\.yaml/g)].map(m => m[1]);
        assert.ok(stacks.length >= 4);
        for (const name of stacks) {
            assert.ok(fs.existsSync(path.join(ROOT, "stacks", `Pulumi.${name}.yaml`)), `stacks/Pulumi.${name}.yaml`);
        }
    });

    it("sets every `--path` key on a key the program reads", () => {
        const paths = [...text.matchAll(/--path '(hcb:[^']+)'/g)].map(m => m[1]);
        assert.ok(paths.length >= 4);
        assert.deepEqual(keysIn(paths.join(" ")).filter(k => !CONFIG_KEYS.includes(k)), []);
    });

    it("example stacks set only keys the program reads", () => {
        for (const file of fs.readdirSync(path.join(ROOT, "stacks")).filter(f => /^Pulumi\..+\.yaml$/.test(f))) {
            const keys = fs.readFileSync(path.join(ROOT, "stacks", file), "utf8").split("\n").map(l => /^  hcb:([A-Za-z]+):/.exec(l)?.[1]).filter((k): k is string => k !== undefined);
            assert.deepEqual(keys.filter(k => !CONFIG_KEYS.includes(k)), [], file);
        }
    });
});

describe("config keys the program does not read", () => {
    it("refuses a misspelt key before registering anything, naming the keys it reads", async () => {
        const run = await runProgram(stackConfig("eks", { "hcb:renderYamlto": "out" }));
        assert.match(run.error?.message ?? "", /`hcb:renderYamlto` is not a setting of the program: use one of .*`hcb:renderYamlTo`/);
        assert.deepEqual(registered(run.resources), []);
    });
});
