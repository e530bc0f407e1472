/**
 * Kubernetes manifests (YAML or JSON, multi-document, `List` kinds) as the resources the Pulumi
 * Kubernetes provider would register: the type token from apiVersion and kind, the object as
 * inputs and outputs, and a URN naming kind, namespace and name.
 */
import { kubernetesTypeToken } from "../../policy-pack/lib/kubernetes-types";
import { ParsedDocument } from "./parse";
import { InputError, SourcedResource } from "./source";

export const MANIFEST_STACK = "manifests";
const PROJECT = "hcb";

/** The URN hcb gives a manifest object: exemptions can name it. */
export function manifestUrn(type: string, namespace: string | undefined, name: string): string {
    return `urn:pulumi:${MANIFEST_STACK}::${PROJECT}::${type}::${namespace ? `${namespace}/` : ""}${name}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

interface Placed {
    readonly object: Record<string, unknown>;
    readonly line: number;
    readonly where: string;
}

/** Objects of the documents, List items expanded, each validated as a Kubernetes object. */
function objectsOf(file: string, docs: readonly ParsedDocument[]): Placed[] {
    const out: Placed[] = [];
    docs.forEach((doc, d) => {
        if (doc.value === null || doc.value === undefined) {
            return; // an empty document, e.g. a trailing `---`
        }
        const where = `document ${d + 1}`;
        if (!isObject(doc.value)) {
            throw new InputError(file, `${where} is not a Kubernetes object (a mapping with apiVersion and kind)`, doc.line);
        }
        const kind = doc.value["kind"];
        if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(doc.value["items"])) {
            doc.value["items"].forEach((item, i) => {
                const line = doc.itemLines?.[i] || doc.line;
                if (!isObject(item)) {
                    throw new InputError(file, `${where} item ${i + 1} is not a Kubernetes object`, line);
                }
                out.push({ object: item, line, where: `${where} item ${i + 1}` });
            });
            return;
        }
        out.push({ object: doc.value, line: doc.line, where });
    });
    return out;
}

export function manifestResources(file: string, docs: readonly ParsedDocument[], taken: Map<string, number>): SourcedResource[] {
    return objectsOf(file, docs).map((placed, index) => {
        const { object, line, where } = placed;
        const apiVersion = object["apiVersion"];
        const kind = object["kind"];
        if (typeof apiVersion !== "string" || apiVersion === "") {
            throw new InputError(file, `${where} has no \`apiVersion\` string: every Kubernetes object names its API version`, line);
        }
        if (typeof kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
            throw new InputError(file, `${where} has no valid \`kind\``, line);
        }
        const metadata = isObject(object["metadata"]) ? object["metadata"] : {};
        const rawName = metadata["name"] ?? metadata["generateName"];
        const name = typeof rawName === "string" && rawName !== "" ? rawName : `${kind.toLowerCase()}-${index + 1}`;
        const namespace = typeof metadata["namespace"] === "string" ? metadata["namespace"] : undefined;
        const type = kubernetesTypeToken(apiVersion, kind);
        let urn = manifestUrn(type, namespace, name);
        const seen = taken.get(urn) ?? 0;
        taken.set(urn, seen + 1);
        if (seen > 0) {
            // The same object twice (in two files, say): both are checked, under distinct URNs.
            urn = `${urn}#${seen + 1}`;
        }
        return {
            type,
            name: namespace ? `${namespace}/${name}` : name,
            urn,
            inputs: object,
            outputs: object,
            dependencies: [],
            propertyDependencies: {},
            source: file,
            index,
            line,
        };
    });
}
