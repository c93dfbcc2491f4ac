/**
 * A peer that accepts TCP and never answers a direct ClientHello (the SCRIPTED "direct-tls-stall" server of
 * test/helpers/scripted-pgwire.ts: no real server behaves so). Everything else it answers at once — plaintext
 * refused, 'S' and a real TLS session — so only the direct-TLS attempts wait, and they must end at the endpoint's
 * one deadline with a one-line WW000, never a hang, a crash or a longer wait. Loopback only.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCa, type Issued } from "../../src/tls/certs.js";
import { cli, tempDir } from "../helpers/cli.js";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-pgwire.js";

const TIMEOUT_MS = 1000;
/** Scheduling slack on a loaded 2-core machine, as in hostile-servers.test.ts. */
const MARGIN_MS = 3 * TIMEOUT_MS;

let server: ScriptedServer;
let caFile: string;

beforeAll(async () => {
  const ca = await createCa({ commonName: "wirewarden direct-TLS stall CA" });
  const issued: Issued = await ca.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] });
  caFile = join(tempDir("wirewarden-direct-stall-"), "ca.pem");
  writeFileSync(caFile, ca.certPem);
  server = await startScriptedServer("direct-tls-stall", { cert: issued.certPem, key: issued.keyPem });
});

afterAll(async () => {
  await server?.close();
});

it("a direct ClientHello never answered: the endpoint ends at its deadline with one WW000 line", async () => {
  const endpoint = `postgresql://127.0.0.1:${server.port}`;
  const started = performance.now();
  const r = await cli([
    "probe",
    `127.0.0.1:${server.port}`,
    ...["--ca", caFile, "--timeout", String(TIMEOUT_MS), "--no-legacy", "--no-console"],
    ...["--format", "json", "--fail-on", "none"],
  ]);
  const wallMs = performance.now() - started;
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as {
    findings: { ruleId: string; endpoint?: string; message: string }[];
    endpoints: { endpoint: string; tls: string | null; durationMs: number }[];
  };
  const summary = report.endpoints.find((e) => e.endpoint === endpoint);
  // The session after 'S' was examined as usual; only the direct attempts waited, to the deadline and no longer.
  expect(summary?.tls).toMatch(/^TLSv1\.3 /);
  expect(summary?.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  expect(summary?.durationMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  expect(wallMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  expect(report.findings.filter((f) => f.ruleId === "WW000").map((f) => f.message)).toEqual([
    `direct TLS check inconclusive (with and without ALPN): TLS handshake did not finish before the endpoint's ${TIMEOUT_MS} ms deadline`,
  ]);
  // Plaintext startup, SSLRequest (reused for TLS), and the direct attempt with ALPN: nothing retried, and none
  // without ALPN once the first got no answer by the deadline.
  expect(server.connections()).toBe(3);
});
