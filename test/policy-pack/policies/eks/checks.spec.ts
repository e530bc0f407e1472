/**
 * Each EKS resource check, pure, from a hardened baseline with one tweak per case: the message
 * when it fails, nothing else, and malformed values refused rather than passed.
 */
import * as assert from "node:assert/strict";
import { CheckedResource } from "../../../../policy-pack/lib/define";
import { MalformedValueError } from "../../../../policy-pack/lib/read";
import { checkCreatorAdmin } from "../../../../policy-pack/policies/eks/cluster-disallow-creator-admin";
import { checkPublicEndpoint } from "../../../../policy-pack/policies/eks/cluster-disallow-public-endpoint";
import { checkApiAuthentication } from "../../../../policy-pack/policies/eks/cluster-require-api-authentication";
import { checkControlPlaneLogs } from "../../../../policy-pack/policies/eks/cluster-require-control-plane-logs";
import { checkPrivateEndpoint } from "../../../../policy-pack/policies/eks/cluster-require-private-endpoint";
import { checkSecretsEncryption } from "../../../../policy-pack/policies/eks/cluster-require-secrets-encryption";
import { checkSupportedVersion } from "../../../../policy-pack/policies/eks/cluster-require-supported-version";
import { checkPublicAccessCidrs } from "../../../../policy-pack/policies/eks/cluster-restrict-public-access-cidrs";
import { keepsAccountRoot } from "../../../../policy-pack/policies/eks/kmskey-restrict-deletion";
import { checkPublicIp } from "../../../../policy-pack/policies/eks/launchtemplate-disallow-public-ip";
import { checkHopLimit } from "../../../../policy-pack/policies/eks/launchtemplate-limit-metadata-hops";
import { checkEncryptedVolumes } from "../../../../policy-pack/policies/eks/launchtemplate-require-encrypted-volumes";
import { checkImdsV2 } from "../../../../policy-pack/policies/eks/launchtemplate-require-imdsv2";
import { checkLogGroupEncryption } from "../../../../policy-pack/policies/eks/loggroup-require-encryption";
import { checkRetention } from "../../../../policy-pack/policies/eks/loggroup-require-retention";
import { checkSsh } from "../../../../policy-pack/policies/eks/nodegroup-disallow-ssh";
import { checkLaunchTemplate } from "../../../../policy-pack/policies/eks/nodegroup-require-launch-template";
import { checkAmiType } from "../../../../policy-pack/policies/eks/nodegroup-restrict-ami-type";
import { EKS_AMI_TYPE_PREFIXES, EKS_LOG_TYPES, EKS_SUPPORTED_VERSIONS } from "../../../../components/controls/eks";

type Props = Record<string, unknown>;
type Check = (r: CheckedResource) => readonly string[];
/** One tweak: change the baseline's props, then either a message pattern, "pass", or a malformed path. */
type Case = readonly [string, (p: Props) => void, RegExp | "pass" | { malformed: string }];

const CLUSTER: Props = {
    name: "prod",
    version: "1.34",
    vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }, resources: ["secrets"] },
    enabledClusterLogTypes: [...EKS_LOG_TYPES],
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    upgradePolicy: { supportType: "STANDARD" },
};
const LAUNCH_TEMPLATE: Props = {
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50 } }],
};
const NODE_GROUP: Props = { clusterName: "prod", amiType: "AL2023_x86_64_STANDARD", launchTemplate: { id: "lt-1", version: "1" } };
const LOG_GROUP: Props = { name: "/aws/eks/prod/cluster", retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" };

function run(type: string, base: Props, check: Check, cases: readonly Case[]) {
    it("passes the hardened baseline", () => {
        assert.deepEqual(check({ type, name: "r", urn: "urn:r", props: structuredClone(base) }), []);
    });
    for (const [name, tweak, expected] of cases) {
        it(name, () => {
            const props = structuredClone(base);
            tweak(props);
            const resource: CheckedResource = { type, name: "r", urn: "urn:r", props };
            if (expected === "pass") {
                assert.deepEqual(check(resource), []);
            } else if (expected instanceof RegExp) {
                const messages = check(resource);
                assert.equal(messages.length, 1, messages.join("\n"));
                assert.match(messages[0], expected);
                assert.match(messages[0], /^[A-Z][A-Za-z ]+ 'r' must .+: .+\.$/s);
            } else {
                assert.throws(() => check(resource), (e: unknown) => e instanceof MalformedValueError && e.path === expected.malformed);
            }
        });
    }
}

const vpc = (p: Props) => p["vpcConfig"] as Props;
const access = (p: Props) => p["accessConfig"] as Props;
const meta = (p: Props) => p["metadataOptions"] as Props;
const C = "aws:eks/cluster:Cluster";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NG = "aws:eks/nodeGroup:NodeGroup";
const LG = "aws:cloudwatch/logGroup:LogGroup";

describe("eks-cluster-disallow-public-endpoint", () => run(C, CLUSTER, checkPublicEndpoint, [
    ["refuses a public endpoint", p => { vpc(p)["endpointPublicAccess"] = true; }, /EKS cluster 'r' must not expose its API server publicly: `vpcConfig.endpointPublicAccess` is true/],
    ["counts an unset flag as the EKS default, public", p => { delete vpc(p)["endpointPublicAccess"]; }, /unset and EKS defaults it to true/],
    ["counts a missing vpcConfig as public", p => { delete p["vpcConfig"]; }, /unset and EKS defaults it to true/],
    ["refuses a string flag", p => { vpc(p)["endpointPublicAccess"] = "false"; }, { malformed: "vpcConfig.endpointPublicAccess" }],
]));

describe("eks-cluster-restrict-public-access-cidrs", () => {
    const check: Check = r => checkPublicAccessCidrs(r, { minimumPrefixLength: 8 });
    run(C, CLUSTER, check, [
        ["ignores CIDRs of a private-only endpoint", p => { vpc(p)["publicAccessCidrs"] = ["0.0.0.0/0"]; }, "pass"],
        ["accepts named networks on a public endpoint", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["203.0.113.0/24", "2001:db8::/32"]; }, "pass"],
        ["refuses a public endpoint without CIDRs (EKS opens 0.0.0.0/0)", p => { vpc(p)["endpointPublicAccess"] = true; }, /`vpcConfig.publicAccessCidrs` is unset and EKS opens it to 0.0.0.0\/0/],
        ["refuses 0.0.0.0/0", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["203.0.113.0/24", "0.0.0.0/0"]; }, /203\.0\.113\.0\/24, 0\.0\.0\.0\/0 are too wide/],
        ["refuses ::/0, which Checkov misses", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["::/0"]; }, /::\/0 is too wide/],
        ["refuses a /1 split of the internet", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["0.0.0.0/1", "128.0.0.0/1"]; }, /0\.0\.0\.0\/1, 128\.0\.0\.0\/1 are too wide/],
        ["refuses many narrow networks that add up to more than a /8", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = Array.from({ length: 5 }, (_, i) => `${i + 20}.0.0.0/9`); }, /20\.0\.0\.0\/9, .*24\.0\.0\.0\/9 are too wide/],
        ["accepts two /9 halves of one /8 (exactly a /8)", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["20.0.0.0/9", "20.128.0.0/9"]; }, "pass"],
        ["counts overlapping networks once", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["20.0.0.0/8", "20.1.0.0/16", "20.0.0.0/9"]; }, "pass"],
        ["judges IPv6 on its own scale", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["2001:db8::/32", "203.0.113.0/24"]; }, "pass"],
        ["refuses IPv6 halves of the internet", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["::/1", "8000::/1"]; }, /::\/1, 8000::\/1 are too wide/],
        ["refuses a non-CIDR", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = ["office"]; }, /office is not a CIDR/],
        ["refuses a CIDR list of numbers", p => { vpc(p)["endpointPublicAccess"] = true; vpc(p)["publicAccessCidrs"] = [10]; }, { malformed: "vpcConfig.publicAccessCidrs[0]" }],
    ]);
});

describe("eks-cluster-require-private-endpoint", () => run(C, CLUSTER, checkPrivateEndpoint, [
    ["refuses the private endpoint off", p => { vpc(p)["endpointPrivateAccess"] = false; }, /`vpcConfig.endpointPrivateAccess` is false/],
    ["counts unset as the EKS default, off", p => { delete vpc(p)["endpointPrivateAccess"]; }, /unset \(EKS defaults it to false\)/],
    ["refuses a numeric flag", p => { vpc(p)["endpointPrivateAccess"] = 1; }, { malformed: "vpcConfig.endpointPrivateAccess" }],
]));

describe("eks-cluster-require-secrets-encryption", () => run(C, CLUSTER, checkSecretsEncryption, [
    ["refuses no encryption config", p => { delete p["encryptionConfig"]; }, /`encryptionConfig` is unset/],
    ["refuses a config without secrets", p => { (p["encryptionConfig"] as Props)["resources"] = []; }, /does not include "secrets"/],
    ["refuses a config without a key", p => { (p["encryptionConfig"] as Props)["provider"] = {}; }, /`encryptionConfig.provider.keyArn` is not set/],
    ["refuses resources given as a string", p => { (p["encryptionConfig"] as Props)["resources"] = "secrets"; }, { malformed: "encryptionConfig.resources" }],
]));

describe("eks-cluster-require-control-plane-logs", () => {
    const check: Check = r => checkControlPlaneLogs(r, { requiredLogTypes: EKS_LOG_TYPES });
    run(C, CLUSTER, check, [
        ["refuses no logs", p => { delete p["enabledClusterLogTypes"]; }, /lacks api, audit, authenticator, controllerManager, scheduler/],
        ["refuses a missing scheduler log", p => { p["enabledClusterLogTypes"] = ["api", "audit", "authenticator", "controllerManager"]; }, /lacks scheduler\./],
        ["refuses a log type list as a string", p => { p["enabledClusterLogTypes"] = "all"; }, { malformed: "enabledClusterLogTypes" }],
    ]);
});

describe("eks-cluster-require-api-authentication", () => run(C, CLUSTER, checkApiAuthentication, [
    ["refuses API_AND_CONFIG_MAP", p => { access(p)["authenticationMode"] = "API_AND_CONFIG_MAP"; }, /is "API_AND_CONFIG_MAP"; set it to "API"/],
    ["counts unset as CONFIG_MAP", p => { delete p["accessConfig"]; }, /unset \(EKS uses CONFIG_MAP\)/],
    ["refuses a non-string mode", p => { access(p)["authenticationMode"] = true; }, { malformed: "accessConfig.authenticationMode" }],
]));

describe("eks-cluster-disallow-creator-admin", () => run(C, CLUSTER, checkCreatorAdmin, [
    ["refuses creator admin", p => { access(p)["bootstrapClusterCreatorAdminPermissions"] = true; }, /is true; set it to false/],
    ["counts unset as the EKS default, on", p => { delete access(p)["bootstrapClusterCreatorAdminPermissions"]; }, /unset \(EKS defaults it to true\)/],
    ["refuses a string flag", p => { access(p)["bootstrapClusterCreatorAdminPermissions"] = "false"; }, { malformed: "accessConfig.bootstrapClusterCreatorAdminPermissions" }],
]));

describe("eks-cluster-require-supported-version", () => {
    const check: Check = r => checkSupportedVersion(r, { supportedVersions: EKS_SUPPORTED_VERSIONS });
    run(C, CLUSTER, check, [
        ["refuses an unpinned version", p => { delete p["version"]; }, /`version` is unset/],
        ["refuses a version out of standard support", p => { p["version"] = "1.28"; }, /1.28 is not one of/],
        ["refuses extended support by default", p => { delete p["upgradePolicy"]; }, /unset \(EKS defaults to EXTENDED\)/],
        ["refuses a numeric version", p => { p["version"] = 1.34; }, { malformed: "version" }],
    ]);
});

describe("eks-loggroup-require-retention", () => {
    const check: Check = r => checkRetention(r, { minimumRetentionDays: 365 });
    run(LG, LOG_GROUP, check, [
        ["ignores log groups that are not an EKS cluster's", p => { p["name"] = "/app/web"; delete p["retentionInDays"]; }, "pass"],
        ["ignores auto-named log groups", p => { delete p["name"]; delete p["retentionInDays"]; }, "pass"],
        ["refuses never-expiring logs", p => { delete p["retentionInDays"]; }, /logs never expire/],
        ["refuses 0 (never expire)", p => { p["retentionInDays"] = 0; }, /logs never expire/],
        ["refuses less than a year", p => { p["retentionInDays"] = 90; }, /`retentionInDays` is 90/],
        ["refuses retention as text", p => { p["retentionInDays"] = "365"; }, { malformed: "retentionInDays" }],
    ]);
});

describe("eks-loggroup-require-encryption", () => run(LG, LOG_GROUP, checkLogGroupEncryption, [
    ["refuses a log group without a key", p => { delete p["kmsKeyId"]; }, /`kmsKeyId` is not set/],
    ["refuses an empty key", p => { p["kmsKeyId"] = ""; }, /`kmsKeyId` is not set/],
    ["refuses a name that is not a string", p => { p["name"] = 42; }, { malformed: "name" }],
]));

describe("eks-launchtemplate-require-imdsv2", () => run(LT, LAUNCH_TEMPLATE, checkImdsV2, [
    ["accepts the metadata service turned off", p => { p["metadataOptions"] = { httpEndpoint: "disabled" }; }, "pass"],
    ["refuses optional tokens", p => { meta(p)["httpTokens"] = "optional"; }, /is "optional"/],
    ["refuses unset tokens", p => { delete p["metadataOptions"]; }, /unset \(the AMI or account default decides, and IMDSv1 stays on/],
    ["refuses metadataOptions as a list", p => { p["metadataOptions"] = []; }, { malformed: "metadataOptions" }],
]));

describe("eks-launchtemplate-limit-metadata-hops", () => {
    const check: Check = r => checkHopLimit(r, { maximumHopLimit: 1 });
    run(LT, LAUNCH_TEMPLATE, check, [
        ["refuses a hop limit of 2", p => { meta(p)["httpPutResponseHopLimit"] = 2; }, /is 2, so pods reach the node's credentials/],
        ["refuses an unset hop limit (AMI default 2)", p => { delete meta(p)["httpPutResponseHopLimit"]; }, /the AMI.s default, 2 for AMIs registered for IMDSv2/],
        ["refuses a hop limit as text", p => { meta(p)["httpPutResponseHopLimit"] = "1"; }, { malformed: "metadataOptions.httpPutResponseHopLimit" }],
    ]);
});

describe("eks-launchtemplate-require-encrypted-volumes", () => run(LT, LAUNCH_TEMPLATE, checkEncryptedVolumes, [
    ["accepts a boolean true", p => { p["blockDeviceMappings"] = [{ deviceName: "/dev/xvda", ebs: { encrypted: true } }]; }, "pass"],
    ["refuses an unencrypted volume", p => { p["blockDeviceMappings"] = [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }]; }, /\/dev\/xvda has `ebs.encrypted` unset or false/],
    ["refuses a second, unencrypted data volume", p => { (p["blockDeviceMappings"] as unknown[]).push({ deviceName: "/dev/xvdb", ebs: {} }); }, /\/dev\/xvdb has/],
    ["refuses a template without volumes", p => { delete p["blockDeviceMappings"]; }, /declares no EBS volume/],
    ["refuses encrypted as a number", p => { p["blockDeviceMappings"] = [{ ebs: { encrypted: 1 } }]; }, { malformed: "blockDeviceMappings[0].ebs.encrypted" }],
]));

describe("eks-launchtemplate-disallow-public-ip", () => run(LT, LAUNCH_TEMPLATE, checkPublicIp, [
    ["accepts a private interface", p => { p["networkInterfaces"] = [{ associatePublicIpAddress: "false" }]; }, "pass"],
    ["refuses a public IP", p => { p["networkInterfaces"] = [{ associatePublicIpAddress: "true" }]; }, /must not give nodes public IP addresses/],
    ["refuses interfaces as an object", p => { p["networkInterfaces"] = {}; }, { malformed: "networkInterfaces" }],
]));

describe("eks-nodegroup-disallow-ssh", () => {
    run(NG, NODE_GROUP, checkSsh, [
        ["refuses remote access, even limited to security groups", p => { p["remoteAccess"] = { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] }; }, /`remoteAccess` is set/],
        ["refuses remote access as a string", p => { p["remoteAccess"] = "ops"; }, { malformed: "remoteAccess" }],
    ]);
    run(LT, LAUNCH_TEMPLATE, checkSsh, [["refuses a key pair on the template", p => { p["keyName"] = "ops"; }, /`keyName` is set/]]);
});

describe("eks-nodegroup-require-launch-template", () => run(NG, NODE_GROUP, checkLaunchTemplate, [
    ["accepts a template by name", p => { p["launchTemplate"] = { name: "nodes", version: "$Latest" }; }, "pass"],
    ["refuses no template", p => { delete p["launchTemplate"]; }, /`launchTemplate` is unset/],
    ["refuses a template as a string", p => { p["launchTemplate"] = "lt-1"; }, { malformed: "launchTemplate" }],
]));

describe("eks-nodegroup-restrict-ami-type", () => {
    const check: Check = r => checkAmiType(r, { allowedAmiTypePrefixes: EKS_AMI_TYPE_PREFIXES });
    run(NG, NODE_GROUP, check, [
        ["accepts Bottlerocket", p => { p["amiType"] = "BOTTLEROCKET_ARM_64"; }, "pass"],
        ["refuses AL2", p => { p["amiType"] = "AL2_x86_64"; }, /is "AL2_x86_64"/],
        ["refuses a custom AMI", p => { p["amiType"] = "CUSTOM"; }, /is "CUSTOM"/],
        ["refuses an unset AMI type", p => { delete p["amiType"]; }, /`amiType` is unset/],
        ["refuses a non-string AMI type", p => { p["amiType"] = ["AL2023_x86_64_STANDARD"]; }, { malformed: "amiType" }],
    ]);
});

describe("eks-kmskey-restrict-deletion key policy reading", () => {
    const root = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
    const cases: [string, unknown, boolean][] = [
        ["the default root statement", { Statement: [root] }, true],
        ["a single statement object with an action list", { Statement: { ...root, Action: ["kms:*"] } }, true],
        ["the account id as principal", { Statement: [{ ...root, Principal: { AWS: "123456789012" } }] }, true],
        ["root limited to some actions", { Statement: [{ ...root, Action: ["kms:Decrypt"] }] }, false],
        ["root denied", { Statement: [{ ...root, Effect: "Deny" }] }, false],
        ["a role instead of root", { Statement: [{ ...root, Principal: { AWS: "arn:aws:iam::123456789012:role/admin" } }] }, false],
    ];
    for (const [name, policy, expected] of cases) {
        it(`${expected ? "accepts" : "refuses"} ${name}`, () => assert.equal(keepsAccountRoot(JSON.stringify(policy)), expected));
    }
    it("refuses a policy that is not JSON", () => assert.throws(() => keepsAccountRoot("{"), MalformedValueError));
});
