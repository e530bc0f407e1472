/**
 * CKV_AZURE_141: local accounts give a static, non-revocable cluster-admin certificate
 * (`az aks get-credentials --admin`); with them disabled every user goes through Entra ID.
 */
import { Obj, optBoolean } from "../../lib/read";
import { clusterPolicy } from "./resources";

export function checkLocalAccounts(props: Obj): string[] {
    const disabled = optBoolean(props["disableLocalAccounts"], "disableLocalAccounts");
    return disabled === true ? [] : [`\`disableLocalAccounts\` is ${disabled === undefined ? "unset (AKS default: local accounts enabled)" : "false"}`];
}

export const localAccountsPolicy = clusterPolicy({
    name: "aks-cluster-disallow-local-accounts",
    control: "aks-local-accounts-disabled",
    enforcementLevel: "mandatory",
    description: "An AKS cluster has local accounts disabled.",
    rule: "disable local accounts",
    check: checkLocalAccounts,
});
