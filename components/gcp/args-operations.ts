/**
 * GkeCluster arguments about running the cluster rather than hardening it: the maintenance policy,
 * the control-plane-to-node ports webhooks need on a private cluster, and a Shared VPC host
 * project. Each is resolved here, with its problems named, so args.ts stays the list of arguments.
 */
import { Reader } from "./args-reader";

/** A recurring window when GKE may upgrade and repair (RFC 3339 times in UTC, RFC 5545 RRULE). */
export interface GkeMaintenanceWindow {
    /** The first window's start, e.g. "2025-01-04T02:00:00Z". */
    readonly startTime: string;
    /** The first window's end: the window lasts `endTime - startTime`, at least 4 hours. */
    readonly endTime: string;
    /** How it repeats, e.g. "FREQ=WEEKLY;BYDAY=SA,SU". */
    readonly recurrence: string;
}

/** A one-off period when GKE must not upgrade (a sales event, a freeze). */
export interface GkeMaintenanceExclusion {
    readonly name: string;
    readonly startTime: string;
    readonly endTime: string;
    /** What is excluded. @default "NO_UPGRADES" (GKE's widest scope, limited to 30 days). */
    readonly scope?: "NO_UPGRADES" | "NO_MINOR_UPGRADES" | "NO_MINOR_OR_NODE_UPGRADES";
}

/**
 * The default window: Saturdays and Sundays, 02:00-10:00 UTC. GKE needs at least 48 hours of
 * maintenance availability in any rolling 32 days, in windows of 4 contiguous hours or more
 * (cloud.google.com/kubernetes-engine/docs/how-to/maintenance-windows-and-exclusions, "Considerations
 * when configuring a maintenance window"); two 8-hour windows a week give 64 hours in the worst
 * 32 days, at weekend night hours in Europe. 2025-01-04 is a Saturday.
 */
export const GKE_DEFAULT_MAINTENANCE_WINDOW: GkeMaintenanceWindow = {
    startTime: "2025-01-04T02:00:00Z",
    endTime: "2025-01-04T10:00:00Z",
    recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
};

/**
 * Webhook ports of the in-cluster add-ons the API server must reach on a private cluster. GKE's
 * own firewall rule admits the control plane to nodes on 443 and 10250 only (Cloud Service Mesh
 * "Open ports on a private cluster": port 15017 needs its own rule); Kyverno serves its admission
 * and cleanup webhooks on 9443 (components/kubernetes/addons/image-verification.ts). The External
 * Secrets webhook listens on 10250, which GKE's rule already admits.
 */
export const GKE_ADDON_WEBHOOK_PORTS = { imageVerification: 9443, meshMtls: 15017 } as const;

/**
 * The webhook ports a baseline (the `hcb:baseline` object) turns on, for `webhookPorts`: the
 * in-cluster layer owns the add-ons, the cluster owns the firewall, and this joins the two.
 */
export function gkeWebhookPortsFor(baseline: Readonly<Record<string, unknown>> | undefined): number[] {
    const ports: number[] = [];
    if (baseline?.["imageVerification"] !== undefined) {
        ports.push(GKE_ADDON_WEBHOOK_PORTS.imageVerification);
    }
    const mesh = baseline?.["meshMtls"] as Readonly<Record<string, unknown>> | undefined;
    if (mesh !== undefined && (mesh["mesh"] ?? "istio") === "istio") {
        ports.push(GKE_ADDON_WEBHOOK_PORTS.meshMtls);
    }
    return ports;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RRULE = /^FREQ=(DAILY|WEEKLY)(;BYDAY=(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*)?$/;
const EXCLUSION_SCOPES = ["NO_UPGRADES", "NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES"] as const;
const HOUR = 3600_000;

function time(r: Reader, v: unknown, path: string): number | undefined {
    const s = r.str(v, path, RFC3339, 'an RFC 3339 time in UTC such as "2025-01-04T02:00:00Z"');
    return s === undefined ? undefined : Date.parse(s);
}

export function resolveMaintenanceWindow(r: Reader, value: unknown): GkeMaintenanceWindow {
    const o = r.object(value, "maintenanceWindow", ["startTime", "endTime", "recurrence"]);
    if (!o) {
        return GKE_DEFAULT_MAINTENANCE_WINDOW;
    }
    for (const k of ["startTime", "endTime", "recurrence"]) {
        if (o[k] === undefined) {
            r.problems.add(`\`maintenanceWindow.${k}\` is required when \`maintenanceWindow\` is set.`);
        }
    }
    const start = time(r, o["startTime"], "maintenanceWindow.startTime");
    const end = time(r, o["endTime"], "maintenanceWindow.endTime");
    const recurrence = r.str(o["recurrence"], "maintenanceWindow.recurrence", RRULE, 'an RRULE such as "FREQ=WEEKLY;BYDAY=SA,SU" or "FREQ=DAILY"');
    if (start !== undefined && end !== undefined && !(end - start >= 4 * HOUR && end - start < 24 * HOUR)) {
        r.problems.add(
            "`maintenanceWindow` must last from 4 to 24 hours (`endTime` minus `startTime`): GKE counts only windows of 4 contiguous hours towards the 48 hours in 32 days it needs.",
        );
    }
    if (recurrence !== undefined && start !== undefined && end !== undefined) {
        const days = /BYDAY=([A-Z,]+)/.exec(recurrence)?.[1].split(",").length ?? 7;
        // Hours a week, times the 4 whole weeks every 32 days holds: GKE's 48-hour minimum.
        if ((days * (end - start) * 4) / HOUR < 48) {
            r.problems.add(`\`maintenanceWindow\` must allow at least 48 hours of maintenance in any 32 days (GKE's minimum); "${recurrence}" for ${(end - start) / HOUR} hours gives less. Add days or hours.`);
        }
    }
    return { startTime: o["startTime"] as string, endTime: o["endTime"] as string, recurrence: recurrence ?? GKE_DEFAULT_MAINTENANCE_WINDOW.recurrence };
}

export function resolveMaintenanceExclusions(r: Reader, value: unknown): readonly GkeMaintenanceExclusion[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        r.problems.add("`maintenanceExclusions` must be a list of `{ name, startTime, endTime, scope }`.");
        return [];
    }
    return value.flatMap((entry, i) => {
        const path = `maintenanceExclusions[${i}]`;
        const o = r.object(entry, path, ["name", "startTime", "endTime", "scope"]);
        if (!o) {
            return [];
        }
        const name = r.str(o["name"], `${path}.name`, /^[a-z0-9][-a-z0-9]{0,62}$/, "a name of lower-case letters, digits and '-'");
        const start = time(r, o["startTime"], `${path}.startTime`);
        const end = time(r, o["endTime"], `${path}.endTime`);
        if (name === undefined || start === undefined || end === undefined) {
            if (o["name"] === undefined || o["startTime"] === undefined || o["endTime"] === undefined) {
                r.problems.add(`\`${path}\` needs \`name\`, \`startTime\` and \`endTime\`.`);
            }
            return [];
        }
        const scope = (o["scope"] ?? "NO_UPGRADES") as GkeMaintenanceExclusion["scope"];
        if (!EXCLUSION_SCOPES.includes(scope as (typeof EXCLUSION_SCOPES)[number])) {
            r.problems.add(`\`${path}.scope\` must be one of ${EXCLUSION_SCOPES.join(", ")}, not ${JSON.stringify(o["scope"])}.`);
        }
        // GKE limits a NO_UPGRADES exclusion to 30 days (maintenance-windows-and-exclusions, "Scope of upgrades").
        if (end <= start || (scope === "NO_UPGRADES" && end - start > 30 * 24 * HOUR)) {
            r.problems.add(`\`${path}\` must end after it starts, and a NO_UPGRADES exclusion lasts 30 days at most: security patches wait while it holds.`);
        }
        return [{ name, startTime: o["startTime"] as string, endTime: o["endTime"] as string, scope }];
    });
}

export function resolveWebhookPorts(r: Reader, value: unknown): readonly number[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        r.problems.add("`webhookPorts` must be a list of TCP ports, such as [9443, 15017].");
        return [];
    }
    const ports = value.map((p, i) => r.int(p, `webhookPorts[${i}]`, 0, 1, 65535)).filter(p => p > 0);
    return [...new Set(ports)].sort((a, b) => a - b);
}

/** The project of a `projects/<p>/...` path (a Shared VPC network or subnetwork), if it names one. */
export function projectOfPath(path: string): string | undefined {
    return /^(?:https:\/\/www\.googleapis\.com\/compute\/v1\/)?projects\/([^/]+)\//.exec(path)?.[1];
}

/** `projects/<p>/regions/<r>/subnetworks/<s>` → its parts, for a subnetwork IAM grant. */
export function subnetworkParts(path: string): { project: string; region: string; name: string } | undefined {
    const m = /projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/]+)$/.exec(path);
    return m ? { project: m[1], region: m[2], name: m[3] } : undefined;
}


/** The first and last address of an IPv4 CIDR, as numbers. */
export function ipv4Range(cidr: string): readonly [number, number] {
    const [ip, bits] = cidr.split("/");
    const base = ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(bits));
    const start = base - (base % size);
    return [start, start + size - 1];
}

export function overlaps(a: string, b: string): boolean {
    const [a0, a1] = ipv4Range(a);
    const [b0, b1] = ipv4Range(b);
    return a0 <= b1 && b0 <= a1;
}

/** RFC 1918 ranges: the only ones GKE's private control-plane range may use. */
const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

export function isRfc1918(cidr: string): boolean {
    const [s, e] = ipv4Range(cidr);
    return RFC1918.some(r => {
        const [rs, re] = ipv4Range(r);
        return s >= rs && e <= re;
    });
}
