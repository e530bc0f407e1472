import { PodTemplate } from "./kubernetes-types";
// One list of container fields for the whole pack: the Pod Security checks' (upstream visitContainers).
import { CONTAINER_LISTS, ContainerList } from "./pss/visitor";
import { Obj, optArray, optObject, optString } from "./read";

export interface ContainerRef {
    readonly container: Obj;
    readonly list: ContainerList;
    /** Property path of the container, e.g. `spec.template.spec.initContainers[0]`. */
    readonly path: string;
    /** The container's name, or `#<index>` when it has none. */
    readonly name: string;
}

/** Every container of a pod template: init, regular and ephemeral, in that order. */
export function containersOf(template: PodTemplate): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const list of CONTAINER_LISTS) {
        const listPath = `${template.specPath}.${list}`;
        optArray(template.spec[list], listPath).forEach((entry, i) => {
            const path = `${listPath}[${i}]`;
            const container = optObject(entry, path) ?? {};
            const name = optString(container["name"], `${path}.name`) ?? `#${i}`;
            out.push({ container, list, path, name });
        });
    }
    return out;
}

/** `containers "a", "b"` in the style of the Pod Security messages. */
export function quoteNames(names: readonly string[]): string {
    return names.map(n => JSON.stringify(n)).join(", ");
}
