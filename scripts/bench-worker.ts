/**
 * One measured hcb run in this process: prints {"ms", "maxRssKiB", "exit"} as its last line so
 * the bench reads the whole process's peak memory (process.resourceUsage) and time.
 */
import { main } from "../cli/main";

const started = Date.now();
main(process.argv.slice(2)).then(
    code => {
        process.stderr.write(`${JSON.stringify({ ms: Date.now() - started, maxRssKiB: process.resourceUsage().maxRSS, exit: code })}\n`);
        process.exit(0);
    },
    e => {
        process.stderr.write(`${JSON.stringify({ error: String(e) })}\n`);
        process.exit(1);
    },
);
