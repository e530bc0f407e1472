/**
 * Checklist "image scanning in CI" is built by the example workflow, which no policy can see: this
 * holds the workflow to it. Every image the manifests deploy is scanned, and a fixable HIGH or
 * CRITICAL vulnerability fails the job (Trivy: `--exit-code 1 --severity CRITICAL,HIGH`).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

const FILE = path.join(__dirname, "..", "..", "examples", "github-actions", "pull-request.yml");

describe("examples/github-actions/pull-request.yml (checklist \"image scanning in CI\")", () => {
    const workflow = YAML.parse(fs.readFileSync(FILE, "utf8")) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; id?: string }[] }> };

    it("runs on every pull request", () => {
        assert.ok("pull_request" in workflow.on);
    });

    it("scans every deployed image and fails the job on a HIGH or CRITICAL finding", () => {
        const steps = Object.values(workflow.jobs).flatMap(j => j.steps);
        const scan = steps.find(s => /\btrivy image\b/.test(s.run ?? ""));
        assert.ok(scan, "no step runs `trivy image`");
        assert.match(scan.run!, /--exit-code 1/);
        assert.match(scan.run!, /--severity CRITICAL,HIGH/);
        assert.match(scan.run!, /while read -r image; do[\s\S]*trivy image[\s\S]*done < images\.txt/, "every image of the list is scanned");
        const list = steps.find(s => /images\.txt/.test(s.run ?? "") && /grep/.test(s.run ?? ""));
        assert.ok(list, "no step lists the deployed images");
    });

    it("verifies each image's signature before it can be deployed", () => {
        const steps = Object.values(workflow.jobs).flatMap(j => j.steps);
        assert.ok(steps.some(s => /cosign verify --key cosign\.pub "\$image"/.test(s.run ?? "")));
    });
});
