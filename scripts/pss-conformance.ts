/**
 * Conformance of policy-pack/lib/pss against upstream's generated fixtures.
 *
 * kubernetes/pod-security-admission generates test/testdata/<level>/v1.<N>/{pass,fail}/*.yaml from
 * test/fixtures*.go: for each level and version, a minimal valid pod (`base*.yaml`) and, for every
 * check in force there, pods that must pass and pods that must fail. Each file is named after the
 * check it exercises (lower-cased ID plus an index).
 *
 * Usage: npx ts-node scripts/pss-conformance.ts <testdata-dir> [--verbose]
 * where <testdata-dir> contains baseline/ and restricted/ (extract it outside this repository).
 *
 * Prints the total, agreed and disagreed counts (per level too) and lists each disagreement. A
 * fail fixture also counts as "attributed" when one of the failing checks is the check the
 * fixture is named after, or a restricted check that overrides it. Exits 1 on any disagreement.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CHECKS, Level, evaluatePod, formatDenial, parseLevel, v1 } from "../policy-pack/lib/pss";

export interface Outcome {
  readonly file: string;
  readonly level: Level;
  readonly minor: number;
  readonly expected: "pass" | "fail";
  readonly agreed: boolean;
  readonly attributed: boolean;
  readonly message: string;
}

/** Check IDs a fixture's failure may be attributed to, keyed by the lower-cased fixture prefix. */
function attributionTable(): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  for (const check of CHECKS) table.set(check.id.toLowerCase(), new Set([check.id]));
  for (const check of CHECKS) {
    for (const overridden of check.overrides ?? []) table.get(overridden.toLowerCase())?.add(check.id);
  }
  return table;
}

function listDirs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory()) : [];
}

export function run(root: string): Outcome[] {
  const attribution = attributionTable();
  const outcomes: Outcome[] = [];
  for (const levelDir of listDirs(root).sort()) {
    const level = parseLevel(levelDir);
    if (level === undefined) continue;
    for (const versionDir of listDirs(path.join(root, levelDir))) {
      const match = /^v1\.(\d+)$/.exec(versionDir);
      if (match === null) continue;
      const minor = Number(match[1]);
      for (const expected of ["pass", "fail"] as const) {
        const dir = path.join(root, levelDir, versionDir, expected);
        if (!fs.existsSync(dir)) continue;
        for (const name of fs.readdirSync(dir).filter((file) => file.endsWith(".yaml")).sort()) {
          const file = path.join(levelDir, versionDir, expected, name);
          const pod: unknown = parse(fs.readFileSync(path.join(dir, name), "utf8"));
          const doc = (typeof pod === "object" && pod !== null ? pod : {}) as { metadata?: unknown; spec?: unknown };
          const result = evaluatePod(level, v1(minor), doc.metadata, doc.spec);
          const agreed = result.allowed === (expected === "pass");
          const prefix = name.replace(/\d*\.yaml$/, "");
          const candidates = attribution.get(prefix);
          const attributed =
            expected === "fail" && candidates !== undefined && result.failures.some((failure) => candidates.has(failure.id));
          const message = result.allowed ? "allowed" : formatDenial(level, v1(minor), result.failures);
          outcomes.push({ file, level, minor, expected, agreed, attributed, message });
        }
      }
    }
  }
  return outcomes.sort((a, b) => a.level.localeCompare(b.level) || a.minor - b.minor || a.file.localeCompare(b.file));
}

/** One entry of the fixtures' INDEX.json (see ../shared/pss-fixtures/README.md). */
export interface IndexEntry {
  readonly file: string;
  readonly level: string;
  readonly version: string;
  readonly expect: "pass" | "fail";
  readonly expectErrorSubstring?: string;
  readonly rejectedBy?: readonly string[];
}

/** How one indexed fixture fared: the problem, or undefined when it agrees in verdict, message and checks. */
export interface IndexedOutcome {
  readonly file: string;
  readonly problem: string | undefined;
}

/**
 * Judges every fixture of an INDEX.json at its own level and version (upstream asserts nothing
 * about other versions). A pass fixture must be allowed; a fail fixture must be denied with a
 * message holding upstream's `expectErrorSubstring`, by exactly the checks of `rejectedBy`.
 */
export function judgeIndexed(fixturesDir: string): IndexedOutcome[] {
  const entries = JSON.parse(fs.readFileSync(path.join(fixturesDir, "INDEX.json"), "utf8")) as IndexEntry[];
  return entries.map((entry) => {
    const level = parseLevel(entry.level);
    const match = /^v1\.(\d+)$/.exec(entry.version);
    if (level === undefined || match === null) {
      return { file: entry.file, problem: `unreadable level or version ${entry.level} ${entry.version}` };
    }
    const version = v1(Number(match[1]));
    const pod: unknown = parse(fs.readFileSync(path.join(fixturesDir, entry.file), "utf8"));
    const doc = (typeof pod === "object" && pod !== null ? pod : {}) as { metadata?: unknown; spec?: unknown };
    const result = evaluatePod(level, version, doc.metadata, doc.spec);
    if (entry.expect === "pass") {
      return { file: entry.file, problem: result.allowed ? undefined : `expected pass, got ${formatDenial(level, version, result.failures)}` };
    }
    if (result.allowed) {
      return { file: entry.file, problem: "expected fail, got allowed" };
    }
    const message = formatDenial(level, version, result.failures);
    const ids = result.failures.map((f) => f.id).join(",");
    const expectedIds = (entry.rejectedBy ?? []).join(",");
    if (entry.expectErrorSubstring !== undefined && !message.includes(entry.expectErrorSubstring)) {
      return { file: entry.file, problem: `message lacks ${JSON.stringify(entry.expectErrorSubstring)}: ${message}` };
    }
    if (message.includes("unknown forbidden reason")) {
      return { file: entry.file, problem: `message holds "unknown forbidden reason": ${message}` };
    }
    return { file: entry.file, problem: ids === expectedIds ? undefined : `denied by ${ids}, upstream by ${expectedIds}` };
  });
}

function main(args: readonly string[]): number {
  const root = args.find((arg) => !arg.startsWith("--"));
  const verbose = args.includes("--verbose");
  if (root === undefined) {
    console.error("Usage: pss-conformance <testdata-dir> [--verbose]: the directory holding baseline/ and restricted/.");
    return 2;
  }
  const outcomes = run(root);
  if (outcomes.length === 0) {
    console.error(`No fixtures found under ${root}: expected <level>/v1.<N>/{pass,fail}/*.yaml.`);
    return 2;
  }
  for (const level of ["baseline", "restricted"] as const) {
    const mine = outcomes.filter((outcome) => outcome.level === level);
    const versions = new Set(mine.map((outcome) => outcome.minor));
    const fails = mine.filter((outcome) => outcome.expected === "fail");
    console.log(
      `${level}: ${mine.length} fixtures over ${versions.size} versions ` +
        `(${mine.length - fails.length} pass, ${fails.length} fail), ` +
        `agreed ${mine.filter((outcome) => outcome.agreed).length}, ` +
        `disagreed ${mine.filter((outcome) => !outcome.agreed).length}, ` +
        `fail fixtures attributed to their check ${fails.filter((outcome) => outcome.attributed).length}/${fails.length}`,
    );
  }
  const disagreed = outcomes.filter((outcome) => !outcome.agreed);
  const unattributed = outcomes.filter((outcome) => outcome.expected === "fail" && outcome.agreed && !outcome.attributed);
  console.log(`total: ${outcomes.length}`);
  console.log(`agreed: ${outcomes.length - disagreed.length}`);
  console.log(`disagreed: ${disagreed.length}`);
  for (const outcome of disagreed) console.log(`  DISAGREE ${outcome.file}: expected ${outcome.expected}, got ${outcome.message}`);
  for (const outcome of unattributed) console.log(`  UNATTRIBUTED ${outcome.file}: ${outcome.message}`);
  if (verbose) for (const outcome of outcomes) console.log(`  ${outcome.file}: ${outcome.message}`);
  return disagreed.length === 0 ? 0 : 1;
}

// Run as a script; imported (by the spec), only `run` and `judgeIndexed` are used.
if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
