/**
 * The argument space of GkeCluster (components/gcp/args.ts, still being finished: the fields here
 * follow its current GkeClusterArgs; adjust this one file when it changes).
 */
import fc from "fast-check";
import { resolveGkeArgs } from "../../../components/gcp";
import { argsRecord, badCidrs, field, inModes, ipv4Cidr, optionalRecord, resolves } from "./common";

function build() {
    const slash28 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 })).map(([b, c]) => `172.16.${b}.${c * 16}/28`);

    const gkeClusterArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord(
        { location: field(fc.constantFrom("europe-west1", "europe-west1-b", "us-central1"), ["", "Europe", "europe-west"]) },
        {
            project: field(fc.constantFrom("hcb-project", "my-project-123"), ["P", "a", "project_with_underscore"]),
            releaseChannel: field(fc.constantFrom("RAPID", "REGULAR", "STABLE", "EXTENDED"), ["UNSPECIFIED", "regular", ""]),
            kubernetesVersion: field(fc.constantFrom("1.33", "1.33.2-gke.100"), ["latest", "v1.33"]),
            network: field(
                optionalRecord({
                    nodesCidr: field(fc.constant("10.0.0.0/20"), badCidrs.slice(0, 3)),
                    podsCidr: field(fc.constant("10.16.0.0/14"), ["fd00::/64"]),
                    servicesCidr: field(fc.constant("10.20.0.0/20")),
                    cloudNat: field(fc.boolean()),
                }),
            ),
            existingNetwork: field(
                optionalRecord({
                    network: field(fc.constant("vpc"), [""]),
                    subnetwork: field(fc.constant("nodes"), [""]),
                    podsRangeName: field(fc.constant("pods"), [""]),
                    servicesRangeName: field(fc.constant("services"), [""]),
                    grantHostProjectRoles: field(fc.boolean()),
                }),
            ),
            masterIpv4CidrBlock: field(slash28, ["172.16.0.0/24", "172.16.0.0/29", "0.0.0.0/0"]),
            masterAuthorizedNetworks: field(
                fc.array(fc.record({ cidrBlock: field(ipv4Cidr, ["0.0.0.0/0", "10.0.0.0/0", "fd00::/8", ""]), displayName: field(fc.constant("office"), [""]) }, { requiredKeys: ["cidrBlock"] }), { maxLength: 2 }),
            ),
            masterGlobalAccess: field(fc.boolean()),
            dnsEndpoint: field(fc.boolean()),
            ipEndpoints: field(fc.boolean(), ["no"]),
            enableApis: field(fc.boolean()),
            webhookPorts: field(fc.array(fc.constantFrom(9443, 15017, 8443), { maxLength: 2 }), [[0], "9443"]),
            intranodeVisibility: field(fc.boolean()),
            bootDiskKmsKey: field(fc.constant("projects/k/locations/europe-west1/keyRings/r/cryptoKeys/disks"), ["disks", "projects/k/locations/us-east1/keyRings/r/cryptoKeys/d"]),
            maintenanceWindow: field(
                fc.constant({ startTime: "2025-01-04T02:00:00Z", endTime: "2025-01-04T10:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" }),
                [{ startTime: "2025-01-04T02:00:00Z", endTime: "2025-01-04T03:00:00Z", recurrence: "FREQ=DAILY" }],
            ),
            allowPublicEndpoint: field(fc.boolean()),
            secretsKey: field(fc.constantFrom("projects/k/locations/europe-west1/keyRings/r/cryptoKeys/k", "projects/k/locations/us-central1/keyRings/r/cryptoKeys/k"), ["projects/k/keyRings/r", ""]),
            keyRotationPeriod: field(fc.integer({ min: 1, max: 90 }).map(d => `${d * 86400}s`), ["86399s", "7776001s", "90d", "0s"]),
            grantKeyToServiceAgent: field(fc.boolean()),
            nodeServiceAccount: field(fc.constant("nodes@hcb-project.iam.gserviceaccount.com"), ["123-compute@developer.gserviceaccount.com", "not-an-email"]),
            nodePools: field(
                fc.array(
                    fc.record(
                        {
                            name: field(fc.constantFrom("general", "batch", "gpu-pool"), ["", "General", "a".repeat(31)]),
                            machineType: field(fc.constantFrom("e2-standard-4", "n2-standard-8"), ["E2", ""]),
                            minNodes: field(fc.integer({ min: 0, max: 3 }), [-1]),
                            maxNodes: field(fc.integer({ min: 1, max: 10 }), [0]),
                            diskSizeGb: field(fc.integer({ min: 10, max: 500 }), [9]),
                            spot: field(fc.boolean()),
                            labels: field(fc.constant({ pool: "general" }), [{ Pool: "x" }]),
                        },
                        { requiredKeys: ["name"] },
                    ),
                    { minLength: 1, maxLength: 2 },
                ),
                [[]],
            ),
            rbacSecurityGroup: field(fc.constant("gke-security-groups@example.com"), ["admins@example.com"]),
            limitAnonymousAuthentication: field(fc.boolean()),
            enforceBinaryAuthorization: field(fc.boolean()),
            dataAccessAuditLogs: field(fc.boolean()),
            deletionProtection: field(fc.boolean()),
            protect: field(fc.boolean()),
            resourceLabels: field(fc.constant({ team: "platform" }), [{ Team: "x" }]),
        },
    );
    return { gkeClusterArgs };
}

/** GkeCluster's arguments, drawn in every mode (valid only, a rare mistake, many). */
export const gkeClusterArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().gkeClusterArgs, resolves(a => resolveGkeArgs(a)));
