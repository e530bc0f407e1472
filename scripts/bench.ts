/**
 * `npm run bench`: speed and memory of the offline engine, measured in one run on this machine and
 * printed as ratios. Targets (issue 3): plan within 2x the floor `node -e "require('@pulumi/pulumi')"`;
 * check at 100,000 resources under 30 s and 1 GiB; linear growth; the protocol path beside it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const SIZES = (process.env.HCB_BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
/**
 * Another built checkout (its dist/ and policy-pack/dist/), e.g. the commit before a speed-up: its
 * protocol path is run on the same workloads right after this one's, so that the ratio between
 * the two holds on a loaded machine where absolute rates do not.
 */
const BASELINE = process.env.HCB_BENCH_BASELINE;
const PER_FILE = 1000;
/** The protocol path's rate at 10,000 workloads reported in issue 12 (before its work). */
const GRPC_REFERENCE_RATE = 160;

interface Run {
    wallMs: number;
    ms: number;
    maxRssKiB: number;
    exit: number;
}

function timeCommand(args: string[]): number {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    if (r.status !== 0) {
        throw new Error(`${args.join(" ")} exited ${r.status}`);
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

/** Runs hcb in a fresh process through the worker; the wall time includes start-up. */
function hcbRun(args: string[], root = ROOT): Run {
    const started = process.hrtime.bigint();
    const worker = path.join(root, "dist", "scripts", "bench-worker.js");
    const r = spawnSync(process.execPath, [worker, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const last = r.stderr.trim().split("\n").pop() ?? "";
    const parsed = JSON.parse(last) as { ms: number; maxRssKiB: number; exit: number; error?: string };
    if (parsed.error || parsed.exit === 2) {
        throw new Error(`hcb ${args.join(" ")} failed: ${r.stderr}`);
    }
    return { wallMs, ms: parsed.ms, maxRssKiB: parsed.maxRssKiB, exit: parsed.exit };
}

const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"] as const;

/** A workload manifest; one in ten weakens one control, so reports are not trivially empty. */
function workload(i: number): string {
    const kind = KINDS[i % KINDS.length];
    const weak = i % 10 === 0;
    const pod = `      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: ghcr.io/acme/app-${i}@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        ports: [{containerPort: 8080}]
        securityContext:
          allowPrivilegeEscalation: ${weak}
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
        resources:
          limits: {cpu: 500m, memory: 256Mi}
`;
    const meta = `metadata:\n  name: app-${i}\n  namespace: team-${i % 100}\n  labels: {app: app-${i}}\n`;
    const indent = (text: string, by: string) => text.split("\n").map(l => (l ? by + l : l)).join("\n");
    switch (kind) {
        case "Pod":
            return `apiVersion: v1\nkind: Pod\n${meta}spec:\n${indent(pod, "").replace(/^ {6}/gm, "  ")}`;
        case "Job":
            return `apiVersion: batch/v1\nkind: Job\n${meta}spec:\n  template:\n    spec:\n      restartPolicy: Never\n${pod}`;
        case "CronJob":
            return `apiVersion: batch/v1\nkind: CronJob\n${meta}spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n${indent(pod, "    ")}`;
        default:
            return `apiVersion: apps/v1\nkind: ${kind}\n${meta}spec:\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n${pod}`;
    }
}

function generate(count: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hcb-bench-${count}-`));
    for (let f = 0; f * PER_FILE < count; f++) {
        const docs: string[] = [];
        for (let i = f * PER_FILE; i < Math.min(count, (f + 1) * PER_FILE); i++) {
            docs.push(workload(i));
        }
        fs.writeFileSync(path.join(dir, `workloads-${String(f).padStart(4, "0")}.yaml`), docs.join("---\n"));
    }
    return dir;
}

function mib(kib: number): string {
    return `${(kib / 1024).toFixed(0)} MiB`;
}

function main(): void {
    const lines: string[] = [];
    const say = (line: string) => {
        lines.push(line);
        process.stdout.write(`${line}\n`);
    };
    say(`hcb bench on ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);

    const floor = median([0, 1, 2].map(() => timeCommand(["-e", "require('@pulumi/pulumi')"])));
    const stacks = fs.readdirSync(path.join(ROOT, "stacks")).map(f => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean) as string[];
    const stack = stacks.includes("eks") ? "eks" : stacks[0];
    if (stack) {
        const plan = [0, 1, 2].map(() => hcbRun(["plan", "--stack", stack, "--format", "json", "--out", "/dev/null"]));
        const planMs = median(plan.map(p => p.wallMs));
        say(`plan --stack ${stack}: ${(planMs / 1000).toFixed(2)} s whole process; floor require('@pulumi/pulumi'): ${(floor / 1000).toFixed(2)} s; ratio ${(planMs / floor).toFixed(2)}x (target <= 2x); peak ${mib(Math.max(...plan.map(p => p.maxRssKiB)))}`);
    }

    const perSize: { n: number; run: Run }[] = [];
    for (const n of SIZES) {
        const dir = generate(n);
        try {
            const run = hcbRun(["check", dir, "--format", "json", "--out", "/dev/null"]);
            perSize.push({ n, run });
            say(`check ${n.toLocaleString("en")} workloads (in process): ${(run.wallMs / 1000).toFixed(2)} s, ${Math.round(n / (run.wallMs / 1000)).toLocaleString("en")} resources/s, peak ${mib(run.maxRssKiB)}`);
            if (n <= 10_000) {
                const grpc = hcbRun(["check", dir, "--format", "json", "--out", "/dev/null", "--engine", "grpc"]);
                const rate = n / (grpc.wallMs / 1000);
                say(
                    `check ${n.toLocaleString("en")} workloads (protocol path): ${(grpc.wallMs / 1000).toFixed(2)} s, ${Math.round(rate).toLocaleString("en")} resources/s; ` +
                        `ratio to in process ${(run.wallMs / grpc.wallMs).toFixed(3)} (in process is ${(grpc.wallMs / run.wallMs).toFixed(1)}x faster); ` +
                        `ratio to the issue's figure (${GRPC_REFERENCE_RATE} resources/s at 10,000 on an idle machine) ${(rate / GRPC_REFERENCE_RATE).toFixed(2)}x (target >= 3x; compare on an idle machine, load average above)`,
                );
                if (BASELINE) {
                    const base = hcbRun(["check", dir, "--format", "json", "--out", "/dev/null", "--engine", "grpc"], path.resolve(BASELINE));
                    say(
                        `check ${n.toLocaleString("en")} workloads (protocol path) with ${BASELINE}: ${(base.wallMs / 1000).toFixed(2)} s, ${Math.round(n / (base.wallMs / 1000)).toLocaleString("en")} resources/s; ` +
                            `this checkout is ${(base.wallMs / grpc.wallMs).toFixed(2)}x as fast (load average now ${os.loadavg()[0].toFixed(2)})`,
                    );
                }
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    for (let i = 1; i < perSize.length; i++) {
        const a = perSize[i - 1];
        const b = perSize[i];
        say(`growth ${a.n.toLocaleString("en")} -> ${b.n.toLocaleString("en")}: time x${(b.run.wallMs / a.run.wallMs).toFixed(1)} for size x${(b.n / a.n).toFixed(0)}`);
    }
    const largest = perSize.find(p => p.n === 100_000);
    if (largest) {
        say(`100,000 target (< 30 s, < 1 GiB): ${largest.run.wallMs < 30_000 && largest.run.maxRssKiB < 1024 * 1024 ? "met" : "NOT met"}`);
    }
    const tenK = perSize.find(p => p.n === 10_000);
    if (tenK) {
        const rate = 10_000 / (tenK.run.wallMs / 1000);
        const dir = generate(10_000);
        try {
            const started = process.hrtime.bigint();
            const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "scripts", "bench-peer.js"), dir], { cwd: ROOT, encoding: "utf8" });
            const peerMs = Number(process.hrtime.bigint() - started) / 1e6;
            const peer = JSON.parse(r.stderr.trim().split("\n").pop() ?? "{}") as { resources?: number };
            const peerRate = (peer.resources ?? 0) / (peerMs / 1000);
            say(`peer kubernetes-models (schema validation only), 10,000 workloads as a whole process: ${(peerMs / 1000).toFixed(2)} s, ${Math.round(peerRate).toLocaleString("en")} resources/s; hcb is ${(rate / peerRate).toFixed(1)}x (target >= 3x)`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        say(`against the reference figure for the peer in the issue (about 700 pods/s on 10,000 pods): ${(rate / 700).toFixed(1)}x`);
    }
}

main();
