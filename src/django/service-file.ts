/**
 * libpq connection service files (pg_service.conf) in the tree, read as libpq reads them, and which section an
 * alias's service name resolves to. Facts only: the rules (WW118) decide what is weak.
 *
 * How libpq uses them (fe-connect.c parseServiceInfo/parseServiceFile; "The Connection Service File" in the libpq
 * docs, https://www.postgresql.org/docs/current/libpq-pgservice.html; measured here with libpq 15 and 18):
 * - the service name is the `service` connection parameter (Django passes OPTIONS['service']), else PGSERVICE;
 * - the file is PGSERVICEFILE if set, else ~/.pg_service.conf; when the section is not there, libpq reads
 *   PGSYSCONFDIR/pg_service.conf (else the compiled-in sysconfdir); no section anywhere: "definition of service
 *   "x" not found", the connection fails;
 * - precedence: a parameter of the connection string wins over the service file, and the service file wins over
 *   the PG* environment variables (PGSSLMODE, PGSSLROOTCERT…), which win over libpq's defaults. The docs: "A
 *   service file setting overrides the corresponding environment variable, and in turn can be overridden by a value
 *   given directly in the connection string"; fe-connect.c conninfo_add_defaults applies the service first and the
 *   environment only to what is still unset. Measured (libpq 15 and 18): `service=app` with PGSSLMODE=disable and
 *   `sslmode=require` in [app] gives require; `service=app sslmode=verify-ca` gives verify-ca;
 * - the format: a line is trimmed of surrounding whitespace; empty lines and lines starting with `#` are skipped (a
 *   `#` later in a line is part of the value); `[name]` starts a section (the name matched exactly, case-sensitive);
 *   only the first section of that name is read, and in it the first value of a key wins; `key=value` is split at
 *   the first `=` with nothing trimmed around it, so `sslmode = require` is a key "sslmode " libpq does not know: a
 *   syntax error, and the connection fails (libpq 15 and 18 alike); a line without `=` is one too.
 */
import { posix } from "node:path";
import { textLines } from "../core/files.js";

/** A libpq service file is read up to this many lines and sections; past them the rest is not read (WW000). */
export const MAX_SERVICE_LINES = 5000;
export const MAX_SERVICE_SECTIONS = 500;

export interface ServiceEntry {
  value: string;
  line: number;
}

export interface ServiceSection {
  name: string;
  /** The line of its `[name]` header. */
  line: number;
  /** Keys as libpq sets them: the first value of each. */
  entries: Map<string, ServiceEntry>;
  /** A line of it libpq rejects (a syntax error): every connection naming this service fails. */
  rejected?: { line: number; reason: string };
}

export interface ServiceFile {
  /** Relative to the scanned root, `/`. */
  file: string;
  /** Only the first section of each name: the one libpq reads. */
  sections: Map<string, ServiceSection>;
  /** Set when the file was longer than the bounds: what was left unread. */
  truncated?: string;
}

/** Whether a file of the tree is named as libpq's service files are. */
export function isServiceFileName(name: string): boolean {
  return name === "pg_service.conf" || name === ".pg_service.conf";
}

/** One service file, parsed as libpq parses it, bounded. */
export function parseServiceFile(text: string, file: string): ServiceFile {
  const sections = new Map<string, ServiceSection>();
  let current: ServiceSection | undefined;
  let truncated: string | undefined;
  let count = 0;
  const lines = textLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (i >= MAX_SERVICE_LINES) {
      truncated = `more than ${MAX_SERVICE_LINES} lines: lines after ${MAX_SERVICE_LINES} were not read`;
      break;
    }
    const line = (lines[i] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      const end = line.indexOf("]");
      const name = end > 0 ? line.slice(1, end) : line.slice(1);
      count++;
      if (count > MAX_SERVICE_SECTIONS) {
        truncated = `more than ${MAX_SERVICE_SECTIONS} sections: line ${i + 1} on was not read`;
        break;
      }
      // libpq reads the first section of a name and stops there: a later one of the same name is never used.
      if (sections.has(name)) current = undefined;
      else {
        current = { name, line: i + 1, entries: new Map() };
        sections.set(name, current);
      }
      continue;
    }
    if (!current || current.rejected) continue;
    const eq = line.indexOf("=");
    const key = eq < 0 ? "" : line.slice(0, eq);
    if (eq < 0) current.rejected = { line: i + 1, reason: "a line without '='" };
    else if (/\s/.test(key) || key === "")
      current.rejected = {
        line: i + 1,
        reason: `key ${JSON.stringify(key)}: libpq trims nothing around '=', so it knows no such keyword`,
      };
    else if (key === "service" || key === "servicefile")
      current.rejected = {
        line: i + 1,
        reason: `'${key}' inside a service (nested services are not supported)`,
      };
    else if (!current.entries.has(key)) current.entries.set(key, { value: line.slice(eq + 1), line: i + 1 });
  }
  return { file, sections, ...(truncated ? { truncated } : {}) };
}

/** The tree's service files: by name, and the files PGSERVICEFILE/PGSYSCONFDIR name (read by the caller). */
export function readServiceFiles(files: readonly { path: string; text?: string }[]): {
  files: ServiceFile[];
  /** WW000's: a file past the bounds (model.ts Diagnostic in shape; not imported, which would be a cycle). */
  diagnostics: { origin: { file: string; line: number; column: number }; reason: string }[];
} {
  const out: ServiceFile[] = [];
  const diagnostics: { origin: { file: string; line: number; column: number }; reason: string }[] = [];
  for (const f of files) {
    if (f.text === undefined) continue;
    const parsed = parseServiceFile(f.text, f.path);
    out.push(parsed);
    if (parsed.truncated)
      diagnostics.push({
        origin: { file: f.path, line: 1, column: 1 },
        reason: `libpq service file ${f.path} has ${parsed.truncated}; a service defined there is not resolved`,
      });
  }
  return { files: out, diagnostics };
}

/**
 * A path a PGSERVICEFILE/PGSYSCONFDIR value names, as a path of the tree: a relative one from the root (where
 * Django runs), an absolute one under the scanned root, or under a Dockerfile's WORKDIR (the image holds the tree
 * there). Undefined when the tree does not hold it: never guessed from a file name alone.
 */
export function treePathOf(
  value: string,
  ctx: { root?: string; workdirs: readonly string[]; exists: (p: string) => boolean },
): string | undefined {
  const v = value.trim();
  if (v === "" || /[$~%]/.test(v)) return undefined;
  const candidates: string[] = [];
  if (v.startsWith("/")) {
    const bases = [...(ctx.root ? [ctx.root] : []), ...ctx.workdirs];
    for (const base of bases) {
      const b = base.replace(/\/+$/, "");
      if (b !== "" && v.startsWith(`${b}/`)) candidates.push(v.slice(b.length + 1));
    }
  } else candidates.push(v);
  for (const c of candidates) {
    const rel = posix.normalize(c).replace(/^\.\//, "");
    if (rel === "." || rel === ".." || rel.startsWith("../")) continue;
    if (ctx.exists(rel)) return rel;
  }
  return undefined;
}

/** WORKDIRs of the tree's Dockerfiles (absolute ones), where the image holds the tree. */
export function dockerWorkdirs(files: readonly { path: string; text?: string }[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    if (
      !/^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(posix.basename(f.path)) ||
      f.text === undefined
    )
      continue;
    for (const m of f.text.matchAll(/^\s*WORKDIR\s+(\/\S*)\s*$/gim)) out.add(m[1] as string);
  }
  return [...out];
}
