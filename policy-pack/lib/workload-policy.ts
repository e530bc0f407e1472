/**
 * The shape shared by the per-container workload policies: find the pod template of any workload
 * kind, walk every container (init, regular, ephemeral) and name the offenders in one message.
 */
import { CheckedResource, resourcePolicy, ResourcePolicyDefinition, subjectOf } from "./define";
import { ContainerRef, containersOf, quoteNames } from "./containers";
import { PodTemplate, isWorkloadType, podTemplateOf } from "./kubernetes-types";

export const WORKLOAD_TYPES = { matches: isWorkloadType, description: "Kubernetes workloads (Pod, PodTemplate and the workload controllers)" };

/** Runs `fn` on the pod template of a workload; no template (yet) means nothing to judge. */
export function onPodTemplate(resource: CheckedResource, fn: (template: PodTemplate) => string[]): string[] {
    const template = podTemplateOf(resource.type, resource.props);
    return template ? fn(template) : [];
}

export interface ContainerRule<C> {
    /** Completes "<Kind> 'x' must ..." */
    readonly must: string;
    /** Which containers the rule applies to; all by default. */
    readonly applies?: (c: ContainerRef) => boolean;
    /**
     * Why this container fails, or undefined when it complies: a phrase in the third person
     * singular ("has no image", "leaves it unset"), made plural when it names several containers.
     */
    readonly offence: (c: ContainerRef, config: C, template: PodTemplate) => string | undefined;
}

/** One message naming every offending container, with its reason when the reasons differ. */
export function checkContainers<C>(resource: CheckedResource, rule: ContainerRule<C>, config: C): string[] {
    return onPodTemplate(resource, template => {
        const offenders: { name: string; why: string }[] = [];
        for (const c of containersOf(template)) {
            if (rule.applies && !rule.applies(c)) {
                continue;
            }
            const why = rule.offence(c, config, template);
            if (why !== undefined) {
                offenders.push({ name: c.name, why });
            }
        }
        if (offenders.length === 0) {
            return [];
        }
        const reasons = new Set(offenders.map(o => o.why));
        const detail =
            reasons.size === 1
                ? offenders.length === 1
                    ? `container ${JSON.stringify(offenders[0].name)} ${offenders[0].why}`
                    : `containers ${quoteNames(offenders.map(o => o.name))} ${pluralPhrase(offenders[0].why)}`
                : offenders.map(o => `container ${JSON.stringify(o.name)} ${o.why}`).join("; ");
        return [`${subjectOf(resource)} must ${rule.must}: ${detail}.`];
    });
}

/** Third-person verbs the offences start with, and their plural. */
const PLURAL_VERBS: Readonly<Record<string, string>> = { has: "have", is: "are", leaves: "leave", sets: "set", uses: "use", runs: "run", does: "do", mounts: "mount" };

/** "has no image" → "have no image": the phrase agreeing with several containers. */
export function pluralPhrase(phrase: string): string {
    const space = phrase.indexOf(" ");
    const verb = space < 0 ? phrase : phrase.slice(0, space);
    const plural = PLURAL_VERBS[verb];
    return plural === undefined ? phrase : plural + phrase.slice(verb.length);
}

export function containerPolicy<C>(
    def: Omit<ResourcePolicyDefinition<C>, "types" | "check"> & { readonly rule: ContainerRule<C> },
) {
    return resourcePolicy<C>({
        ...def,
        types: WORKLOAD_TYPES,
        check: (resource, config) => checkContainers(resource, def.rule, config),
    });
}
