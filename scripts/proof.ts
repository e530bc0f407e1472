/**
 * `npm run proof`: the three proofs at scale (issue 8).
 * 1. Secure by construction: random configurations of every component are refused up front or
 *    planned clean.
 * 2. Nothing weakened goes unnoticed: every property the pack reads, of every resource the
 *    example stacks register, mutated towards insecure values, is reported (or explained).
 * 3. Hostile input to hcb ends in exit 2 or a correct report, never a crash.
 * The last line reads `insecure-accepted=N crashes=N mutation-score=P%`.
 */
import { hardenedManifests, plannedStacks } from "./proof/corpus";
import { ControlScore, runMutations, scoreOf } from "./proof/mutation";

const SEED = Number(process.env.HCB_PROOF_SEED ?? 20261129);
const RUNS = Number(process.env.HCB_PROOF_RUNS ?? 2000);

function say(line: string): void {
    process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
    const started = Date.now();
    say(`hcb proof (seed ${SEED}, ${RUNS} runs per property)`);

    // 1. Secure by construction.
    const { runConstructionProof } = await import("./proof/construction");
    const construction = await runConstructionProof({ numRuns: RUNS, seed: SEED });
    say(`construction: ${construction.tried} configurations tried, ${construction.refused} refused up front, ${construction.acceptedClean} accepted and clean, ${construction.insecureAccepted} insecure accepted, ${construction.crashes} crashes`);
    for (const [component, c] of Object.entries(construction.byComponent ?? {})) {
        say(`  ${component}: ${JSON.stringify(c)}`);
    }

    // 2. Mutations over every example stack and the hardened manifests.
    const stacks = [hardenedManifests(), ...(await plannedStacks())];
    const total = new Map<string, ControlScore>();
    let tried = 0;
    let caught = 0;
    let explained = 0;
    const survivors: string[] = [];
    for (const stack of stacks) {
        const run = await runMutations(stack.resources);
        tried += run.outcomes.length;
        caught += run.outcomes.filter(o => o.caught).length;
        explained += run.outcomes.filter(o => !o.caught && o.explanation).length;
        for (const o of run.outcomes) {
            if (!o.caught && !o.explanation) survivors.push(`${stack.name}: ${o.type} ${o.mutation.describe}`);
        }
        for (const [control, s] of run.byControl) {
            const t = total.get(control) ?? { tried: 0, caught: 0, explained: 0, survivors: [] };
            t.tried += s.tried;
            t.caught += s.caught;
            t.explained += s.explained;
            t.survivors.push(...s.survivors);
            total.set(control, t);
        }
        say(`mutations over ${stack.name}: ${run.outcomes.length} tried`);
    }
    say(`mutations: ${tried} tried over ${stacks.length} stacks, ${caught} caught, ${explained} explained as no weakening, ${survivors.length} unexplained survivors`);
    for (const [control, s] of [...total].sort(([a], [b]) => a.localeCompare(b))) {
        say(`  ${control}: ${s.caught}/${s.tried - s.explained} caught (${s.explained} explained), score ${(100 * scoreOf(s)).toFixed(1)}%`);
    }
    for (const s of survivors.slice(0, 50)) {
        say(`  survivor: ${s}`);
    }

    // 3. Hostile input.
    const { runHostileProof } = await import("./proof/hostile");
    const hostile = await runHostileProof({ numRuns: RUNS, seed: SEED });
    say(`hostile input: ${hostile.tried} tried, ${hostile.exit2} refused with exit 2, ${hostile.reportCorrect} correct reports, ${hostile.cleanOnUnread} clean verdicts on unread input, ${hostile.crashes} crashes`);
    for (const [kind, c] of Object.entries(hostile.byKind ?? {})) {
        say(`  ${kind}: ${JSON.stringify(c)}`);
    }

    const relevant = tried - explained;
    const score = relevant === 0 ? 100 : (100 * caught) / relevant;
    say(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    say(`insecure-accepted=${construction.insecureAccepted} crashes=${construction.crashes + hostile.crashes} mutation-score=${score.toFixed(1)}%`);
    process.exitCode = construction.insecureAccepted + construction.crashes + hostile.crashes + survivors.length > 0 ? 1 : 0;
}

main().catch(e => {
    process.stderr.write(`proof failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
});
