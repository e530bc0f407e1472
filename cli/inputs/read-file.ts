import * as fs from "fs";
import { InputError } from "./source";

/** Files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** The text of a file, refusing binary and non-UTF-8 content and oversized files. */
export function readText(file: string, maxBytes = MAX_FILE_BYTES): string {
    let size: number;
    try {
        size = fs.statSync(file).size;
    } catch (e) {
        throw new InputError(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (size > maxBytes) {
        throw new InputError(file, `is ${size} bytes, over the ${maxBytes}-byte limit; split it or check it in parts`);
    }
    let buffer: Buffer;
    try {
        buffer = fs.readFileSync(file);
    } catch (e) {
        throw new InputError(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (buffer.subarray(0, 8192).includes(0)) {
        throw new InputError(file, "is binary (it contains NUL bytes), not YAML or JSON");
    }
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(buffer).replace(/^\uFEFF/, "");
    } catch {
        throw new InputError(file, "is not valid UTF-8 text");
    }
}
