/**
 * The in-process engine holds the pack to @pulumi/policy's server semantics: enforcement levels,
 * not-applicable notes, unknown values during preview, policy exceptions, the description prefix
 * of string reports, getConfig, secrets and stack links.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { reconcileConfig } from "../../../cli/engine/config";
import { InProcessEngine, PolicyError } from "../../../cli/engine/in-process";
import { EngineResource } from "../../../cli/engine/model";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../../cli/engine/wire";
import type { HardenedPolicy } from "../../../policy-pack/lib/define";
import { POLICIES } from "../../../policy-pack/policies";
import {
    DEPLOYMENT_TYPE,
    NAMESPACE_TYPE,
    TEST_PACK,
    UNKNOWN,
    hardenedNamespace,
    hardenedWorkload,
    policyNamed,
    resource,
    stackWith,
    tweaked,
} from "../../helpers/policy";

const PACK_LABEL = `policy pack '${TEST_PACK.name}@v${TEST_PACK.version}'`;
const CONTROL = "k8s-resource-limits";

function resourcePolicyOf(name: string, validate: (args: ResourceValidationArgs, report: ReportViolation) => void, extra: Partial<HardenedPolicy> = {}): HardenedPolicy {
    return { name, control: CONTROL, description: `The ${name} description.`, enforcementLevel: "advisory", validateResource: validate, ...extra } as HardenedPolicy;
}

function stackPolicyOf(name: string, validate: (args: StackValidationArgs, report: ReportViolation) => void): HardenedPolicy {
    return { name, control: CONTROL, description: `The ${name} description.`, enforcementLevel: "mandatory", validateStack: validate } as HardenedPolicy;
}

const configFor = (policies: readonly HardenedPolicy[], file?: unknown) => reconcileConfig(policies, file);

const deployment = (change?: (d: Record<string, any>) => void) => resource(DEPLOYMENT_TYPE, "web", tweaked(hardenedWorkload(DEPLOYMENT_TYPE), d => change?.(d)));

describe("InProcessEngine", () => {
    describe("enforcement levels", () => {
        const reporter = resourcePolicyOf("test-require-report", (_args, report) => report("found"));
        const engine = new InProcessEngine(TEST_PACK, [reporter]);

        it("reports at the policy's own level by default", async () => {
            const result = await engine.analyze([deployment()], configFor([reporter]));
            assert.deepEqual(result.resources[0].diagnostics.map(d => d.enforcementLevel), ["advisory"]);
        });

        it("reports at the configured level", async () => {
            const result = await engine.analyze([deployment()], configFor([reporter], { [reporter.name]: "mandatory" }));
            assert.deepEqual(result.resources[0].diagnostics.map(d => d.enforcementLevel), ["mandatory"]);
        });

        it("reports a remediate policy's violations as mandatory", async () => {
            const result = await engine.analyze([deployment()], configFor([reporter], { all: "remediate" }));
            assert.deepEqual(result.resources[0].diagnostics.map(d => d.enforcementLevel), ["mandatory"]);
        });

        it("does not run a disabled policy at all", async () => {
            let calls = 0;
            const counted = resourcePolicyOf("test-require-count", (_a, report) => {
                calls++;
                report("found");
            });
            const result = await new InProcessEngine(TEST_PACK, [counted]).analyze([deployment()], configFor([counted], { all: "disabled" }));
            assert.equal(calls, 0);
            assert.deepEqual(result.resources[0], { diagnostics: [], notApplicable: [] });
        });

        it("disables a real policy of the pack by config", async () => {
            const stack = stackWith(deployment(d => (d.spec.template.spec.containers[0].image = "nginx")));
            const engine = new InProcessEngine(TEST_PACK, POLICIES);
            const on = await engine.analyze(stack, configFor(POLICIES));
            const off = await engine.analyze(stack, configFor(POLICIES, { "k8s-workload-require-image-digest": "disabled" }));
            const count = (r: typeof on) => r.resources.flatMap(x => x.diagnostics).filter(d => d.policyName === "k8s-workload-require-image-digest").length;
            assert.equal(count(on), 1);
            assert.equal(count(off), 0);
        });
    });

    describe("messages", () => {
        it("prefixes a string report with the policy's description, as the server does", async () => {
            const p = resourcePolicyOf("test-require-prefix", (_a, report) => report("Deployment 'web' must do X."));
            const result = await new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p]));
            assert.deepEqual(result.resources[0].diagnostics, [{ policyName: p.name, message: `${p.description}\nDeployment 'web' must do X.`, enforcementLevel: "advisory" }]);
        });

        it("reports the description alone for an empty message", async () => {
            const p = resourcePolicyOf("test-require-empty", (_a, report) => report(""));
            const result = await new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p]));
            assert.equal(result.resources[0].diagnostics[0].message, p.description);
        });

        it("takes the object form as is, with its own level and URN", async () => {
            const p = resourcePolicyOf("test-require-object", (_a, report) =>
                (report as unknown as (o: object) => void)({ message: "exempted: x", enforcementLevel: "advisory", urn: "urn:x" }),
            );
            const result = await new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p], { [p.name]: "mandatory" }));
            assert.deepEqual(result.resources[0].diagnostics, [{ policyName: p.name, message: "exempted: x", enforcementLevel: "advisory", urn: "urn:x" }]);
        });

        it("prefixes a real policy's violation and keeps an exempted one unprefixed", async () => {
            const policy = policyNamed("k8s-workload-require-image-digest");
            const stack = [deployment(d => (d.spec.template.spec.containers[0].image = "nginx"))];
            const engine = new InProcessEngine(TEST_PACK, [policy]);
            const plain = await engine.analyze(stack, configFor([policy]));
            assert.match(plain.resources[0].diagnostics[0].message, new RegExp(`^${policy.description.replace(/[.()]/g, "\\$&")}\nDeployment 'web' must pin every image by digest`));
            const exempted = await engine.analyze(stack, configFor([policy], { [policy.name]: { exemptions: [{ name: "web", justification: "vendor image, digest pinned upstream" }] } }));
            assert.deepEqual(exempted.resources[0].diagnostics.map(d => [d.enforcementLevel, d.message.split("\n")[0]]), [
                ["advisory", `exempted: Deployment 'web' must pin every image by digest (image@sha256:...): container "app" uses "nginx", a moving tag.`],
            ]);
        });
    });

    describe("not applicable", () => {
        it("skips a policy whose validation declares another __pulumiType, noting why", async () => {
            const labels = policyNamed("k8s-namespace-require-pod-security-labels");
            const result = await new InProcessEngine(TEST_PACK, [labels]).analyze([deployment()], configFor([labels]));
            assert.deepEqual(result.resources[0], {
                diagnostics: [],
                notApplicable: [{ policyName: labels.name, reason: `Policy only applies to resources of type '${NAMESPACE_TYPE}', 'kubernetes:core/v1:NamespacePatch'` }],
            });
        });

        it("records the reason a policy gives to notApplicable", async () => {
            const p = resourcePolicyOf("test-require-na", args => args.notApplicable("not mine"));
            const result = await new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p]));
            assert.deepEqual(result.resources[0], { diagnostics: [], notApplicable: [{ policyName: p.name, reason: "not mine" }] });
        });

        it("records a stack policy that finds nothing to judge", async () => {
            const pss = policyNamed("pss-disallow-privileged");
            const result = await new InProcessEngine(TEST_PACK, [pss]).analyze([resource(NAMESPACE_TYPE, "apps", hardenedNamespace())], configFor([pss]));
            assert.deepEqual(result.stack, { diagnostics: [], notApplicable: [{ policyName: pss.name, reason: "No resource in the stack is of a type this policy checks" }] });
        });

        it("records a workload policy on another type as not applicable, with the policy's own reason", async () => {
            const digest = policyNamed("k8s-workload-require-image-digest");
            const result = await new InProcessEngine(TEST_PACK, [digest]).analyze([resource(NAMESPACE_TYPE, "apps", hardenedNamespace())], configFor([digest]));
            assert.equal(result.resources[0].diagnostics.length, 0);
            assert.deepEqual(result.resources[0].notApplicable.map(n => n.policyName), [digest.name]);
            assert.match(result.resources[0].notApplicable[0].reason, /^Policy only applies to resources of type Kubernetes workloads/);
        });
    });

    describe("unknown values during preview", () => {
        it("reports a resource policy that reads an unknown value as advisory, naming the policy and pack", async () => {
            const digest = policyNamed("k8s-workload-require-image-digest");
            const stack = [deployment(d => (d.spec.template.spec.containers[0].image = UNKNOWN.string))];
            const result = await new InProcessEngine(TEST_PACK, [digest]).analyze(stack, configFor([digest]));
            assert.deepEqual(result.resources[0].diagnostics, [
                {
                    policyName: digest.name,
                    message: `can't run policy '${digest.name}' from ${PACK_LABEL} during preview: string value at .spec.template.spec.containers.0.image can't be known during preview`,
                    enforcementLevel: "advisory",
                },
            ]);
        });

        it("never reports an unknown value as mandatory, whatever the configured level", async () => {
            const digest = policyNamed("k8s-workload-require-image-digest");
            const stack = [deployment(d => (d.spec.template.spec.containers = UNKNOWN.array))];
            const result = await new InProcessEngine(TEST_PACK, [digest]).analyze(stack, configFor([digest], { all: "mandatory" }));
            assert.deepEqual(result.resources[0].diagnostics.map(d => d.enforcementLevel), ["advisory"]);
        });
    });

    describe("policy exceptions", () => {
        it("turns an exception in a resource policy into a PolicyError naming the policy and pack", async () => {
            const p = resourcePolicyOf("test-require-throw", () => {
                throw new TypeError("boom");
            });
            await assert.rejects(new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p])), (e: unknown) => {
                assert.ok(e instanceof PolicyError);
                assert.match(e.message, new RegExp(`^Error validating resource with policy 'test-require-throw' from ${PACK_LABEL.replace(/[.]/g, "\\.")}:\nTypeError: boom`));
                return true;
            });
        });

        it("turns an exception in a stack policy into a PolicyError", async () => {
            const p = stackPolicyOf("test-require-stack-throw", () => {
                throw new Error("stack boom");
            });
            await assert.rejects(new InProcessEngine(TEST_PACK, [p]).analyze([deployment()], configFor([p])), (e: unknown) => e instanceof PolicyError && e.message.includes("stack boom"));
        });
    });

    describe("arguments", () => {
        it("gives resource policies the deserialized inputs behind the unknown-checking proxy, and getConfig", async () => {
            let seen: { password?: unknown; config?: unknown; name?: string; urn?: string } = {};
            const p = resourcePolicyOf("test-require-args", args => {
                seen = { password: (args.props as any).stringData.password, config: args.getConfig(), name: args.name, urn: args.urn };
            });
            const secret = resource("kubernetes:core/v1:Secret", "creds", { stringData: { password: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "hunter2" } } });
            await new InProcessEngine(TEST_PACK, [p]).analyze([secret], configFor([p], { [p.name]: { enforcementLevel: "mandatory", custom: 1 } }));
            assert.deepEqual(seen, { password: "hunter2", config: { custom: 1 }, name: "creds", urn: secret.urn });
        });

        it("gives stack policies the outputs, linked to parents and dependencies by URN", async () => {
            let links: Record<string, unknown> = {};
            const p = stackPolicyOf("test-require-links", args => {
                const byName = new Map(args.resources.map((r: PolicyResource) => [r.name, r]));
                const child = byName.get("web")!;
                links = {
                    parent: child.parent?.name,
                    dependencies: child.dependencies.map(d => d.name),
                    metadata: child.propertyDependencies["metadata"]?.map(d => d.name),
                    replicas: (child.props as any).spec.replicas,
                };
            });
            const ns = resource(NAMESPACE_TYPE, "apps", hardenedNamespace());
            const web: EngineResource = {
                ...resource(DEPLOYMENT_TYPE, "web", hardenedWorkload(DEPLOYMENT_TYPE), { outputs: tweaked(hardenedWorkload(DEPLOYMENT_TYPE), d => (d.spec.replicas = 3)) }),
                parent: ns.urn,
                dependencies: [ns.urn, "urn:pulumi:test::hcb::gone::x"],
                propertyDependencies: { metadata: [ns.urn] },
            };
            await new InProcessEngine(TEST_PACK, [p]).analyze([ns, web], configFor([p]));
            assert.deepEqual(links, { parent: "apps", dependencies: ["apps"], metadata: ["apps"], replicas: 3 });
        });

        it("gives stack findings the URN of the resource they are about", async () => {
            const pss = policyNamed("pss-disallow-privileged");
            const bad = deployment(d => (d.spec.template.spec.containers[0].securityContext.privileged = true));
            const result = await new InProcessEngine(TEST_PACK, [pss]).analyze([bad], configFor([pss]));
            assert.deepEqual(result.stack.diagnostics.map(d => [d.urn, d.enforcementLevel]), [[bad.urn, "mandatory"]]);
            assert.ok(result.stack.diagnostics[0].message.startsWith(`${pss.description}\nDeployment 'web' must satisfy PodSecurity`));
        });
    });
});
