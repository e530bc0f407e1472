/** Mirrors upstream policy/check_restrictedVolumes.go. */
import { isRecord, joinQuote, nameOf, pluralize, read, sortedSet, visitList } from "../read";
import { ALLOWED, CheckDefinition, CheckResult, forbidden } from "../types";
import { hostPathVolumes } from "./host-path-volumes";

/** Volume sources the restricted level allows (JSON field names). */
const ALLOWED_SOURCES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
] as const;

/** Every other known volume source, in the order upstream names the first one it finds. */
const RESTRICTED_SOURCES = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
] as const;

/**
 * The restricted volume type a volume uses, or undefined when it is allowed.
 *
 * - Any allowed source set to an object allows the volume, as upstream's switch does.
 * - Otherwise the first restricted source that is set (with any value) is named.
 * - A volume with no known source at all is defaulted by the API server to `emptyDir: {}`
 *   (SetDefaults_Volume) before admission, so it is allowed; upstream's `unknown` case cannot be
 *   reached by a real request.
 * - A volume that is not an object, or whose only source is an allowed one with a wrong-typed
 *   value, cannot be shown to be safe: reported as `unknown`.
 */
function restrictedTypeOf(volume: unknown): string | undefined {
  if (volume !== undefined && !isRecord(volume)) return "unknown";
  if (ALLOWED_SOURCES.some((source) => isRecord(read(volume, source)))) return undefined;
  const restricted = RESTRICTED_SOURCES.find((source) => read(volume, source) !== undefined);
  if (restricted !== undefined) return restricted;
  if (ALLOWED_SOURCES.some((source) => read(volume, source) !== undefined)) return "unknown";
  return undefined;
}

function restrictedVolumesV1Dot0(_metadata: unknown, spec: unknown): CheckResult {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  visitList(spec, ["volumes"], (volume) => {
    const type = restrictedTypeOf(volume);
    if (type === undefined) return;
    badVolumes.push(nameOf(volume));
    badTypes.push(type);
  });
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedSet(badTypes);
  return forbidden(
    "restricted volume types",
    `${pluralize("volume", "volumes", badVolumes.length)} ${joinQuote(badVolumes)} ` +
      `${pluralize("uses", "use", badVolumes.length)} ` +
      `${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
  );
}

/** Restricted: only ephemeral, projected, claim-backed and CSI volume sources. */
export const restrictedVolumes: CheckDefinition = {
  id: "restrictedVolumes",
  level: "restricted",
  versions: [{ minVersion: 0, check: restrictedVolumesV1Dot0 }],
  overrides: [hostPathVolumes.id],
};
