import * as assert from "node:assert/strict";
import { Json, analyze, assertClean, assertFindings, policyNamed, resource, stackWith, tweaked, validateResource } from "../../helpers/policy";

const POLICY = "k8s-helm-require-pinned-chart";
const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const CHART_V4_TYPE = "kubernetes:helm.sh/v4:Chart";
const MUST = "must pin its chart to an exact version:";

function release(): Json {
    return { chart: "external-secrets", version: "2.9.0", namespace: "external-secrets", repositoryOpts: { repo: "https://charts.external-secrets.io" } };
}

describe(POLICY, () => {
    for (const type of [RELEASE_TYPE, CHART_V4_TYPE]) {
        it(`passes a ${type.split(":")[1]} chart pinned to an exact version under every policy of the pack`, async () => {
            assertClean(await analyze(stackWith(resource(type, "eso", release()))));
        });
    }

    const unpinned: { it: string; change: (r: Json) => void; detail: string }[] = [
        { it: "reports a chart without a version", change: r => delete r.version, detail: "`version` is unset, so the newest chart is installed." },
        { it: "reports an empty version", change: r => (r.version = " "), detail: "`version` is unset" },
        { it: "reports a caret range", change: r => (r.version = "^2.9.0"), detail: '"^2.9.0" is a range or a moving tag.' },
        { it: "reports a tilde range", change: r => (r.version = "~2.9"), detail: '"~2.9" is a range or a moving tag.' },
        { it: "reports a comparison range", change: r => (r.version = ">=2.0.0 <3.0.0"), detail: "is a range or a moving tag." },
        { it: "reports a wildcard minor", change: r => (r.version = "2.x"), detail: '"2.x" is a range or a moving tag.' },
        { it: "reports latest", change: r => (r.version = "latest"), detail: '"latest" is a range or a moving tag.' },
    ];
    for (const c of unpinned) {
        it(c.it, async () => {
            const props = tweaked(release(), c.change);
            assertFindings(await analyze(stackWith(resource(RELEASE_TYPE, "eso", props))), [{ policy: POLICY, level: "mandatory", parts: [MUST, c.detail] }]);
        });
    }

    for (const version of ["v1.30.3", "1.2.3-rc.1", "1.2.3+build.5"]) {
        it(`accepts the exact version ${version}`, async () => {
            assertClean(await analyze(stackWith(resource(RELEASE_TYPE, "eso", tweaked(release(), r => (r.version = version))))));
        });
    }

    it("accepts a chart from a local path without a version: the repository pins it", async () => {
        const props = tweaked(release(), r => {
            r.chart = "./charts/app";
            delete r.version;
            delete r.repositoryOpts;
        });
        assertClean(await analyze(stackWith(resource(RELEASE_TYPE, "app", props))));
    });

    it("reports a wrong-typed version as a violation, not a pass", async () => {
        const props = tweaked(release(), r => (r.version = 2.9));
        assert.deepEqual(await validateResource(policyNamed(POLICY), { type: RELEASE_TYPE, name: "eso", props }), {
            reports: [{ message: "Release 'eso' cannot be verified: `version` must be a string, not a number." }],
        });
    });
});
