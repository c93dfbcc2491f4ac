import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { targetsFromScan } from "../../src/engine/probe-from-scan.js";

const work = mkdtempSync(join(tmpdir(), "wirewarden-fromscan-ca-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function project(sslrootcert: string): string {
  const dir = mkdtempSync(join(work, "p-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "app", "__init__.py"), "");
  writeFileSync(
    join(dir, "app", "settings.py"),
    `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": 5432, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(sslrootcert)}}}}\n`,
  );
  return dir;
}

describe("probe --from-scan reads a repository's sslrootcert only through the bounded, root-confined reader", () => {
  it.each([
    ["a FIFO inside the tree", "certs/ca.pem", true],
    ["/dev/zero", "/dev/zero", false],
    ["a file outside the scanned root", "/etc/hostname", false],
  ])("%s: not read, the endpoint is still probed, and a note says why", async (_name, path, fifo) => {
    const dir = project(path);
    if (fifo) {
      mkdirSync(join(dir, "certs"));
      expect(spawnSync("mkfifo", [join(dir, path)]).status).toBe(0);
    }
    const started = performance.now();
    const { targets, skipped } = await targetsFromScan(dir, { env: new Map() });
    expect(performance.now() - started).toBeLessThan(30_000); // it ends (a FIFO read would block for ever)
    expect(targets).toHaveLength(1);
    expect(targets[0]?.sslrootcert).toBeUndefined();
    expect(targets[0]?.sslrootcertPem).toBeUndefined();
    expect(skipped.join("\n")).toMatch(/sslrootcert .* (is outside the scanned tree|cannot be read)/);
  });

  it("a CA file inside the tree is read (bounded) and handed over as text", async () => {
    const dir = project("certs/ca.pem");
    mkdirSync(join(dir, "certs"));
    writeFileSync(
      join(dir, "certs", "ca.pem"),
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    );
    const { targets } = await targetsFromScan(dir, { env: new Map() });
    expect(targets[0]?.sslrootcertPem).toContain("BEGIN CERTIFICATE");
  });
});
