import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync, } from "node:fs";
import { join } from "node:path";
import { DEFAULT_LIMITS, errorText, readRegularFile } from "../core/files.js";
const BOM = "\uFEFF";
/**
 * Replaces `file` (relative to `root`, with `/`) with `after`, only if it still holds `before` (what the plan was
 * made from). Written to a temporary file beside it, with the same mode, owner and group, then renamed over it,
 * so a reader never sees half a file. A UTF-8 byte-order mark the file starts with is kept (the walker's text does
 * not have it). Returns why it did not write, or undefined.
 *
 * Nothing is written through a symbolic link or outside the root: every directory on the way from the root must
 * be a real directory (not a link swapped in since the scan), the file is read again through a descriptor opened
 * with O_NOFOLLOW and checked to be the one found on the way, the temporary file is created with O_EXCL |
 * O_NOFOLLOW and its mode and owner are set through its descriptor, and the way is checked once more just before
 * the rename. Node has no renameat(): a writer fast enough to swap a directory between that last check and the
 * rename is the one race left.
 */
export function replaceFileAtomically(root, file, before, after) {
    const found = walkInside(root, file);
    if ("problem" in found)
        return found.problem;
    const { full, stat } = found;
    const read = readRegularFile(full, DEFAULT_LIMITS.maxFileBytes, { expected: stat });
    if ("problem" in read)
        return `cannot read it again: ${read.problem}`;
    const current = read.bytes.toString("utf8");
    const bom = current.startsWith(BOM) && !before.startsWith(BOM) ? BOM : "";
    if (current.slice(bom.length) !== before)
        return "it changed since it was read; run fix again";
    const mode = stat.mode & 0o7777;
    // Unpredictable, and created exclusively: a file already there under that name is someone else's.
    const temp = join(found.dir, `.${found.name}.wirewarden-${randomBytes(8).toString("hex")}.tmp`);
    let fd;
    let created;
    try {
        fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        created = fstatSync(fd);
        const bytes = Buffer.from(bom + after, "utf8");
        for (let at = 0; at < bytes.length;)
            at += writeSync(fd, bytes, at, bytes.length - at);
        fchmodSync(fd, mode);
        // Written as root for another user (a bind-mounted checkout): the owner must keep access to their file.
        if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.()) {
            try {
                fchownSync(fd, stat.uid, stat.gid);
            }
            catch (e) {
                throw new Error(`its owner and group (${stat.uid}:${stat.gid}) cannot be kept: ${errorText(e)}`);
            }
        }
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        const again = walkInside(root, file);
        if ("problem" in again)
            throw new Error(again.problem);
        if (again.stat.dev !== stat.dev || again.stat.ino !== stat.ino)
            throw new Error("it was replaced while being fixed; run fix again");
        const ours = lstatSync(temp);
        if (ours.dev !== created.dev || ours.ino !== created.ino)
            throw new Error("the temporary file was replaced before the rename");
        renameSync(temp, full);
    }
    catch (e) {
        if (fd !== undefined)
            closeSync(fd);
        if (created)
            removeIfOurs(temp, created);
        return `cannot write it: ${errorText(e)}`;
    }
    return undefined;
}
/**
 * `root/file` reached one component at a time with lstat: no `..`, no absolute path, no symbolic link, every
 * step but the last a directory, the last a regular file.
 */
function walkInside(root, file) {
    const parts = file.split("/");
    if (file.startsWith("/") || parts.some((p) => p === "" || p === "." || p === ".."))
        return { problem: `${file} is not a path inside the scanned directory` };
    let dir = root;
    for (const [i, part] of parts.entries()) {
        const full = join(dir, part);
        let st;
        try {
            st = lstatSync(full);
        }
        catch (e) {
            return { problem: `cannot read it again: ${errorText(e)}` };
        }
        const last = i === parts.length - 1;
        if (st.isSymbolicLink())
            return { problem: `${parts.slice(0, i + 1).join("/")} is now a symbolic link: not written through` };
        if (!last && !st.isDirectory())
            return { problem: `${parts.slice(0, i + 1).join("/")} is not a directory` };
        if (last) {
            if (!st.isFile())
                return { problem: `${file} is no longer a regular file` };
            return { full, dir, name: part, stat: st };
        }
        dir = full;
    }
    return { problem: `${file} is not a path inside the scanned directory` };
}
/** Removes the temporary file only while it is still the one created here. */
function removeIfOurs(temp, created) {
    try {
        const st = lstatSync(temp);
        if (st.dev === created.dev && st.ino === created.ino)
            unlinkSync(temp);
    }
    catch {
        // nothing was left behind
    }
}
//# sourceMappingURL=atomic-write.js.map