import { containerPolicy } from "../lib/workload-policy";
import { optBoolean, optObject } from "../lib/read";

/** NSA/CISA "immutable container file systems"; Checkov CKV_K8S_22. Every container, ephemeral ones included. */
export const readOnlyRootFilesystemPolicy = containerPolicy({
    name: "k8s-workload-require-read-only-root-filesystem",
    control: "k8s-read-only-root-filesystem",
    enforcementLevel: "mandatory",
    rule: {
        must: "run containers with securityContext.readOnlyRootFilesystem=true",
        offence: (c, _config, template) => {
            const sc = optObject(c.container["securityContext"], `${c.path}.securityContext`);
            const value = optBoolean(sc?.["readOnlyRootFilesystem"], `${c.path}.securityContext.readOnlyRootFilesystem`);
            // A patch leaves an unset field to the live object.
            return value === true || (value === undefined && template.partial) ? undefined : value === false ? "sets it to false" : "leaves it unset";
        },
    },
});
