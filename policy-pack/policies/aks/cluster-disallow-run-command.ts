/**
 * aks-baseline: run command lets anyone with the Azure RBAC action run kubectl in the cluster from
 * outside its network, around a private API server. AKS enables it unless `disableRunCommand` is true.
 */
import { Obj, optBoolean } from "../../lib/read";
import { clusterPolicy, objAt } from "./resources";

export function checkRunCommand(props: Obj): string[] {
    const api = objAt(props, "apiServerAccessProfile", "apiServerAccessProfile");
    const disabled = optBoolean(api?.["disableRunCommand"], "apiServerAccessProfile.disableRunCommand");
    return disabled === true ? [] : [`\`apiServerAccessProfile.disableRunCommand\` is ${disabled === undefined ? "unset (AKS default: run command enabled)" : "false"}`];
}

export const runCommandPolicy = clusterPolicy({
    name: "aks-cluster-disallow-run-command",
    control: "aks-run-command-disabled",
    enforcementLevel: "mandatory",
    description: "An AKS cluster has run command disabled.",
    rule: "disable run command",
    check: checkRunCommand,
});
