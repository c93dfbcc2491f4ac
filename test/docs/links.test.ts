/**
 * The README stays short and every page it hands the reader to exists (issue 20): for README.md, CHANGELOG.md and
 * every docs/*.md, each relative link points at a file in the repository, each #anchor at a heading of the .md
 * file it names (GitHub's anchors), and each http(s) link is a well-formed URL (never fetched: no network in
 * tests). Every docs/ page is linked from the README, and the README is at most 10 KiB.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";
import { anchors, links, slug } from "./markdown.js";

const README_LIMIT = 10_240;
const DOCS = join(REPO, "docs");
const docPages = readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => `docs/${f}`);
const checked = ["README.md", "CHANGELOG.md", ...docPages];

const read = (path: string) => readFileSync(join(REPO, path), "utf8");

type Verdict = { ok: true } | { ok: false; why: string };

/** Judges one link target written in `from` (a path relative to the repository). */
function judge(from: string, target: string): Verdict {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    if (!/^https?:/i.test(target))
      return { ok: false, why: "only http(s) links, relative paths and #anchors" };
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { ok: false, why: "not a valid URL" };
    }
    if (!url.hostname.includes(".")) return { ok: false, why: `host "${url.hostname}" is not a domain name` };
    if (/\s/.test(target)) return { ok: false, why: "white space in the URL" };
    return { ok: true };
  }
  if (target === "") return { ok: false, why: "empty target" };
  const hash = target.indexOf("#");
  const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? undefined : target.slice(hash + 1);
  if (pathPart.startsWith("/")) return { ok: false, why: "absolute path: write it relative to the file" };
  const file = pathPart === "" ? join(REPO, from) : resolve(dirname(join(REPO, from)), pathPart);
  const inRepo = relative(REPO, file);
  if (inRepo.startsWith(`..${sep}`) || inRepo === "..")
    return { ok: false, why: `${inRepo} is outside the repository` };
  if (!existsSync(file)) return { ok: false, why: `${inRepo} does not exist` };
  if (anchor !== undefined) {
    if (anchor === "") return { ok: false, why: "empty #anchor" };
    if (!statSync(file).isFile() || !file.endsWith(".md"))
      return { ok: false, why: `#${anchor} on ${inRepo}, which is not a Markdown file` };
    const known = anchors(readFileSync(file, "utf8"));
    if (!known.has(decodeURIComponent(anchor)))
      return { ok: false, why: `${inRepo} has no heading with anchor #${anchor}` };
  }
  return { ok: true };
}

describe("the link checker itself", () => {
  it.each([
    ["`--runtime`: import the settings and compare", "--runtime-import-the-settings-and-compare"],
    ["Inside Django (`wirewarden-django`)", "inside-django-wirewarden-django"],
    ["What `scan` predicts is what `prove` observes", "what-scan-predicts-is-what-prove-observes"],
    ["Baseline: fail only on new findings", "baseline-fail-only-on-new-findings"],
    [
      "scan ≡ prove: what each configuration lets through",
      "scan--prove-what-each-configuration-lets-through",
    ],
    [
      "`wirewarden probe https://…`: the browser → Django hop",
      "wirewarden-probe-https-the-browser--django-hop",
    ],
    ["WW101 **db_tls** [link](x.md)", "ww101-db_tls-link"],
  ])("slug(%j) is %j", (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  it("numbers repeated headings as GitHub does, and ignores headings in code", () => {
    expect([...anchors("# A\n\n## A\n\n```sh\n# A\n```\n## B\n")]).toEqual(["a", "a-1", "b"]);
  });

  it("reads links from prose only, and reference definitions and autolinks too", () => {
    const found = links(
      'see [a](a.md#x) and ![img](i.png "t")\n`[not](a link)`\n```\n[nor](this)\n```\n[ref]: ref.md\n<https://example.org/x>\n',
    ).map((l) => [l.target, l.line]);
    expect(found).toEqual([
      ["a.md#x", 1],
      ["i.png", 1],
      ["ref.md", 6],
      ["https://example.org/x", 7],
    ]);
  });

  it.each([
    ["docs/nothing-here.md", /does not exist/],
    ["../outside.md", /outside the repository/],
    ["/README.md", /absolute path/],
    ["#no-such-heading", /has no heading/],
    ["docs/scan.md#no-such-heading", /has no heading/],
    ["package.json#x", /not a Markdown file/],
    ["https://", /not a valid URL/],
    ["http://localhost/x", /not a domain name/],
    ["ftp://example.org/x", /only http\(s\)/],
    ["", /empty target/],
  ])("refuses %j", (target, why) => {
    const v = judge("README.md", target);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.why).toMatch(why);
  });

  it("accepts a file, a directory, an anchor and a URL that are right", () => {
    for (const t of [
      "CHANGELOG.md",
      "docs/",
      "docs/scan.md#html-report",
      "#documentation",
      "https://example.org/a?b#c",
    ])
      expect(judge("README.md", t), t).toEqual({ ok: true });
    expect(judge("docs/scan.md", "../schema/report.schema.json")).toEqual({ ok: true });
  });
});

describe("documentation links", () => {
  it("checks the README, the changelog and every docs/ page", () => {
    expect(checked).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "docs/scan.md"]));
    expect(docPages.length).toBeGreaterThanOrEqual(10);
  });

  it.each(checked)("%s: every link points at something that exists", (file) => {
    const bad = links(read(file))
      .map((l) => ({ ...l, verdict: judge(file, l.target) }))
      .filter((l) => !l.verdict.ok)
      .map((l) => `${file}:${l.line} [${l.text}](${l.target}): ${l.verdict.ok ? "" : l.verdict.why}`);
    expect(bad).toEqual([]);
  });

  // In its first lines: a generated page may open with a comment saying what generates it, and its title.
  it.each(docPages)("%s starts with a link back to the README", (page) => {
    expect(read(page).split("\n").slice(0, 6)).toContain("← [README](../README.md)");
  });
});

describe("the README", () => {
  const readme = read("README.md");

  it(`is at most ${README_LIMIT} bytes`, () => {
    expect(Buffer.byteLength(readme, "utf8")).toBeLessThanOrEqual(README_LIMIT);
  });

  it.each(docPages)("links to %s", (page) => {
    const linked = new Set(
      links(readme)
        .map((l) => l.target.split("#")[0])
        .filter((t) => t !== "")
        .map((t) => relative(REPO, resolve(REPO, t))),
    );
    expect([...linked]).toContain(page);
  });

  it("keeps an architecture section with the data flow, linking docs/architecture.md", () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith("Architecture\n"));
    expect(section, "## Architecture").toBeDefined();
    expect(section).toContain("files → model → rules → findings → report");
    expect(section).toContain("(docs/architecture.md)");
  });
});
