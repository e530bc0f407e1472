import * as assert from "node:assert/strict";
import { aksSubjectProblems } from "../../../components/azure";

describe("aksSubjectProblems", () => {
    const GROUP = "00000000-0000-0000-0000-00000000d001";

    it("accepts group object ids, and user object ids or principal names", () => {
        assert.deepEqual(
            aksSubjectProblems([
                { kind: "Group", name: GROUP, path: "g" },
                { kind: "User", name: "00000000-0000-0000-0000-00000000e001", path: "u" },
                { kind: "User", name: "aksdev@contoso.com", path: "v" },
            ]),
            [],
        );
    });

    it("refuses every name that binds nobody, with where it is and the fix", () => {
        const table: [string, "User" | "Group", RegExp][] = [
            ["oidc:shop-developers", "Group", /^`p` \("oidc:shop-developers"\) binds nobody on AKS: Entra ID names a group in RBAC by its object id \(a GUID\)\. Give `az ad group show/],
            ["shop-developers", "Group", /binds nobody on AKS: Entra ID names a group/],
            ["dev@contoso.com", "Group", /binds nobody on AKS: Entra ID names a group/],
            ["aksdev", "User", /binds nobody on AKS: Entra ID names a user by object id \(a GUID\) or user principal name/],
            [`${GROUP}x`, "Group", /binds nobody/],
        ];
        for (const [name, kind, expected] of table) {
            const problems = aksSubjectProblems([{ kind, name, path: "p" }]);
            assert.equal(problems.length, 1, name);
            assert.match(problems[0], expected, name);
        }
    });
});
