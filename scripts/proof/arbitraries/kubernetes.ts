/**
 * The argument spaces of the in-cluster components (components/kubernetes): HardenedNamespace,
 * NamespaceAccess, ClusterAccess and ClusterBaseline with its add-ons. `PROVIDER` stands for the
 * cluster's provider; a missing or wrong-typed provider is part of the space.
 */
import fc from "fast-check";
import { CHARTS } from "../../../components/kubernetes/addons/charts";
import { resolveClusterAccessArgs, resolveNamespaceAccessArgs } from "../../../components/kubernetes/access";
import { resolveClusterBaselineArgs } from "../../../components/kubernetes/cluster-baseline";
import { resolveHardenedNamespaceArgs } from "../../../components/kubernetes/hardened-namespace";
import {
    PROVIDER,
    argsRecord,
    badCidrs,
    badDnsLabels,
    badGroupNames,
    badLabelMaps,
    chartVersion,
    dnsLabel,
    field,
    groupName,
    inModes,
    isValidMode,
    ipv4Cidr,
    labelMap,
    optionalRecord,
    pemKey,
    resolves,
    reason,
    wrongType,
} from "./common";

function build() {
    const provider: fc.Arbitrary<unknown> = field(fc.constant(PROVIDER), [undefined, "cluster"], { valid: 30, edge: 1, wrong: 1 });

    const podLabels = field(labelMap, badLabelMaps);

    /** One end of an allow rule: local pods, another namespace, a CIDR, or `anywhere` (with or without a reason). */
    const endpoint: fc.Arbitrary<unknown> = field(
        fc.oneof(
            { weight: 6, arbitrary: fc.record({ pods: podLabels }) },
            { weight: 3, arbitrary: fc.record({ namespace: field(dnsLabel, badDnsLabels), pods: podLabels }, { requiredKeys: ["namespace"] }) },
            { weight: 3, arbitrary: fc.record({ cidr: field(ipv4Cidr, badCidrs), except: field(fc.array(ipv4Cidr, { maxLength: 2 }), [[], ["bad"]]) }, { requiredKeys: ["cidr"] }) },
            { weight: 2, arbitrary: fc.record({ anywhere: field(fc.record({ reason: reason() }), [{}, null, "yes"]) }) },
        ),
        [{}, { pods: {}, cidr: "10.0.0.0/8" }, { anywhere: { reason: "a reason long enough here" }, pods: {} }, null, "pods"],
    );

    const port: fc.Arbitrary<unknown> = fc.record(
        {
            port: field(fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom("http", "metrics")), [0, 65536, -1, 1.5, "", "Not_A_Name", "a-very-long-port-name"]),
            endPort: field(fc.integer({ min: 1, max: 65535 }), [0, 70000]),
            protocol: field(fc.constantFrom("TCP", "UDP", "SCTP"), ["tcp", "ICMP", ""]),
        },
        { requiredKeys: ["port"] },
    );

    const allowRule: fc.Arbitrary<unknown> = fc.record({
        name: field(fc.oneof(dnsLabel.map(s => s.slice(0, 40)), fc.constantFrom("frontend-to-backend", "egress-db")), ["dns", "a".repeat(41), ...badDnsLabels]),
        from: endpoint,
        to: endpoint,
        ports: field(fc.array(port, { minLength: 1, maxLength: 3 }), [[]]),
    });

    const resourceMap = field(fc.constantFrom({ cpu: "100m", memory: "128Mi" }, { cpu: "1" }), [{}, null]);

    /** HardenedNamespace's arguments without `provider` and `namespaceName` (as ClusterBaseline takes them). */
    const namespaceFields = {
        labels: field(labelMap, [...badLabelMaps, { "pod-security.kubernetes.io/enforce": "privileged" }]),
        annotations: field(fc.constantFrom({ owner: "payments" }, {})),
        podSecurity: field(
            optionalRecord({
                level: field(fc.constantFrom("restricted", "baseline", "privileged"), ["Restricted", "none", ""]),
                version: field(fc.constantFrom("v1.33", "v1.30", "v1.0"), ["latest", "1.33", "v1.033", ""]),
                reason: reason(),
            }),
        ),
        dns: field(fc.oneof(fc.constant(false as const), fc.record({ namespace: field(dnsLabel, badDnsLabels), pods: podLabels })), [true, {}]),
        allow: field(fc.array(allowRule, { maxLength: 3 }), [[{}]]),
        quota: field(fc.constantFrom({ "requests.cpu": "4", pods: "50" }), [{}, null]),
        limits: field(optionalRecord({ defaultRequest: resourceMap, default: resourceMap, max: resourceMap }), [{}]),
        developerGroups: field(fc.array(groupName, { maxLength: 2 }), [badGroupNames]),
    };

    const hardenedNamespaceArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord(
        { provider },
        { namespaceName: field(dnsLabel, badDnsLabels), ...namespaceFields },
    );

    const namespaceAccessArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord(
        { provider, namespace: field(dnsLabel, badDnsLabels), developerGroups: field(fc.array(groupName, { minLength: 1, maxLength: 3 }), [[], ...badGroupNames.map(g => [g])]) },
        {},
    );

    const subject = fc.record({ kind: field(fc.constantFrom("User", "Group"), ["ServiceAccount", "group"]), name: field(groupName, badGroupNames) });

    const accessFields = {
        readOnlyGroups: field(fc.array(groupName, { maxLength: 2 }), badGroupNames.map(g => [g])),
        breakGlass: field(fc.record({ subjects: field(fc.array(subject, { minLength: 1, maxLength: 2 }), [[]]) }), [{}]),
    };

    const clusterAccessArgs: fc.Arbitrary<Record<string, unknown>> = argsRecord({ provider }, accessFields);

    const apiServer = field(
        fc.record({ cidrs: field(fc.array(ipv4Cidr, { minLength: 1, maxLength: 2 }), [[], badCidrs.slice(0, 3)]), port: field(fc.constantFrom(443, 6443), [0, 70000, "443"]) }, { requiredKeys: ["cidrs"] }),
        [{}],
    );

    const external = field(
        fc.oneof(fc.record({ cidrs: field(fc.array(ipv4Cidr, { minLength: 1, maxLength: 2 }), [[], ["0.0.0.0/0"]]) }), fc.record({ anywhere: fc.record({ reason: reason() }) })),
        [{}, { anywhere: {} }],
    );

    const secretsBackend = field(
        fc.oneof(
            fc.record({ cloud: fc.constant("aws"), region: field(fc.constant("eu-west-1"), [""]), roleArn: field(fc.constant("arn:aws:iam::123456789012:role/eso"), ["arn:aws:iam::1:role/x"]) }, { requiredKeys: ["cloud", "region"] }),
            fc.record({ cloud: fc.constant("gcp"), projectId: field(fc.constant("my-project"), [""]), serviceAccountEmail: field(fc.constant("eso@my-project.iam.gserviceaccount.com"), ["eso@gmail.com"]) }),
            fc.record({ cloud: fc.constant("azure"), vaultUrl: field(fc.constant("https://kv.vault.azure.net"), ["http://kv"]), clientId: field(fc.constant("00000000-0000-0000-0000-000000000000"), [""]) }, { requiredKeys: ["cloud", "vaultUrl", "clientId"] }),
        ),
        [{ cloud: "oracle" }, {}],
    );

    /** Add-on arguments with a namespace drawn from `names` so that cross-checks are exercised. */
    function externalSecretsArgs(names: readonly string[]): fc.Arbitrary<unknown> {
        const ns = names.length ? fc.constantFrom(...names) : dnsLabel;
        const secret = fc.record({
            name: field(dnsLabel, badDnsLabels),
            namespace: field(ns, ["not-declared", ...badDnsLabels]),
            data: field(fc.array(fc.record({ secretKey: field(fc.constantFrom("password", "api.key"), ["bad key/", ""]), remoteKey: field(fc.constant("prod/db"), [""]) }), { minLength: 1, maxLength: 2 }), [[]]),
        });
        return argsRecord(
            { backend: secretsBackend, apiServer, secretManager: external },
            {
                namespace: field(fc.constant("external-secrets"), badDnsLabels),
                chartVersion: chartVersion(CHARTS.externalSecrets.version),
                storeName: field(fc.constant("cloud-secrets"), badDnsLabels),
                storeNamespaces: field(fc.array(ns, { minLength: 1, maxLength: 2 }), [[]]),
                secrets: field(fc.array(secret, { maxLength: 2 }), [[{}]]),
            },
        );
    }

    const imageVerificationArgs: fc.Arbitrary<unknown> = argsRecord(
        {
            publicKey: field(fc.constant(pemKey), ["", "ssh-rsa AAAA", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"]),
            imageReferences: field(fc.constantFrom(["registry.example.com/*"], ["ghcr.io/acme/*", "registry.example.com/*"]), [[], [""]]),
            allowedRegistries: field(fc.constantFrom(["registry.example.com/"], ["ghcr.io/acme/"]), [[], ["*"], ["a|b"]]),
            apiServer,
            registries: external,
        },
        { transparencyLog: field(fc.boolean()), namespace: field(fc.constant("kyverno"), badDnsLabels), chartVersion: chartVersion(CHARTS.kyverno.version) },
    );

    const runtimeDetectionArgs: fc.Arbitrary<unknown> = argsRecord({}, { namespace: field(fc.constant("falco"), badDnsLabels), chartVersion: chartVersion(CHARTS.falco.version) });

    function meshMtlsArgs(names: readonly string[]): fc.Arbitrary<unknown> {
        const ns = names.length ? fc.constantFrom(...names) : dnsLabel;
        return argsRecord(
            { mesh: field(fc.constantFrom("istio", "linkerd"), ["consul", ""]), meshedNamespaces: field(fc.array(ns, { minLength: 1, maxLength: 2 }), [[], ["not-declared"]]) },
            { apiServer, controlPlaneNamespace: field(fc.constantFrom("istio-system", "linkerd", "mesh"), badDnsLabels), chartVersion: chartVersion(CHARTS.istiod.version) },
        );
    }

    /** ClusterBaseline: namespaces (sometimes repeated), access, and each add-on on or off. */
    const clusterBaselineArgs: fc.Arbitrary<Record<string, unknown>> = fc
        .uniqueArray(fc.constantFrom("payments", "web", "batch", "falco", "kyverno"), { maxLength: 3 })
        .chain(names =>
            fc
                .tuple(
                    fc.tuple(...names.map(n => optionalRecord(namespaceFields).map(rest => ({ name: n, ...rest })))),
                    isValidMode() ? fc.constant(null) : fc.option(fc.constantFrom(...(names.length ? names : ["payments"])), { freq: 10 }),
                    argsRecord(
                        { provider },
                        {
                            access: field(optionalRecord(accessFields)),
                            externalSecrets: externalSecretsArgs(names),
                            imageVerification: imageVerificationArgs,
                            runtimeDetection: runtimeDetectionArgs,
                            meshMtls: meshMtlsArgs(names),
                        },
                    ),
                    isValidMode() ? fc.constant(null) : fc.option(wrongType, { freq: 30 }),
                )
                .map(([namespaces, repeated, rest, wrongNamespaces]) => ({
                    ...rest,
                    namespaces: wrongNamespaces !== null ? wrongNamespaces : repeated !== null ? [...namespaces, { name: repeated }] : namespaces,
                })),
        );
    return { hardenedNamespaceArgs, namespaceAccessArgs, clusterAccessArgs, clusterBaselineArgs };
}

/** The in-cluster components' arguments, each drawn in every mode (valid only, a rare mistake, many). */
export const hardenedNamespaceArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().hardenedNamespaceArgs, resolves(a => resolveHardenedNamespaceArgs("team", a as never)));
export const namespaceAccessArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().namespaceAccessArgs, resolves(a => resolveNamespaceAccessArgs(a as never)));
export const clusterAccessArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().clusterAccessArgs, resolves(a => resolveClusterAccessArgs(a as never)));
export const clusterBaselineArgs: fc.Arbitrary<Record<string, unknown>> = inModes(() => build().clusterBaselineArgs, resolves(a => resolveClusterBaselineArgs(a as never)));
