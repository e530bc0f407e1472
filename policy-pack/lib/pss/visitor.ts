/**
 * The one container walk every check uses. Mirrors upstream policy/visitor.go: init containers,
 * then containers, then ephemeral containers (upstream's doc comments list only the first two, but
 * the code visits all three).
 */
import { visitList } from "./read";

/** The container lists of a PodSpec, in the order upstream visits them. */
export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/**
 * Calls `visit` with each container of `spec` (raw, untrusted) and the list it came from. A list
 * of the wrong type is visited as one `INVALID` container, so every check fails it rather than
 * skipping it.
 */
export function visitContainers(spec: unknown, visit: (container: unknown, list: ContainerList) => void): void {
  for (const list of CONTAINER_LISTS) {
    visitList(spec, [list], (container) => visit(container, list));
  }
}
