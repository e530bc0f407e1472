/**
 * Policy-pack exemptions that a component needs by design, in the shape of the pack's
 * `exemptions` config (policy-pack/lib/exemptions.ts). A component never hides a weakening: it
 * registers what the pack reports, and hands over the exemption, with its justification, for the
 * user to put in the pack config, where it is reviewed and reported as "exempted".
 */
export interface PackExemption {
    /** The policy the exemption covers. */
    readonly policy: string;
    /** The Pulumi resource name the exemption matches (stable: our objects are named explicitly). */
    readonly name: string;
    /** At least 20 characters: why the weaker object is needed. */
    readonly justification: string;
}

/**
 * Pack config (`--policy-pack-config`) recording the exemptions: each policy gets
 * `{ exemptions: [{ name, policies, justification }] }`. Merge it into the stack's pack config.
 */
export function packConfigOf(exemptions: readonly PackExemption[]): Record<string, { exemptions: { name: string; policies: string[]; justification: string }[] }> {
    const out: Record<string, { exemptions: { name: string; policies: string[]; justification: string }[] }> = {};
    for (const e of exemptions) {
        (out[e.policy] ??= { exemptions: [] }).exemptions.push({ name: e.name, policies: [e.policy], justification: e.justification });
    }
    return out;
}
