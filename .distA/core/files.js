import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, } from "node:fs";
import { basename, join, relative, sep } from "node:path";
/**
 * Python source as Python reads it: `\r\n` and a lone `\r` end a line just as `\n` does (universal newlines), so
 * a CR-only or mixed file parses, and its line numbers are Python's. Columns do not move.
 */
export function pythonText(text) {
    return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}
/**
 * Like pythonText, but every offset stays that of the file (a lone `\r` becomes `\n`, `\r\n` stays: tree-sitter
 * reads it as one line end): for code that edits the file by the parse tree's offsets.
 */
export function pythonTextSameOffsets(text) {
    return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}
/** The lines of a text file, split where Python (and editors) end lines: `\n`, `\r\n` or `\r`. */
export function textLines(text) {
    return text.split(/\r\n?|\n/);
}
export const DEFAULT_LIMITS = { maxFileBytes: 1024 * 1024, maxFiles: 100_000 };
export const SKIP_DIRS = new Set([
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "dist-packages",
    ".eggs",
    "htmlcov",
]);
/** Directories never descended: version control, caches, installed packages and build metadata. */
function skippedDir(name) {
    return SKIP_DIRS.has(name) || name.endsWith(".egg-info");
}
/**
 * A Python module waiting to be rendered or copied into place: `settings.py.j2`, `local_settings.py.example`,
 * Django's own `settings.py-tpl`. Read as templates (placeholders unknown), never run.
 */
export function isPythonTemplateName(name) {
    // Also `config.py.prod.example`: a qualifier between `.py` and the template suffix.
    return /\.py(\.[\w-]+)*(\.(j2|jinja|jinja2|example|tmpl|tpl|template|dist|sample)|-tpl)$/i.test(name);
}
/**
 * Files that name the project's Python dependencies: they say which driver, hence which libpq, it loads
 * (django/libpq-version.ts). `dirName` is the folder's own name (requirements/base.txt).
 */
export function isDependencyFile(name, dirName = "") {
    return (/^(pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg)$/.test(name) ||
        (/\.(txt|in)$/.test(name) && (/requirement|constraint/i.test(name) || /^requirements?$/i.test(dirName))));
}
/**
 * Files the scan reads: Python, env files, key files (permissions only), and the deployment files that start the
 * database or configure the app: Dockerfiles, compose/Kubernetes/Helm/CI YAML, shell scripts, Makefiles,
 * Procfiles, SQL, pg_hba.conf and libpq's service files (pg_service.conf, .pg_service.conf). An env file a
 * compose service names by another name, and a service file PGSERVICEFILE names by another, are read on request.
 */
export function isInteresting(name, dirName = "") {
    return (name.endsWith(".py") ||
        isDependencyFile(name, dirName) ||
        isPythonTemplateName(name) ||
        name === ".env" ||
        name.startsWith(".env.") ||
        name.endsWith(".env") ||
        /^(Dockerfile|Containerfile)(\..*)?$/.test(name) ||
        name.endsWith(".dockerfile") ||
        name === "Procfile" ||
        /\.(ya?ml|sh|bash|sql)$/i.test(name) ||
        /^(Makefile|GNUmakefile|makefile)$/.test(name) ||
        name === "pg_hba.conf" ||
        name === "pg_service.conf" ||
        name === ".pg_service.conf" ||
        name.endsWith(".hba.conf") ||
        /^pgbouncer[\w.-]*\.ini$/i.test(name) ||
        name.endsWith(".key"));
}
/**
 * One more file of the tree by its path relative to the root (a compose `env_file` with any name), under the same
 * limits as the walk: no `..`, no absolute path, no symbolic link anywhere on the way, a regular file.
 */
export function readTreeFile(root, path, limits = DEFAULT_LIMITS) {
    const parts = path.split("/");
    if (path.startsWith("/") || parts.some((p) => p === ".." || p === "" || p === "."))
        return undefined;
    let full = root;
    let st;
    for (const part of parts) {
        full = join(full, part);
        try {
            st = lstatSync(full);
        }
        catch {
            return undefined;
        }
        if (st.isSymbolicLink())
            return undefined;
    }
    if (!st?.isFile())
        return undefined;
    return readLimited(root, full, limits, st);
}
/**
 * Lists the tree under `root`. Symbolic links are never followed (so nothing outside the root is read and
 * a link loop cannot hang the walk); files over the size limit are listed with a problem, not read.
 */
export async function walkTree(root, limits = DEFAULT_LIMITS, yieldEveryMs = 5) {
    // The walk is synchronous work: every few milliseconds it gives the event loop a turn, or what was started
    // before it (the grammar's WebAssembly, compiled off the main thread, then instantiated on it) would wait for its
    // end to take each next step.
    let turn = performance.now() + yieldEveryMs;
    const files = [];
    const allPaths = [];
    const problems = [];
    const stack = [root];
    let seen = 0;
    let excluded = 0;
    while (stack.length > 0) {
        if (performance.now() >= turn) {
            await new Promise((resolve) => setImmediate(resolve));
            turn = performance.now() + yieldEveryMs;
        }
        const dir = stack.pop();
        let entries;
        try {
            // The entry types come with the listing: only the files the scan reads are stat'ed (issue 22).
            entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name < y.name ? 1 : x.name > y.name ? -1 : 0);
        }
        catch (e) {
            problems.push({ path: rel(root, dir), problem: `cannot list directory: ${errorText(e)}` });
            continue;
        }
        // A virtualenv by any name (env/, .direnv/python-3.11/, myvenv/) holds installed packages, not the project.
        if (dir !== root && entries.some((e) => e.name === "pyvenv.cfg"))
            continue;
        for (const entry of entries) {
            const name = entry.name;
            const full = join(dir, name);
            if (limits.exclude?.(rel(root, full), entry.isDirectory())) {
                excluded++;
                continue;
            }
            if (entry.isSymbolicLink()) {
                if (isInteresting(name))
                    problems.push({ path: rel(root, full), problem: "symbolic link, not followed" });
                continue;
            }
            if (entry.isDirectory()) {
                if (!skippedDir(name))
                    stack.push(full);
                continue;
            }
            if (!entry.isFile()) {
                // A FIFO, socket or device named like a settings, env or compose file is never opened (a FIFO would
                // block the scan), and is said, not passed over.
                if (isInteresting(name))
                    problems.push({
                        path: rel(root, full),
                        problem: `${specialKind(entry)}, not a regular file: not read`,
                    });
                continue;
            }
            if (allPaths.length < limits.maxFiles * 10)
                allPaths.push(rel(root, full));
            if (!isInteresting(name, basename(dir)))
                continue;
            seen += 1;
            if (seen > limits.maxFiles) {
                // Fails closed: what was not read may hold the settings that matter, so this gates like an unknown alias.
                problems.push({
                    path: rel(root, full),
                    problem: `more than ${limits.maxFiles} files: the walk stopped in ${rel(root, dir) || "."}, and the rest were not read`,
                    gating: true,
                });
                return { files, allPaths, problems, excluded };
            }
            // No lstat: the open refuses a link (O_NOFOLLOW) and a FIFO (O_NONBLOCK, then fstat), whatever was swapped
            // in since the listing, and its fstat gives the size.
            files.push(readLimited(root, full, limits));
        }
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, allPaths, problems, excluded };
}
function specialKind(st) {
    if (st.isDirectory())
        return "a directory";
    if (st.isFIFO())
        return "a FIFO (named pipe)";
    if (st.isSocket())
        return "a socket";
    if (st.isCharacterDevice() || st.isBlockDevice())
        return "a device node";
    return "a special file";
}
/**
 * The one way wirewarden opens a file: without blocking (O_NONBLOCK: a FIFO swapped in cannot hang the run) and,
 * unless `follow`, without following a symbolic link (O_NOFOLLOW). The descriptor is then fstat'ed: it must be a
 * regular file, no larger than `maxBytes`, and, when `expected` (an earlier lstat) is given, that very file (same
 * device and inode), so a file replaced between the look and the read is refused rather than read. At most
 * `maxBytes` are read even if the file grows meanwhile.
 */
export function readRegularFile(path, maxBytes, o = {}) {
    let fd;
    try {
        fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (o.follow ? 0 : constants.O_NOFOLLOW));
    }
    catch (e) {
        if (e.code === "ELOOP")
            return { problem: "symbolic link, not followed" };
        return unreadable(e);
    }
    try {
        const stat = fstatSync(fd);
        if (!stat.isFile())
            return { problem: `${specialKind(stat)}, not a regular file: not read` };
        if (o.expected && (stat.dev !== o.expected.dev || stat.ino !== o.expected.ino))
            return { problem: "it was replaced while being read: not read" };
        if (stat.size > maxBytes)
            return { problem: `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit`, stat };
        // Sized by fstat, grown only if the file grows while it is read, never past maxBytes + 1. Not zero-filled:
        // only the `length` bytes read are ever looked at.
        let bytes = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
        let length = 0;
        for (;;) {
            if (length === bytes.length) {
                if (bytes.length > maxBytes)
                    break;
                const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, bytes.length * 2));
                bytes.copy(bigger, 0, 0, length);
                bytes = bigger;
            }
            const asked = bytes.length - length;
            const n = readSync(fd, bytes, length, asked, null);
            length += n;
            // A regular file answers short only at its end: no second read to hear 0 (one system call per file).
            if (n < asked)
                break;
        }
        if (length > maxBytes)
            return { problem: `file grew past the ${formatBytes(maxBytes)} limit while being read` };
        return { bytes: bytes.subarray(0, length), stat };
    }
    catch (e) {
        return unreadable(e);
    }
    finally {
        closeSync(fd);
    }
}
/** An I/O error; `cause` is the bare reason, for callers that say "cannot read" themselves. */
function unreadable(e) {
    return { problem: `cannot read: ${errorText(e)}`, cause: errorText(e) };
}
/** One decoder for every file: decode() without streaming keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** size, mode and uid of a stat, as a SourceFile carries them. */
const statFields = (st) => ({
    size: st?.size ?? 0,
    mode: (st?.mode ?? 0) & 0o777,
    uid: st?.uid ?? -1,
});
function readLimited(root, full, limits, expected) {
    const path = rel(root, full);
    if (full.endsWith(".key")) {
        // Key files are only checked for permissions, never read.
        let st = expected;
        try {
            st ??= lstatSync(full);
        }
        catch (e) {
            return { path, ...statFields(undefined), problem: `cannot stat: ${errorText(e)}` };
        }
        return { path, ...statFields(st) };
    }
    const read = readRegularFile(full, limits.maxFileBytes, expected ? { expected } : {});
    if ("problem" in read)
        return { path, ...statFields(read.stat ?? expected), problem: read.problem };
    const base = { path, ...statFields(read.stat) };
    const buf = read.bytes;
    try {
        const text = UTF8.decode(buf);
        return { ...base, text: text.replace(/^\uFEFF/, "") };
    }
    catch {
        const declared = full.endsWith(".py") ? declaredEncoding(buf) : undefined;
        const text = declared ? decodeAs(buf, declared) : undefined;
        if (text !== undefined)
            return { ...base, text };
        return { ...base, problem: "file is not valid UTF-8" };
    }
}
/**
 * PEP 263: `# -*- coding: latin-1 -*-` on line 1 or 2 says how Python decodes the module; a file Python imports
 * is read the same way (only when it is not UTF-8 already).
 */
function declaredEncoding(buf) {
    const head = buf
        .subarray(0, 512)
        .toString("latin1")
        .split(/\r\n?|\n/, 2);
    for (const line of head) {
        const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
        if (m)
            return m[1].toLowerCase();
        if (!/^[ \t\f]*(#.*)?$/.test(line))
            return undefined;
    }
    return undefined;
}
/** Python's spellings of an encoding that the WHATWG names differently (`latin-1`, `iso8859_15`). */
function whatwgEncoding(python) {
    const e = python.replace(/_/g, "-");
    if (/^(latin-?1|l1|iso-?8859-1)$/.test(e))
        return "iso-8859-1";
    const iso = /^iso-?8859-(\d+)$/.exec(e);
    return iso ? `iso-8859-${iso[1]}` : e;
}
function decodeAs(buf, encoding) {
    try {
        return new TextDecoder(whatwgEncoding(encoding), { fatal: true }).decode(buf);
    }
    catch {
        return undefined; // an encoding the runtime does not know, or bytes that are not in it
    }
}
function rel(root, full) {
    // Every path here is join(root, …): a prefix cut, where path.relative would normalise both (issue 22: per file).
    const cut = full.startsWith(root + sep) ? full.slice(root.length + 1) : relative(root, full);
    return (sep === "/" ? cut : cut.split(sep).join("/")) || ".";
}
function formatBytes(n) {
    return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
export function errorText(e) {
    if (e && typeof e === "object" && "code" in e && typeof e.code === "string") {
        const msg = "message" in e && typeof e.message === "string" ? e.message : "";
        return e.code === "EACCES" ? "permission denied" : msg.split(",")[0] || e.code;
    }
    return e instanceof Error ? e.message : String(e);
}
//# sourceMappingURL=files.js.map