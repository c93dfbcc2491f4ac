import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, REPO } from "../helpers/cli.js";

// The HTML report in a real browser: Debian's Chromium driven by playwright-core (no downloaded browser).
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACT = join(REPO, "test-artifacts", "html-report.png");
/** Every wait is bounded: a broken page fails in seconds, it does not hang the suite. */
const WAIT_MS = 5_000;

interface PageProblems {
  console: string[];
  errors: string[];
  requests: string[];
}

describe("the HTML report in headless Chromium", () => {
  let dir: string;
  let fileUrl: string;
  let browser: Browser | undefined;
  let page: Page;
  const seen: PageProblems = { console: [], errors: [], requests: [] };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with apt-get install -y chromium`);
    dir = mkdtempSync(join(tmpdir(), "wirewarden-html-"));
    const file = join(dir, "report.html");
    // Through the CLI, so `--format html -o` is what is tested, on a real scan of the bundled vulnerable shop.
    const r = await cli(["scan", join(REPO, "examples", "vulnerable-shop"), "--format", "html", "-o", file]);
    expect(r.code, r.stderr).toBe(1);
    expect(readFileSync(file, "utf8").startsWith("<!DOCTYPE html>")).toBe(true);
    fileUrl = pathToFileURL(file).href;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: 15_000 });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") seen.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => seen.errors.push(e.message));
    page.on("request", (req) => seen.requests.push(req.url()));
    await page.goto(fileUrl, { waitUntil: "load", timeout: WAIT_MS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("loads with no console error, no page error and no request but the file itself", () => {
    expect(seen.console).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([fileUrl]);
  });

  it("draws shop.settings.production with exactly its aliases, default and replica, inside the page", async () => {
    const section = page.locator('section.module[data-module="shop.settings.production"]');
    await expect(section.count()).resolves.toBe(1);
    const aliases = await section
      .locator("svg [data-alias]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-alias")));
    expect(aliases).toEqual(["default", "replica"]);
    const svg = await section.locator("svg.diagram").boundingBox();
    const wrap = await section.locator(".diagram-wrap").boundingBox();
    if (!svg || !wrap) throw new Error("the diagram is not laid out");
    // Not clipped: the picture fits the width of its box, and it is tall enough to read.
    expect(svg.width).toBeLessThanOrEqual(wrap.width + 0.5);
    expect(svg.height).toBeGreaterThan(80);
  });

  it("hides findings of a severity when its filter is unchecked, and shows them again", async () => {
    const visible = () =>
      page
        .locator("article.finding")
        .evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length);
    const total = await page.locator("article.finding").count();
    const info = await page.locator('article.finding[data-severity="info"]').count();
    expect(info).toBeGreaterThan(0);
    await expect(visible()).resolves.toBe(total);
    await expect(page.locator("#visible-count").textContent()).resolves.toBe(
      `Showing ${total} of ${total} findings`,
    );

    await page.locator('input[data-filter="info"]').uncheck();
    await expect(visible()).resolves.toBe(total - info);
    await expect(page.locator("#visible-count").textContent()).resolves.toBe(
      `Showing ${total - info} of ${total} findings`,
    );
    await expect(page.locator('article.finding[data-severity="info"]').first().isVisible()).resolves.toBe(
      false,
    );

    await page.locator('input[data-filter="info"]').check();
    await expect(visible()).resolves.toBe(total);
  });

  it("saves a screenshot of the whole page to test-artifacts/html-report.png", async () => {
    mkdirSync(join(REPO, "test-artifacts"), { recursive: true });
    rmSync(ARTIFACT, { force: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true, timeout: WAIT_MS });
    expect(readFileSync(ARTIFACT).subarray(1, 4).toString()).toBe("PNG");
  });
});
