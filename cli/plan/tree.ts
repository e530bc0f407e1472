/** The resource tree of a planned stack, as `pulumi preview` draws it. */
import { RecordedResource } from "./mock-runtime";

export function renderTree(resources: readonly RecordedResource[]): string {
    const children = new Map<string, RecordedResource[]>();
    const roots: RecordedResource[] = [];
    const urns = new Set(resources.map(r => r.urn));
    for (const r of resources) {
        if (r.parent && urns.has(r.parent)) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        } else {
            roots.push(r);
        }
    }
    const lines: string[] = [];
    const walk = (r: RecordedResource, prefix: string, last: boolean, root: boolean) => {
        lines.push(`${root ? "" : `${prefix}${last ? "└─ " : "├─ "}`}${r.type}  ${r.name}`);
        const kids = children.get(r.urn) ?? [];
        kids.forEach((k, i) => walk(k, root ? "" : `${prefix}${last ? "   " : "│  "}`, i === kids.length - 1, false));
    };
    roots.forEach(r => walk(r, "", true, true));
    return `${lines.join("\n")}\n`;
}
