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

    it("installs the scanner from a pinned release whose signature verifies, never from a branch head", () => {
        const steps = Object.values(workflow.jobs).flatMap(j => j.steps as { run?: string; env?: Record<string, string> }[]);
        const runs = steps.map(s => s.run ?? "");
        assert.ok(!runs.some(r => /raw\.githubusercontent\.com\/[^ ]*\/(main|master)\//.test(r)), "a step runs a script from a branch head");
        const install = steps.find(s => /install [^\n]*trivy/.test(s.run ?? ""));
        assert.ok(install, "no step installs trivy");
        assert.match(install.env?.TRIVY_VERSION ?? "", /^\d+\.\d+\.\d+$/, "TRIVY_VERSION is an exact release");
        const verify = install.run!.indexOf("cosign verify-blob"), unpack = install.run!.indexOf("tar -x");
        assert.ok(verify >= 0 && unpack > verify, "the tarball is unpacked only after cosign verify-blob");
        assert.match(install.run!, /--certificate-identity "https:\/\/github\.com\/aquasecurity\/trivy\/\.github\/workflows\/reusable-release\.yaml@refs\/tags\/v\$\{TRIVY_VERSION\}"/);
        const scan = runs.findIndex(r => /\btrivy image\b/.test(r));
        assert.ok(steps.indexOf(install) < scan, "trivy is installed before the scan");
    });

    it("verifies each image's signature before it can be deployed", () => {
        const steps = Object.values(workflow.jobs).flatMap(j => j.steps);
        assert.ok(steps.some(s => /cosign verify --key cosign\.pub "\$image"/.test(s.run ?? "")));
    });
});
