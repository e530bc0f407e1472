/** `hcb policies`: the controls of the catalogue and the policies that enforce them. */
import { CONTROLS } from "../../components/controls";
import { POLICIES } from "../../policy-pack/policies";

export function listPolicies(): number {
    const byName = new Map(POLICIES.map(p => [p.name, p]));
    const lines: string[] = [];
    for (const c of CONTROLS) {
        lines.push(`${c.id}  [${c.severity}]  ${c.title}`);
        for (const name of c.policies) {
            const p = byName.get(name);
            lines.push(`    ${name}  (${p?.enforcementLevel ?? "missing"}${p && "validateStack" in p ? ", stack" : ""})`);
        }
    }
    lines.push(`${CONTROLS.length} controls, ${POLICIES.length} policies`);
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
}
