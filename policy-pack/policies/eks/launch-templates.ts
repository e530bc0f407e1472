/**
 * The launch templates of a stack that EKS managed node groups launch nodes from: those a node
 * group's `launchTemplate` was computed from, or names by a known id or name. The launch-template
 * policies judge only these: an unrelated template (an Ubuntu bastion booting from /dev/sda1) is no
 * EKS finding (issue 14).
 */
import type { PolicyResource } from "@pulumi/policy";
import { CheckedResource, ConfigProperties, HardenedPolicy, stackPolicy } from "../../lib/define";
import { Obj } from "../../lib/read";
import { AWS_TYPES, dependenciesThrough, knownString, peek } from "./common";

export function eksLaunchTemplateUrns(resources: readonly PolicyResource[]): ReadonlySet<string> {
    const urns = new Set<string>();
    const templates = resources.filter(r => r.type === AWS_TYPES.launchTemplate);
    for (const group of resources.filter(r => r.type === AWS_TYPES.nodeGroup)) {
        dependenciesThrough(group, "launchTemplate", AWS_TYPES.launchTemplate).forEach(t => urns.add(t.urn));
        const ref = peek(group.props as Obj, "launchTemplate");
        if (ref !== null && typeof ref === "object") {
            const name = knownString(ref as Obj, "name");
            if (name !== undefined) {
                templates.filter(t => knownString(t.props as Obj, "name") === name).forEach(t => urns.add(t.urn));
            }
        }
    }
    return urns;
}

/** A policy over the launch templates of EKS node groups, wrapping a per-template check. */
export function launchTemplatePolicy<C>(def: {
    readonly name: string;
    readonly control: string;
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly description: string;
    readonly config?: ConfigProperties;
    readonly also?: (type: string) => boolean;
    readonly check: (resource: CheckedResource, config: C) => readonly string[];
}): HardenedPolicy {
    return stackPolicy<C, ReadonlySet<string>>({
        name: def.name,
        control: def.control,
        enforcementLevel: def.enforcementLevel,
        description: def.description,
        ...(def.config ? { config: def.config } : {}),
        selects: type => type === AWS_TYPES.launchTemplate || (def.also?.(type) ?? false),
        context: resources => eksLaunchTemplateUrns(resources),
        check: (resource, templates, config) =>
            resource.type !== AWS_TYPES.launchTemplate || templates.has(resource.urn) ? def.check(resource, config) : [],
    });
}
