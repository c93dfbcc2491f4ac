/**
 * Hostile peers for test/hostile/ and bench/hostile.mjs, beside the pgwire ones of scripted-pgwire.ts: an absurdly
 * long certificate chain (made at test time, never committed), HTTP(S) servers that redirect in a loop, and the
 * "fleet": 100 hostile endpoints on loopback addresses, probed by the built CLI in a child process whose peak RSS
 * is measured. SCRIPTED servers, not databases or web servers: no real server produces these replies, which is
 * why a script stands in. Loopback addresses only (127.0.0.0/8).
 */
// @peculiar/x509 uses tsyringe decorators, which need the Reflect metadata API before the module loads.
import "reflect-metadata";
import { spawn } from "node:child_process";
import { createPrivateKey, sign, webcrypto } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
// certs.ts registers WebCrypto with @peculiar/x509.
import { selfSigned } from "../../src/tls/certs.js";
import { type Script, type ScriptedServer, startScriptedServer } from "./scripted-pgwire.js";

const REPO = join(import.meta.dirname, "..", "..");
const BUILT_CLI = join(REPO, "dist", "cli", "main.js");
const TIME_BIN = "/usr/bin/time";

const crypto = webcrypto as unknown as Crypto;
const HOUR_MS = 3_600_000;

/**
 * A leaf for `commonName` followed by `intermediates` CA certificates, each issued by the next one and the last by
 * one that is not included — a chain of 1 + `intermediates` certificates, every signature valid. One EC P-256 key
 * signs (and is certified by) all of them. @peculiar/x509 builds the leaf and one intermediate; the others are that
 * intermediate with its serial number and names renumbered in place and signed again with node:crypto, so a
 * thousand certificates take a few hundred milliseconds rather than seconds.
 */
export async function longChain(
  intermediates: number,
  commonName = "127.0.0.1",
): Promise<{ certPem: string; keyPem: string; pems: string[]; pemBytes: number }> {
  if (!Number.isInteger(intermediates) || intermediates < 1 || intermediates > 0xffff)
    throw new RangeError("intermediates: 1 to 65,535");
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const signing = { name: "ECDSA", hash: "SHA-256" } as const;
  const notBefore = new Date(Date.now() - HOUR_MS);
  const notAfter = new Date(notBefore.getTime() + 90 * 24 * HOUR_MS);
  const number = (i: number) => String(i).padStart(5, "0");
  const caName = (i: number) => `CN=wirewarden hostile intermediate ${number(i)}`;
  const common = { notBefore, notAfter, publicKey: keys.publicKey, signingKey: keys.privateKey };
  const leaf = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: "01",
    subject: `CN=${commonName}`,
    issuer: caName(1),
    signingAlgorithm: signing,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectAlternativeNameExtension([{ type: "ip", value: commonName }]),
    ],
  });
  const template = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: "10000001",
    subject: caName(1),
    issuer: caName(2),
    signingAlgorithm: signing,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  const der = Buffer.from(template.rawData);
  const outer = tlv(der, 0);
  const tbs = tlv(der, outer.body);
  const algorithm = tlv(der, tbs.end);
  const tbsTemplate = der.subarray(outer.body, tbs.end);
  const algorithmBytes = der.subarray(tbs.end, algorithm.end);
  const at = (needle: Buffer | string) => {
    const i = tbsTemplate.indexOf(needle);
    if (i < 0 || tbsTemplate.indexOf(needle, i + 1) >= 0) throw new Error(`template: ${needle} not unique`);
    return i;
  };
  const serialAt = at(Buffer.from([0x02, 0x04, 0x10, 0x00, 0x00, 0x01])) + 4;
  const subjectAt = at(`intermediate ${number(1)}`) + "intermediate ".length;
  const issuerAt = at(`intermediate ${number(2)}`) + "intermediate ".length;
  const pems = [leaf.toString("pem")];
  for (let i = 1; i <= intermediates; i++) {
    const body = Buffer.from(tbsTemplate);
    body.writeUInt16BE(i, serialAt);
    body.write(number(i), subjectAt, "latin1");
    body.write(number(i + 1), issuerAt, "latin1");
    const signature = sign("sha256", body, { key, dsaEncoding: "der" });
    const cert = derTlv(
      0x30,
      Buffer.concat([body, algorithmBytes, derTlv(0x03, Buffer.concat([Buffer.from([0]), signature]))]),
    );
    const base64 = cert
      .toString("base64")
      .match(/.{1,64}/g)
      ?.join("\n");
    pems.push(`-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----`);
  }
  const certPem = pems.join("\n");
  return {
    certPem,
    keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    pems,
    pemBytes: Buffer.byteLength(certPem),
  };
}

/** A DER element at `offset`: where its body starts and where it ends (definite lengths up to 4 bytes). */
function tlv(buf: Buffer, offset: number): { body: number; end: number } {
  const first = buf[offset + 1] as number;
  if (first < 0x80) return { body: offset + 2, end: offset + 2 + first };
  const n = first & 0x7f;
  if (n < 1 || n > 4) throw new Error("DER: unsupported length");
  const length = buf.readUIntBE(offset + 2, n);
  return { body: offset + 2 + n, end: offset + 2 + n + length };
}

function derTlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

export interface RedirectServer {
  port: number;
  /** Requests answered so far: the probe's redirect following must stay bounded. */
  requests: () => number;
  close(): Promise<void>;
}

/**
 * An HTTP (or, with `tls`, HTTPS) server that answers every request with `302 Location: next(port)`. `next` returns
 * an absolute URL: the server's own (a loop on itself), another server's (A → B → A), or an https:// URL.
 */
export async function startRedirectServer(
  next: (ownPort: number, path: string) => string,
  o: { host?: string; tls?: { cert: string; key: string } } = {},
): Promise<RedirectServer> {
  const host = o.host ?? "127.0.0.1";
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`redirect server: ${host} is not loopback`);
  let count = 0;
  let port = 0;
  const sockets = new Set<Socket>();
  const handler = (req: { url?: string }, res: ServerResponse) => {
    count++;
    res.writeHead(302, { location: next(port, req.url ?? "/"), "content-length": "0" });
    res.end();
  };
  const server: HttpServer = o.tls
    ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler)
    : createHttpServer(handler);
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("redirect server: no port");
  port = address.port;
  return {
    port,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for an https:// redirect loop on 127.0.0.1. */
export const loopbackCert = () => selfSigned({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] });

/**
 * How long the probe of one endpoint may take, read off the code (src/probe/): it runs up to three phases one
 * after the other (plaintext startup beside the SSLRequest; the TLS session beside the legacy hellos; the
 * protocol-2.0 identification), and every connect and wait of every phase ends by ONE deadline, `--timeout`
 * after the endpoint's probe began (src/net/deadline.ts). So no behaviour can hold an endpoint longer than
 * T; before the deadline existed each wait had its own T and the worst case was 11 T + 80 ms.
 *
 * BUDGET_WAITS says, for each behaviour, whether some wait runs to the deadline (1) or every reply is judged
 * as it arrives (0): the endpoint's budget is that many T, plus the caller's scheduling margin.
 */
export const endpointWorstCaseMs = (timeoutMs: number) => timeoutMs;

export const BUDGET_WAITS: Readonly<Record<FleetScript, 0 | 1>> = {
  // Each reply is rejected as it arrives (the length is checked before anything is buffered): nothing waits.
  "length-1gib": 0,
  "length-negative": 0,
  "huge-length": 0,
  // The flood is cut at 256 messages; 'N' ends the SSLRequest; the 2.0 startup is answered at once.
  "endless-parameters": 0,
  // The plaintext drip runs the parameter wait to its end (1); inside TLS the flood is cut at once.
  "endless-parameters-tls": 1,
  // The plaintext reply never completes; the handshake and the dripped ServerHellos run to the deadline.
  slowloris: 1,
  // The handshake and the legacy ServerHellos never come.
  "tls-stall": 1,
  "tls-half-hello": 1,
  // OpenSSL refuses the chain as it arrives (over its 100 KiB certificate-list limit); the hellos get alerts.
  "long-chain": 0,
  // Every redirect is immediate; the loop is recognised, not followed to a limit of time.
  "redirect-loop": 0,
};

/** The one-line WW000 reason each behaviour must produce. */
export const REASON: Readonly<Record<FleetScript, RegExp>> = {
  "length-1gib":
    /^plaintext login check inconclusive: message 'R' declares 1073741824 bytes \(limit 65536\)$/,
  "length-negative":
    /^plaintext login check inconclusive: message 'R' declares 4294967295 bytes \(limit 65536\)$/,
  "huge-length":
    /^plaintext login check inconclusive: message 'E' declares 2147483647 bytes \(limit 65536\)$/,
  "endless-parameters":
    /^plaintext login check incomplete: after AuthenticationOk, too many messages before ReadyForQuery/,
  "endless-parameters-tls":
    /^login check inside TLS incomplete: after AuthenticationOk, too many messages before ReadyForQuery/,
  slowloris: /^TLS not examined: TLS handshake did not finish before the endpoint's \d+ ms deadline$/,
  "tls-stall": /^TLS not examined: TLS handshake did not finish before the endpoint's \d+ ms deadline$/,
  "tls-half-hello": /^TLS not examined: TLS handshake did not finish before the endpoint's \d+ ms deadline$/,
  "long-chain": /^TLS not examined: TLS handshake failed: excessive message size$/,
  "redirect-loop": /redirect loop: https?:\/\/\S+ redirects back to https?:\/\/\S+$/,
};

/** The hostile database behaviours of the fleet, each on its own loopback addresses. */
export const FLEET_SCRIPTS = [
  "length-1gib",
  "length-negative",
  "huge-length",
  "endless-parameters",
  "endless-parameters-tls",
  "slowloris",
  "tls-stall",
  "tls-half-hello",
  "long-chain",
] as const;
export type FleetScript = (typeof FLEET_SCRIPTS)[number] | "redirect-loop";

export interface HostileFleet {
  /** Command-line targets: 9 × `perScript` database endpoints, then `perScript` HTTP origins (http + https). */
  targets: string[];
  /** The behaviour behind each endpoint as the report names it (postgresql://… or https://…). */
  behaviour: Map<string, FleetScript>;
  close(): Promise<void>;
}

/**
 * The fleet: every database script on `perScript` loopback addresses (127.77.<script>.<n>), and `perScript` origins
 * (127.77.100.<n>) whose http:// and https:// sides both redirect to themselves. With the default 10, 100 endpoints.
 * The long chain is a leaf and 999 intermediates.
 */
export async function startHostileFleet(perScript = 10): Promise<HostileFleet> {
  const [pair, chain] = await Promise.all([loopbackCert(), longChain(999)]);
  const tlsPair = { cert: pair.certPem, key: pair.keyPem };
  const servers: { close(): Promise<void> }[] = [];
  const targets: string[] = [];
  const behaviour = new Map<string, FleetScript>();
  try {
    for (const [i, script] of FLEET_SCRIPTS.entries()) {
      const tls = script === "long-chain" ? { cert: chain.certPem, key: chain.keyPem } : tlsPair;
      const as: Script = script === "long-chain" ? "tls-refuse-plaintext" : script;
      for (let n = 1; n <= perScript; n++) {
        const host = `127.77.${i + 1}.${n}`;
        const s: ScriptedServer = await startScriptedServer(as, tls, { host });
        servers.push(s);
        targets.push(`${host}:${s.port}`);
        behaviour.set(`postgresql://${host}:${s.port}`, script);
      }
    }
    for (let n = 1; n <= perScript; n++) {
      const host = `127.77.100.${n}`;
      const http = await startRedirectServer((p) => `http://${host}:${p}/`, { host });
      const https = await startRedirectServer((p) => `https://${host}:${p}/`, { host, tls: tlsPair });
      servers.push(http, https);
      targets.push(`http://${host}:${http.port}`, `https://${host}:${https.port}`);
      behaviour.set(`https://${host}:${https.port}`, "redirect-loop");
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    throw e;
  }
  return { targets, behaviour, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Wall time of the child, start-up included. */
  ms: number;
  /** GNU time's %M: the child's peak resident set. */
  peakRssKiB: number;
  /** The JSON report the child wrote (undefined when it wrote none). */
  report: unknown;
  stderr: string;
}

/**
 * Runs the built CLI (`node dist/cli/main.js probe --targets FILE … --format json -o FILE`) as a child under
 * /usr/bin/time, without blocking this process's event loop (the hostile servers live here). The child is killed
 * after `killAfterMs`. Fails with an install hint when /usr/bin/time or the build is missing.
 */
export async function probeInChild(
  targets: readonly string[],
  o: { timeoutMs: number; concurrency: number; killAfterMs: number },
): Promise<MeasuredRun> {
  if (!existsSync(TIME_BIN))
    throw new Error(`${TIME_BIN} is missing: apt-get install -y time (it measures the child's peak RSS)`);
  if (!existsSync(BUILT_CLI))
    throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-hostile-"));
  try {
    const targetsFile = join(dir, "targets.txt");
    const reportFile = join(dir, "report.json");
    const rssFile = join(dir, "rss.txt");
    writeFileSync(targetsFile, `${targets.join("\n")}\n`);
    const args = [
      ...["-f", "%M", "-o", rssFile, process.execPath, BUILT_CLI, "probe", "--targets", targetsFile],
      ...["--timeout", String(o.timeoutMs), "--concurrency", String(o.concurrency)],
      ...["--format", "json", "-o", reportFile, "--fail-on", "none"],
    ];
    const started = performance.now();
    const child = spawn(TIME_BIN, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH },
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += b.toString("utf8");
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), o.killAfterMs);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("close", (c, s) => resolve([c, s])),
    );
    clearTimeout(killer);
    const ms = performance.now() - started;
    // GNU time appends "Command exited with non-zero status N" before the figure when the child fails.
    const rssText = existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n").pop() : "";
    if (!rssText || !/^\d+$/.test(rssText))
      throw new Error(`no peak RSS from ${TIME_BIN}: ${stderr.slice(0, 500)}`);
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : undefined;
    return { code, signal, ms, peakRssKiB: Number(rssText), report, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
