/**
 * The argument space of EksCluster (components/aws/args.ts, still being finished: the fields here
 * follow its current EksClusterArgs; adjust this one file when it changes).
 */
import fc from "fast-check";
import { resolveEksArgs } from "../../../components/aws";
import { argsRecord, badCidrs, field, inModes, ipv4Cidr, labelMap, optionalRecord, resolves } from "./common";

function build() {
    const ADMIN_ROLE = "arn:aws:iam::123456789012:role/eks-break-glass";
    const KMS = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    const nodeGroup = optionalRecord({
        instanceTypes: field(fc.constantFrom(["m7i.large"], ["m7g.large", "m6i.xlarge"]), [[], ["M7I"], [7]]),
        amiType: field(fc.constantFrom("AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_ARM_64", "BOTTLEROCKET_x86_64"), ["AL2_x86_64", "WINDOWS_CORE_2022_x86_64", "CUSTOM", ""]),
        minSize: field(fc.integer({ min: 0, max: 4 }), [-1, 1001, 1.5]),
        maxSize: field(fc.integer({ min: 1, max: 10 }), [0, 1001]),
        desiredSize: field(fc.integer({ min: 0, max: 10 }), [-1]),
        diskSizeGiB: field(fc.integer({ min: 20, max: 500 }), [0, 19, 16385]),
        capacityType: field(fc.constantFrom("ON_DEMAND", "SPOT"), ["spot", ""]),
        volumeKmsKeyArn: field(fc.constant(KMS), ["arn:aws:kms:bad", ""]),
        metadataHopLimit: field(fc.constantFrom(1, 2), [0, 3, 64, 1.5]),
        releaseVersion: field(fc.constant("1.34.2-20251112"), ["latest", "1.34"]),
        labels: field(labelMap, [{ a: 1 }]),
        taints: field(fc.array(fc.record({ key: fc.constant("batch"), effect: fc.constantFrom("NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE") }), { maxLength: 2 }), [[{ key: "x", effect: "NoSchedule" }]]),
    });

    const eksClusterArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord(
        {
            adminRoleArn: field(fc.constant(ADMIN_ROLE), ["arn:aws:iam::123456789012:user/bob", "", "arn:aws:iam::12:role/x"]),
            oidc: field(
                argsRecord(
                    { issuerUrl: field(fc.constantFrom("https://login.example.com/oauth2/default", "https://accounts.google.com"), ["http://login.example.com", "login.example.com", ""]), clientId: field(fc.constant("kubernetes"), [""]) },
                    {
                        usernameClaim: field(fc.constantFrom("email", "sub"), [""]),
                        groupsClaim: field(fc.constant("groups"), [""]),
                        usernamePrefix: field(fc.constantFrom("oidc:", "idp-"), ["system:", ""]),
                        groupsPrefix: field(fc.constantFrom("oidc:", "idp-"), ["system:"]),
                        requiredClaims: field(fc.constant({ hd: "example.com" }), [{ hd: 1 }]),
                        name: field(fc.constant("oidc"), [""]),
                    },
                ),
            ),
        },
        {
            clusterName: field(fc.constantFrom("payments", "eks_1", "A-cluster"), ["", "-x", "a".repeat(101), "with space"]),
            kubernetesVersion: field(fc.constantFrom("1.34", "1.33", "1.32"), ["1.9", "latest", "1.34.1", "1.10"]),
            upgradePolicy: field(fc.constantFrom("STANDARD", "EXTENDED"), ["AUTO", ""]),
            addonVersions: field(fc.constantFrom({ "vpc-cni": "v1.20.4-eksbuild.1" }, { coredns: "v1.12.1-eksbuild.2", "kube-proxy": "v1.34.0-eksbuild.1" }), [{ "aws-ebs-csi-driver": "v1.0.0-eksbuild.1" }, { coredns: "1.11" }]),
            deployerRoleArn: field(fc.constant("arn:aws:iam::123456789012:role/eks-deployer"), [ADMIN_ROLE, "arn:aws:iam::123456789012:user/ci", ""]),
            apiAccess: field(
                optionalRecord({
                    securityGroupIds: field(fc.constantFrom(["sg-0123456789abcdef0"], ["sg-0123abcd", "sg-0123abce"]), [["ci-runners"], [7]]),
                    cidrs: field(fc.constantFrom(["10.100.0.0/16"], ["192.168.10.0/24", "fd00:10::/48"]), [["0.0.0.0/0"], ["203.0.113.0/24"], ["10.0.0.0/7"]]),
                }),
                [{}, []],
            ),
            guardDuty: field(fc.record({ detectorId: fc.constant("0123456789abcdef0123456789abcdef"), runtimeMonitoring: fc.boolean() }), [{ detectorId: "default" }, { runtimeMonitoring: true }]),
            subnetIds: field(fc.constantFrom(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], ["subnet-0123abcd", "subnet-0123abce", "subnet-0123abcf"]), [[], ["subnet-0aaaaaaaaaaaaaaa1"], ["sn-1", "sn-2"]]),
            vpc: field(optionalRecord({ cidrBlock: field(fc.constantFrom("10.0.0.0/16", "10.20.0.0/18", "172.16.0.0/20"), ["10.0.0.0/8", "10.0.0.0/24", ...badCidrs.slice(0, 2)]), availabilityZoneCount: field(fc.constantFrom(2, 3), [1, 4]), flowLogs: field(fc.boolean(), ["yes"]) })),
            allowPublicEndpoint: field(fc.boolean()),
            publicAccessCidrs: field(fc.array(ipv4Cidr, { minLength: 1, maxLength: 2 }), [[], ["0.0.0.0/0"], ["::/0"], ["203.0.113.0/24", "0.0.0.0/0"]]),
            kmsKeyArn: field(fc.constant(KMS), ["arn:aws:kms:bad"]),
            kmsKeyDeletionWindowInDays: field(fc.integer({ min: 7, max: 30 }), [0, 6, 31]),
            logRetentionInDays: field(fc.constantFrom(365, 400, 731, 1827, 3653), [0, 1, 30, 364, 366]),
            accessEntries: field(
                fc.array(
                    fc.record(
                        {
                            principalArn: field(fc.constantFrom("arn:aws:iam::123456789012:role/developers", "arn:aws-us-gov:iam::123456789012:role/auditors"), ["arn:aws:iam::123456789012:user/auditor", "arn:aws:iam::1:role/x", ""]),
                            policy: field(fc.constantFrom("view", "edit", "admin"), ["cluster-admin", "root", ""]),
                            namespaces: field(fc.constantFrom(["payments"], ["a", "b"]), [[], ["Bad"]]),
                        },
                        { requiredKeys: ["principalArn", "policy"] },
                    ),
                    { maxLength: 2 },
                ),
            ),
            allowIamOnlyUsers: field(fc.boolean()),
            irsa: field(fc.boolean()),
            podIdentity: field(fc.boolean()),
            nodeGroups: field(fc.dictionary(fc.constantFrom("system", "batch", "gpu-1"), field(nodeGroup, [null, 7]), { maxKeys: 2 }), [{ "Bad Name": {} }]),
            deletionProtection: field(fc.boolean()),
            protect: field(fc.boolean()),
            tags: field(fc.constant({ team: "platform" }), [{ a: 1 }]),
        },
    );
    return { eksClusterArgs };
}

/** EksCluster's arguments, drawn in every mode (valid only, a rare mistake, many). */
export const eksClusterArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().eksClusterArgs, resolves(a => resolveEksArgs("eks", a)));
