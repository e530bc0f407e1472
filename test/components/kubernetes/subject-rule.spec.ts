import { strict as assert } from "node:assert";
import { aksSubjectProblems } from "../../../components/azure";
import { gkeSubjectProblems } from "../../../components/gcp/identities";
import { subjectProblem } from "../../../components/kubernetes/identities";

/** Names each cloud's validators must judge alike: one rule per cloud (subjectReason). */
const NAMES: readonly ["User" | "Group", string][] = [
    ["Group", "shop-developers@example.com"],
    ["Group", "devs@other.org"],
    ["Group", "oidc:shop-developers"],
    ["Group", "oidc:shop@example.com"],
    ["Group", "shop-developers"],
    ["Group", "00000000-0000-0000-0000-00000000d001"],
    ["User", "alice@example.com"],
    ["User", "ci@p-1.iam.gserviceaccount.com"],
    ["User", "oidc:alice"],
    ["User", "alice"],
    ["User", "00000000-0000-0000-0000-00000000e001"],
];

describe("one subject rule per cloud", () => {
    for (const securityGroup of ["gke-security-groups@example.com", undefined]) {
        it(`GKE: the baseline's check and gkeSubjectProblems refuse the same names (security group ${securityGroup ?? "unset"})`, () => {
            for (const [kind, name] of NAMES) {
                const baseline = subjectProblem(securityGroup ? { cloud: "gcp", securityGroup } : { cloud: "gcp" }, { kind, name });
                const component = gkeSubjectProblems(securityGroup ? { securityGroup } : {}, [{ kind, name, path: "p" }]);
                assert.equal(baseline !== undefined, component.length === 1, `${kind} ${name}: ${baseline} / ${component}`);
            }
        });
    }

    it("AKS: the baseline's check and aksSubjectProblems refuse the same names", () => {
        for (const [kind, name] of NAMES) {
            const baseline = subjectProblem({ cloud: "azure" }, { kind, name });
            const component = aksSubjectProblems([{ kind, name, path: "p" }]);
            assert.equal(baseline !== undefined, component.length === 1, `${kind} ${name}`);
        }
    });

    it("GKE: the baseline refuses a group outside the security group's domain (a security group holds groups of its own domain only)", () => {
        assert.match(
            subjectProblem({ cloud: "gcp", securityGroup: "gke-security-groups@example.com" }, { kind: "Group", name: "devs@other.org" }) ?? "",
            /^must be a group of example\.com, the domain of gke-security-groups@example\.com, not "devs@other\.org"/,
        );
        assert.equal(subjectProblem({ cloud: "gcp", securityGroup: "gke-security-groups@example.com" }, { kind: "User", name: "alice@other.org" }), undefined);
    });

    it("GKE: the baseline refuses an oidc:-prefixed name even when it looks like an email", () => {
        assert.match(subjectProblem({ cloud: "gcp", securityGroup: "gke-security-groups@example.com" }, { kind: "Group", name: "oidc:shop@example.com" }) ?? "", /must be a Google Group email/);
    });
});
