import { isAscii } from "node:buffer";
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
} from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { filesHolding, foldCase, type Needles, needlesOf } from "./needle-scan.js";
import { PYTHON_NEEDLES, PYTHON_NEEDLES_ANY_CASE, prefiltersOn } from "./prefilter.js";

/** posix.basename and posix.dirname of a tree path, without their argument checks (issue 22: per file). */
const plain = (p: string) => !p.endsWith("/") && !p.includes("//");
export const baseOf = (p: string): string => (plain(p) ? p.slice(p.lastIndexOf("/") + 1) : posix.basename(p));
export function dirOf(p: string): string {
  if (!plain(p)) return posix.dirname(p);
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
}

/** A file of the scanned tree, read with limits. Paths are relative to the root, with `/`. */
export interface SourceFile {
  path: string;
  /** The text, or why it could not be read. */
  text?: string;
  problem?: string;
  size: number;
  mode: number;
  uid: number;
}

/**
 * Python source as Python reads it: `\r\n` and a lone `\r` end a line just as `\n` does (universal newlines), so
 * a CR-only or mixed file parses, and its line numbers are Python's. Columns do not move.
 */
export function pythonText(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * Like pythonText, but every offset stays that of the file (a lone `\r` becomes `\n`, `\r\n` stays: tree-sitter
 * reads it as one line end): for code that edits the file by the parse tree's offsets.
 */
export function pythonTextSameOffsets(text: string): string {
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

/** The lines of a text file, split where Python (and editors) end lines: `\n`, `\r\n` or `\r`. */
export function textLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

export interface WalkLimits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /** Most files looked at. */
  maxFiles: number;
  /** Paths (relative, `/`-separated) the user left out (`--exclude`): not listed, not read, not descended. */
  exclude?: (path: string, isDir: boolean) => boolean;
  /**
   * Python files another reader already saw hold none of PYTHON_NEEDLES (`--diff-base`: git grep): listed, and read
   * only when something asks for their text (deferredFile). Awaited once the tree is listed, before any file is read.
   */
  deferred?: PromiseLike<ReadonlySet<string> | undefined> | ReadonlySet<string>;
}

export const DEFAULT_LIMITS: WalkLimits = { maxFileBytes: 1024 * 1024, maxFiles: 100_000 };

export const SKIP_DIRS: ReadonlySet<string> = new Set([
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
function skippedDir(name: string): boolean {
  return SKIP_DIRS.has(name) || name.endsWith(".egg-info");
}

/**
 * A Python module waiting to be rendered or copied into place: `settings.py.j2`, `local_settings.py.example`,
 * Django's own `settings.py-tpl`. Read as templates (placeholders unknown), never run.
 */
export function isPythonTemplateName(name: string): boolean {
  // Also `config.py.prod.example`: a qualifier between `.py` and the template suffix.
  return /\.py(\.[\w-]+)*(\.(j2|jinja|jinja2|example|tmpl|tpl|template|dist|sample)|-tpl)$/i.test(name);
}

/**
 * Files that name the project's Python dependencies: they say which driver, hence which libpq, it loads
 * (django/libpq-version.ts). `dirName` is the folder's own name (requirements/base.txt).
 */
export function isDependencyFile(name: string, dirName = ""): boolean {
  return (
    /^(pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg)$/.test(name) ||
    (/\.(txt|in)$/.test(name) && (/requirement|constraint/i.test(name) || /^requirements?$/i.test(dirName)))
  );
}

/**
 * Files the scan reads: Python, env files, key files (permissions only), and the deployment files that start the
 * database or configure the app: Dockerfiles, compose/Kubernetes/Helm/CI YAML, shell scripts, Makefiles,
 * Procfiles, SQL, pg_hba.conf and libpq's service files (pg_service.conf, .pg_service.conf). An env file a
 * compose service names by another name, and a service file PGSERVICEFILE names by another, are read on request.
 */
export function isInteresting(name: string, dirName = ""): boolean {
  return (
    name.endsWith(".py") ||
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
    name.endsWith(".key")
  );
}

/**
 * One more file of the tree by its path relative to the root (a compose `env_file` with any name), under the same
 * limits as the walk: no `..`, no absolute path, no symbolic link anywhere on the way, a regular file.
 */
export function readTreeFile(
  root: string,
  path: string,
  limits: WalkLimits = DEFAULT_LIMITS,
): SourceFile | undefined {
  const parts = path.split("/");
  if (path.startsWith("/") || parts.some((p) => p === ".." || p === "" || p === ".")) return undefined;
  let full = root;
  let st: Stats | undefined;
  for (const part of parts) {
    full = join(full, part);
    try {
      st = lstatSync(full);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) return undefined;
  }
  if (!st?.isFile()) return undefined;
  return readLimited(root, full, limits, st);
}

export interface WalkResult {
  files: SourceFile[];
  /** Every regular file seen, interesting or not. */
  allPaths: string[];
  /** Directories or files that could not be listed or were skipped for a reason worth saying. */
  problems: { path: string; problem: string; gating?: boolean }[];
  /** How many files and directories `exclude` left out. */
  excluded: number;
}

/**
 * Lists the tree under `root`. Symbolic links are never followed (so nothing outside the root is read and
 * a link loop cannot hang the walk); files over the size limit are listed with a problem, not read.
 */
export async function walkTree(
  root: string,
  limits: WalkLimits = DEFAULT_LIMITS,
  yieldEveryMs = 5,
): Promise<WalkResult> {
  // The walk is synchronous work: every few milliseconds it gives the event loop a turn, or what was started
  // before it (the grammar's WebAssembly, compiled off the main thread, then instantiated on it) would wait for its
  // end to take each next step.
  let turn = performance.now() + yieldEveryMs;
  const files: SourceFile[] = [];
  const allPaths: string[] = [];
  const problems: WalkResult["problems"] = [];
  const stack: string[] = [root];
  let seen = 0;
  let excluded = 0;
  // A Python file without any reader's literal is deferred (one switch turns that off with every other skip).
  const arena = new AsciiArena(ARENA_SEGMENT_BYTES, prefiltersOn() ? pythonNeedles() : undefined);
  const pause = async () => {
    if (performance.now() < turn) return;
    await new Promise((resolve) => setImmediate(resolve));
    turn = performance.now() + yieldEveryMs;
  };
  // The tree is listed first, then read: what to defer (limits.deferred) may still be on its way while it is listed.
  const toRead: { at: number; full: string; path: string }[] = [];
  const readListed = async () => {
    const deferred = await limits.deferred;
    for (const { at, full, path } of toRead) {
      await pause();
      // No lstat: the open refuses a link (O_NOFOLLOW) and a FIFO (O_NONBLOCK, then fstat), whatever was swapped
      // in since the listing, and its fstat gives the size.
      const python = path.endsWith(".py");
      if (python && deferred?.has(path)) {
        files[at] = deferredFile(root, path, limits);
        continue;
      }
      const later: Deferral | undefined = python
        ? {
            defer: () => {
              files[at] = deferredFile(root, path, limits);
            },
            reread: () => {
              files[at] = readLimited(root, full, limits);
            },
          }
        : undefined;
      files[at] = readLimited(root, full, limits, undefined, arena, later);
    }
    arena.finish();
  };
  while (stack.length > 0) {
    await pause();
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      // The entry types come with the listing: only the files the scan reads are stat'ed (issue 22).
      entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) =>
        x.name < y.name ? 1 : x.name > y.name ? -1 : 0,
      );
    } catch (e) {
      problems.push({ path: rel(root, dir), problem: `cannot list directory: ${errorText(e)}` });
      continue;
    }
    // A virtualenv by any name (env/, .direnv/python-3.11/, myvenv/) holds installed packages, not the project.
    if (dir !== root && entries.some((e) => e.name === "pyvenv.cfg")) continue;
    // Once per directory, not per entry (issue 22: the bench tree lists 15,000 files).
    const relDir = rel(root, dir);
    const dirName = dir.slice(dir.lastIndexOf(sep) + 1);
    for (const entry of entries) {
      const name = entry.name;
      // A listed name has no separator and `dir` is already normal: path.join's normalising was ~10% of the walk.
      const full = dir.endsWith(sep) ? dir + name : dir + sep + name;
      const path = relDir === "." ? name : `${relDir}/${name}`;
      if (limits.exclude?.(path, entry.isDirectory())) {
        excluded++;
        continue;
      }
      if (entry.isSymbolicLink()) {
        if (isInteresting(name)) problems.push({ path, problem: "symbolic link, not followed" });
        continue;
      }
      if (entry.isDirectory()) {
        if (!skippedDir(name)) stack.push(full);
        continue;
      }
      if (!entry.isFile()) {
        // A FIFO, socket or device named like a settings, env or compose file is never opened (a FIFO would
        // block the scan), and is said, not passed over.
        if (isInteresting(name))
          problems.push({ path, problem: `${specialKind(entry)}, not a regular file: not read` });
        continue;
      }
      if (allPaths.length < limits.maxFiles * 10) allPaths.push(path);
      if (!isInteresting(name, dirName)) continue;
      seen += 1;
      if (seen > limits.maxFiles) {
        // Fails closed: what was not read may hold the settings that matter, so this gates like an unknown alias.
        problems.push({
          path,
          problem: `more than ${limits.maxFiles} files: the walk stopped in ${relDir}, and the rest were not read`,
          gating: true,
        });
        await readListed();
        return { files, allPaths, problems, excluded };
      }
      toRead.push({ at: files.length, full, path });
      files.push({ path: "", size: 0, mode: 0, uid: -1 });
    }
  }
  await readListed();
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, allPaths, problems, excluded };
}

const FIELDS = ["text", "problem", "size", "mode", "uid"] as const;

/**
 * A Python file of the walk that is read when its text, problem or size is first asked for (an import, an exec'd
 * path), as readTreeFile reads (no link on the way, the walk's limits), and never before. It holds none of
 * PYTHON_NEEDLES, so a reader that acts on a file without importing it skips it (isDeferred). Its fields are the
 * object's own properties, so a copy (`{ ...f }`) reads it rather than losing its text. (Getters of an object
 * literal would do as much, but cost ~8 µs a file to make; these, ~1.)
 */
class DeferredFile {
  #read: SourceFile | undefined;
  readonly #root: string;
  readonly #limits: WalkLimits;
  readonly path: string;

  constructor(root: string, path: string, limits: WalkLimits) {
    deferredMade++;
    this.path = path;
    this.#root = root;
    this.#limits = limits;
    for (const key of FIELDS) Object.defineProperty(this, key, DEFERRED_FIELDS[key]);
  }

  /** Reads the file (once). */
  static load(f: DeferredFile): SourceFile {
    if (!f.#read) {
      deferredReads++;
      f.#read = readTreeFile(f.#root, f.path, f.#limits) ?? {
        path: f.path,
        ...statFields(undefined),
        problem: "it was replaced while being read: not read",
      };
    }
    return f.#read;
  }

  /** What was read, if anything was. */
  static read(f: DeferredFile): SourceFile | undefined {
    return f.#read;
  }
}

const DEFERRED_FIELDS = Object.fromEntries(
  FIELDS.map((key) => [
    key,
    {
      enumerable: true,
      configurable: true,
      get(this: DeferredFile) {
        return DeferredFile.load(this)[key];
      },
    },
  ]),
) as Record<(typeof FIELDS)[number], PropertyDescriptor>;

function deferredFile(root: string, path: string, limits: WalkLimits): SourceFile {
  return new DeferredFile(root, path, limits) as unknown as SourceFile;
}

/** Reads a deferred file now and makes it an ordinary one, which every reader reads (a file the change touched). */
export function undefer(f: SourceFile): void {
  if (!(f instanceof DeferredFile)) return;
  const read = DeferredFile.load(f);
  for (const key of FIELDS)
    Object.defineProperty(f, key, {
      enumerable: read[key] !== undefined,
      configurable: true,
      writable: true,
      value: read[key],
    });
  Object.setPrototypeOf(f, Object.prototype);
}

let deferredReads = 0;
let deferredMade = 0;

/** Deferred files made, and read, so far in this process (the tests count them). */
export function deferredCounts(): { made: number; read: number } {
  return { made: deferredMade, read: deferredReads };
}

/** Whether the walk deferred this file: it holds none of PYTHON_NEEDLES (read since or not). */
export function isDeferred(f: object): boolean {
  return f instanceof DeferredFile;
}

/** Whether the walk read the file's text, or deferred it (git read it: it is a readable file). */
export function isReadable(f: SourceFile): boolean {
  return isDeferred(f) || f.text !== undefined;
}

/**
 * Why the file could not be read: for a deferred file, only once something read it (nothing that read no text of
 * it can have acted on it).
 */
export function problemOf(f: SourceFile): string | undefined {
  return f instanceof DeferredFile ? DeferredFile.read(f)?.problem : f.problem;
}

function specialKind(st: Stats | Dirent): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device node";
  return "a special file";
}

export interface RegularFileRead {
  bytes: Buffer;
  /** fstat of the descriptor that was read. */
  stat: Stats;
}

/**
 * The one way wirewarden opens a file: without blocking (O_NONBLOCK: a FIFO swapped in cannot hang the run) and,
 * unless `follow`, without following a symbolic link (O_NOFOLLOW). The descriptor is then fstat'ed: it must be a
 * regular file, no larger than `maxBytes`, and, when `expected` (an earlier lstat) is given, that very file (same
 * device and inode), so a file replaced between the look and the read is refused rather than read. At most
 * `maxBytes` are read even if the file grows meanwhile.
 */
export function readRegularFile(
  path: string,
  maxBytes: number,
  o: { expected?: Stats; follow?: boolean; alloc?: (size: number) => Buffer } = {},
): RegularFileRead | { problem: string; cause?: string; stat?: Stats } {
  const alloc = o.alloc ?? Buffer.allocUnsafe;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (o.follow ? 0 : constants.O_NOFOLLOW));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") return { problem: "symbolic link, not followed" };
    return unreadable(e);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: `${specialKind(stat)}, not a regular file: not read` };
    if (o.expected && (stat.dev !== o.expected.dev || stat.ino !== o.expected.ino))
      return { problem: "it was replaced while being read: not read" };
    if (stat.size > maxBytes)
      return { problem: `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit`, stat };
    // Sized by fstat, grown only if the file grows while it is read, never past maxBytes + 1. Not zero-filled:
    // only the `length` bytes read are ever looked at.
    let bytes = alloc(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (bytes.length > maxBytes) break;
        const bigger = alloc(Math.min(maxBytes + 1, bytes.length * 2));
        // copy, not set: from an arena (AsciiArena) the bigger buffer may start where this one does.
        bytes.copy(bigger, 0, 0, length);
        bytes = bigger;
      }
      const asked = bytes.length - length;
      const n = readSync(fd, bytes, length, asked, null);
      length += n;
      // A regular file answers short only at its end: no second read to hear 0 (one system call per file).
      if (n < asked) break;
    }
    if (length > maxBytes)
      return { problem: `file grew past the ${formatBytes(maxBytes)} limit while being read` };
    return { bytes: bytes.subarray(0, length), stat };
  } catch (e) {
    return unreadable(e);
  } finally {
    closeSync(fd);
  }
}

/** An I/O error; `cause` is the bare reason, for callers that say "cannot read" themselves. */
function unreadable(e: unknown): { problem: string; cause: string } {
  return { problem: `cannot read: ${errorText(e)}`, cause: errorText(e) };
}

/** One decoder for every file: decode() without streaming keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** size, mode and uid of a stat, as a SourceFile carries them. */
const statFields = (st: Stats | undefined) => ({
  size: st?.size ?? 0,
  mode: (st?.mode ?? 0) & 0o777,
  uid: st?.uid ?? -1,
});

let needles: Needles | undefined;
/** PYTHON_NEEDLES as bytes, made once. */
function pythonNeedles(): Needles {
  needles ??= needlesOf(
    PYTHON_NEEDLES.filter((n) => !(PYTHON_NEEDLES_ANY_CASE as readonly string[]).includes(n)),
    PYTHON_NEEDLES_ANY_CASE,
  );
  return needles;
}

/**
 * The bytes one arena string holds: big enough to live off V8's heap (past ~1 MB), small enough that the buffer
 * and the string made from it (a copy) cost little memory side by side.
 */
const ARENA_SEGMENT_BYTES = 2 * 1024 * 1024;

/** What the walk does with a kept Python file that turns out to hold none of the needles (AsciiArena). */
export interface Deferral {
  /** It is not needed unless imported: it becomes a deferred file. */
  defer(): void;
  /** It holds an any-case needle, and its bytes were folded while looking: it is read again, on its own. */
  reread(): void;
}

/**
 * Where the walk reads files, and how the ASCII ones (most source files) become text (issue 22): their bytes are
 * read one after another into one buffer, which becomes one string at the end of the walk, and each file's text is
 * a slice of it. Thousands of file texts otherwise fill V8's young generation, which copies each survivor on
 * every collection; one string that large lives off the heap (Node makes a Latin-1 string past ~1 MB external),
 * and a slice is a few words. Other files are decoded one by one, as readTreeFile does.
 *
 * With `needles`, a Python file kept with a Deferral that holds none of them gets no text: it is deferred, as
 * `--diff-base` defers what git grep found without them (on the bench tree, 2,993 of 3,000 files). It is looked for
 * in the bytes, before any string is made, one search per literal over the whole buffer (needle-scan.ts); the
 * strings are made of the other files alone, moved together first (each fresh page of a string is a page fault, and
 * a string of every file's text was ~15 ms of the real-sized scan).
 */
export class AsciiArena {
  // One segment from the start: growing by doubling copied what was read, and each copy touched fresh pages.
  private buf: Buffer;
  private used = 0;
  private waiting: { file: { text?: string }; start: number; end: number; later: Deferral | undefined }[] =
    [];

  constructor(
    private readonly segmentBytes = ARENA_SEGMENT_BYTES,
    private readonly needles?: Needles,
  ) {
    this.buf = Buffer.allocUnsafe(segmentBytes);
  }

  /** Room for `size` bytes at the end, for readRegularFile; nothing is kept until `keep`. */
  readonly alloc = (size: number): Buffer => {
    if (this.used + size > this.segmentBytes && this.used > 0) this.finish();
    if (this.used + size > this.buf.length) {
      // Doubling, but not past what one segment needs (finish above keeps `used + size` near it).
      const want = this.used + size;
      const bigger = Buffer.allocUnsafe(Math.max(want, Math.min(this.buf.length * 2, this.segmentBytes)));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    return this.buf.subarray(this.used, this.used + size);
  };

  /**
   * Whether `bytes` (the last alloc's, read) are ASCII and now kept, to be `file`'s text at `finish`, or to be
   * deferred then by `later` if they hold none of the needles.
   */
  keep(bytes: Buffer, file: { text?: string }, later?: Deferral): boolean {
    const start = bytes.byteOffset - this.buf.byteOffset;
    if (bytes.buffer !== this.buf.buffer || start !== this.used || !isAscii(bytes)) return false;
    this.used += bytes.length;
    this.waiting.push({ file, start, end: this.used, later });
    return true;
  }

  /** Gives every kept file its text, or defers it; the arena starts again empty. */
  finish(): void {
    const waiting = this.waiting;
    if (waiting.length > 0) {
      // 0: text; 1: deferred; 2: read again.
      const fate = this.needles ? this.fates() : undefined;
      let length = this.used;
      if (fate) {
        // The files that keep their text, moved together (each only ever moves towards the start).
        length = 0;
        for (let k = 0; k < waiting.length; k++) {
          const w = waiting[k] as (typeof waiting)[number];
          if (fate[k] !== 0) continue;
          const size = w.end - w.start;
          if (w.start !== length) this.buf.copy(this.buf, length, w.start, w.end);
          w.start = length;
          w.end = length + size;
          length += size;
        }
      }
      const all = length > 0 ? this.buf.toString("latin1", 0, length) : "";
      for (let k = 0; k < waiting.length; k++) {
        const w = waiting[k] as (typeof waiting)[number];
        if (!fate || fate[k] === 0) w.file.text = all.slice(w.start, w.end);
        else if (fate[k] === 1) w.later?.defer();
        else w.later?.reread();
      }
    }
    this.waiting = [];
    this.used = 0;
  }

  /** Which kept files hold no needle (1), or only an any-case one, found in bytes folded in place (2). */
  private fates(): Uint8Array | undefined {
    const needles = this.needles as Needles;
    const waiting = this.waiting;
    if (!waiting.some((w) => w.later)) return undefined;
    const bytes = this.buf.subarray(0, this.used);
    const starts = waiting.map((w) => w.start);
    const ends = waiting.map((w) => w.end);
    const held = filesHolding(bytes, starts, ends, needles.exact);
    const fate = new Uint8Array(waiting.length);
    let open = 0;
    for (let k = 0; k < waiting.length; k++)
      if (waiting[k]?.later && !held[k]) {
        fate[k] = 1;
        open++;
      }
    if (open === 0 || needles.anyCase.length === 0) return fate;
    // Only a deferred file's bytes are folded: they are not needed any more, unless an any-case needle is among them.
    for (let k = 0; k < waiting.length; k++) if (fate[k] === 1) foldCase(bytes.subarray(starts[k], ends[k]));
    const heldAnyCase = filesHolding(bytes, starts, ends, needles.anyCase);
    for (let k = 0; k < waiting.length; k++) if (fate[k] === 1 && heldAnyCase[k]) fate[k] = 2;
    return fate;
  }
}

function readLimited(
  root: string,
  full: string,
  limits: WalkLimits,
  expected?: Stats,
  arena?: AsciiArena,
  later?: Deferral,
): SourceFile {
  const path = rel(root, full);
  if (full.endsWith(".key")) {
    // Key files are only checked for permissions, never read.
    let st = expected;
    try {
      st ??= lstatSync(full);
    } catch (e) {
      return { path, ...statFields(undefined), problem: `cannot stat: ${errorText(e)}` };
    }
    return { path, ...statFields(st) };
  }
  const read = readRegularFile(full, limits.maxFileBytes, {
    ...(expected ? { expected } : {}),
    ...(arena ? { alloc: arena.alloc } : {}),
  });
  if ("problem" in read) return { path, ...statFields(read.stat ?? expected), problem: read.problem };
  const base = { path, ...statFields(read.stat) };
  const buf = read.bytes;
  if (arena) {
    const file: SourceFile = { ...base, text: "" };
    if (arena.keep(buf, file, later)) return file;
  }
  try {
    const text = UTF8.decode(buf);
    return { ...base, text: text.replace(/^\uFEFF/, "") };
  } catch {
    const declared = full.endsWith(".py") ? declaredEncoding(buf) : undefined;
    const text = declared ? decodeAs(buf, declared) : undefined;
    if (text !== undefined) return { ...base, text };
    return { ...base, problem: "file is not valid UTF-8" };
  }
}

/**
 * PEP 263: `# -*- coding: latin-1 -*-` on line 1 or 2 says how Python decodes the module; a file Python imports
 * is read the same way (only when it is not UTF-8 already).
 */
function declaredEncoding(buf: Buffer): string | undefined {
  const head = buf
    .subarray(0, 512)
    .toString("latin1")
    .split(/\r\n?|\n/, 2);
  for (const line of head) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m) return (m[1] as string).toLowerCase();
    if (!/^[ \t\f]*(#.*)?$/.test(line)) return undefined;
  }
  return undefined;
}

/** Python's spellings of an encoding that the WHATWG names differently (`latin-1`, `iso8859_15`). */
function whatwgEncoding(python: string): string {
  const e = python.replace(/_/g, "-");
  if (/^(latin-?1|l1|iso-?8859-1)$/.test(e)) return "iso-8859-1";
  const iso = /^iso-?8859-(\d+)$/.exec(e);
  return iso ? `iso-8859-${iso[1]}` : e;
}

function decodeAs(buf: Buffer, encoding: string): string | undefined {
  try {
    return new TextDecoder(whatwgEncoding(encoding), { fatal: true }).decode(buf);
  } catch {
    return undefined; // an encoding the runtime does not know, or bytes that are not in it
  }
}

function rel(root: string, full: string): string {
  // Every path here is join(root, …): a prefix cut, where path.relative would normalise both (issue 22: per file).
  const cut = full.startsWith(root + sep) ? full.slice(root.length + 1) : relative(root, full);
  return (sep === "/" ? cut : cut.split(sep).join("/")) || ".";
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof e.code === "string") {
    const msg = "message" in e && typeof e.message === "string" ? e.message : "";
    return e.code === "EACCES" ? "permission denied" : msg.split(",")[0] || e.code;
  }
  return e instanceof Error ? e.message : String(e);
}
