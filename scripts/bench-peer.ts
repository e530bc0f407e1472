/**
 * The peer the bench compares with: kubernetes-models (a maintained TypeScript Kubernetes
 * validator), as a whole process over the same manifests: parse every document and validate it
 * against its OpenAPI schema. It checks shape only, no security rules; it is the best TypeScript
 * peer that runs here. Prints {"ms","resources"} on stderr.
 */
import * as fs from "fs";
import * as path from "path";
import { loadAll } from "js-yaml";

type Model = new (data: unknown) => { validate(): void };

const started = Date.now();
const dir = process.argv[2];
const models: Record<string, Model> = {};
function modelOf(apiVersion: string, kind: string): Model {
    const key = `${apiVersion}/${kind}`;
    if (!models[key]) {
        const module = apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        models[key] = (require(module) as Record<string, Model>)[kind];
    }
    return models[key];
}
let resources = 0;
let invalid = 0;
for (const file of fs.readdirSync(dir).sort()) {
    for (const doc of loadAll(fs.readFileSync(path.join(dir, file), "utf8")) as { apiVersion: string; kind: string }[]) {
        resources++;
        try {
            new (modelOf(doc.apiVersion, doc.kind))(doc).validate();
        } catch {
            invalid++;
        }
    }
}
process.stderr.write(`${JSON.stringify({ ms: Date.now() - started, resources, invalid })}\n`);
