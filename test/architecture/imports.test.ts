/**
 * The layers of src/, kept by a test (issue 17): which folder may import which, no product code importing the
 * lab, and no import cycle between files. A new edge is a design decision: add it here, in docs/architecture.md
 * (the README's architecture section summarises it), and say why.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

const SRC = join(REPO, "src");

/**
 * What each folder may import besides itself. `lab/` is for tests, the demo and the benchmark, and for one product
 * module: prove's pooler leg (engine/prove-pooler.ts), which reproduces a project's PgBouncer with the lab's.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  pgwire: [],
  libpq: [],
  python: ["core"],
  deploy: ["core", "python"],
  django: ["core", "python", "deploy", "libpq"],
  tls: [],
  net: ["pgwire"],
  probe: ["core", "libpq", "pgwire", "tls", "net"],
  mitm: ["core", "libpq", "pgwire", "tls", "net"],
  rules: ["core", "python", "deploy", "django", "libpq", "probe", "mitm"],
  fix: ["core", "python", "django", "libpq", "rules"],
  report: ["core"],
  fleet: ["core"],
  engine: [
    "core",
    "python",
    "deploy",
    "django",
    "libpq",
    "pgwire",
    "tls",
    "net",
    "probe",
    "mitm",
    "rules",
    "fix",
    "report",
    "lab",
  ],
  cli: ["core", "django", "engine", "fleet", "probe", "mitm", "report", "rules"],
  lab: ["tls"],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of a file (static and dynamic), resolved to the .ts file it names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1] as string,
  );
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts")));
}

const folderOf = (file: string) => relative(SRC, file).split("/")[0] as string;
const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

it("every folder of src/ is in the table, and imports only what the table allows", () => {
  const folders = new Set(files.map(folderOf));
  expect([...folders].filter((f) => !(f in ALLOWED) && !f.endsWith(".ts"))).toEqual([]);
  const wrong: string[] = [];
  for (const [file, targets] of graph)
    for (const target of targets) {
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to && !(ALLOWED[from] ?? []).includes(to))
        wrong.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
    }
  expect(wrong).toEqual([]);
});

it("no product code imports the lab but prove's pooler leg", () => {
  const users = [...graph].filter(([f, t]) => folderOf(f) !== "lab" && t.some((x) => folderOf(x) === "lab"));
  expect(users.map(([f]) => relative(SRC, f))).toEqual(["engine/prove-pooler.ts"]);
});

it("no import cycle between files", () => {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" → "));
      return;
    }
    state.set(file, "open");
    for (const t of graph.get(file) ?? []) if (graph.has(t)) visit(t, [...path, file]);
    state.set(file, "done");
  };
  for (const f of files) visit(f, []);
  expect(cycles).toEqual([]);
});

it("the table itself has no cycle between folders", () => {
  const seen = new Set<string>();
  const onPath = new Set<string>();
  const cyclic: string[] = [];
  const visit = (folder: string) => {
    if (onPath.has(folder)) return void cyclic.push(folder);
    if (seen.has(folder)) return;
    seen.add(folder);
    onPath.add(folder);
    for (const to of ALLOWED[folder] ?? []) visit(to);
    onPath.delete(folder);
  };
  for (const f of Object.keys(ALLOWED)) visit(f);
  expect(cyclic).toEqual([]);
});
