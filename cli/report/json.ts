/**
 * The JSON report, a contract:
 * {"tool":{"name":"hcb","version"},"summary":{"resources","violations","mandatory","advisory",...},
 *  "resources":[{"source","index","urn","type","name","violations":[{"policy","control","level","message"}]}]}
 * Every input resource appears, with an empty list when clean; exempted findings carry
 * `"exempted": true` and their justification. Keys are only ever added, never renamed.
 */
import { Report } from "./model";

export function renderJson(report: Report): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}
