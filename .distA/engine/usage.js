import { readRegularFile } from "../core/files.js";
/** A mistake of the user's (a flag, a path): one line on stderr and exit 2, never a stack trace. */
export class UsageError extends Error {
}
/**
 * A file the user named with a flag (`--ca`, `--env-file`, `--baseline`, `--targets`): a symbolic link is
 * followed (the user chose it), but only a regular file of at most `maxBytes` is read, without blocking, as
 * UTF-8; anything else ends the run with one line naming the flag.
 */
export function readFlagFile(file, flag, maxBytes) {
    const read = readRegularFile(file, maxBytes, { follow: true });
    // "cannot read --ca F: ENOENT…", not "cannot read --ca F: cannot read: ENOENT…".
    if ("problem" in read)
        throw new UsageError(`cannot read ${flag} ${file}: ${read.cause ?? read.problem}`);
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
    }
    catch {
        throw new UsageError(`cannot read ${flag} ${file}: not valid UTF-8`);
    }
}
//# sourceMappingURL=usage.js.map