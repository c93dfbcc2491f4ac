#!/usr/bin/env node
// `npm run bench` (HTTP part): `wirewarden probe https://…` against a real Django (runserver) behind a real nginx
// with TLS — one origin (all checks), then 50 origins (50 loopback addresses on the same nginx) at
// --concurrency 16. Loopback only. Hands its section to bench/all.mjs (bench/results.md).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, fmtRss, median, peakOf, timed, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const ORIGINS = 50;
const RUNS = 5;
const GOAL_ONE_MS = 1000;

const die = dier("bench/http");
if (!existsSync(CLI)) die("dist/cli/main.js is missing: run `npm run build`");
const { startDjangoSite, startNginx } = await import(join(ROOT, "dist", "lab", "web-site.js"));
const { freePorts } = await import(join(ROOT, "dist", "lab", "pg-cluster.js"));
const { createCa } = await import(join(ROOT, "dist", "tls", "certs.js"));

function probeRun(args) {
  const r = timed(process.execPath, [CLI, ...args], { timeout: 120_000 });
  if (r.status !== 0 && r.status !== 1)
    die(
      `probe failed (exit ${r.status}): ${r.stderr.slice(0, 400)} ${[...new Set(r.stdout.match(/"message": "[^"]*"/g) ?? [])].join("\n")}`,
    );
  return { ms: r.ms, rssKb: r.rssKb, json: JSON.parse(r.stdout) };
}

const work = mkdtempSync(join(os.tmpdir(), "wirewarden-bench-http-"));
const stops = [];
try {
  const addresses = Array.from({ length: ORIGINS }, (_, i) => `127.0.2.${i + 1}`);
  const ca = await createCa({ commonName: "wirewarden bench CA" });
  const caFile = join(work, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  const cert = await ca.issue({ commonName: addresses[0], ipAddresses: addresses });
  const [httpsPort, httpPort] = await freePorts(addresses[0], 2);
  // A hardened site: every check runs to the end (redirect chain, three forwarded-proto trials, cookies, HSTS).
  const hardened = {
    sslRedirect: true,
    proxySslHeader: true,
    hstsSeconds: 31536000,
    hstsIncludeSubdomains: true,
    sessionCookieSecure: true,
    csrfCookieSecure: true,
    allowedHosts: addresses,
    sslHost: `${addresses[0]}:${httpsPort}`,
  };
  const sites = [await startDjangoSite(hardened)];
  for (const s of sites) stops.push(s.stop);
  const nginx = await startNginx({
    upstream: sites[0].url,
    certPem: cert.certPem,
    keyPem: cert.keyPem,
    forwardedProto: "scheme",
    httpPort,
    httpsPort,
    addresses,
  });
  stops.push(nginx.stop);
  const one = [];
  const oneRss = [];
  let oneJson;
  for (let i = 0; i < RUNS + 1; i++) {
    const r = probeRun([
      "probe",
      nginx.httpsUrl,
      nginx.httpUrl,
      "--ca",
      caFile,
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    if (i > 0) {
      one.push(r.ms);
      oneRss.push(r.rssKb);
    }
    oneJson = r.json;
  }
  const [fleetHttps, fleetHttp] = [httpsPort, httpPort];
  const targets = addresses.flatMap((a) => [`https://${a}:${fleetHttps}`, `http://${a}:${fleetHttp}`]);
  const many = [];
  const manyRss = [];
  let manyJson;
  for (let i = 0; i < 3; i++) {
    const r = probeRun([
      "probe",
      ...targets,
      "--ca",
      caFile,
      "--concurrency",
      "16",
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    many.push(r.ms);
    manyRss.push(r.rssKb);
    manyJson = r.json;
  }
  const per = manyJson.endpoints.map((e) => e.durationMs);
  const md = [
    "## probe: one HTTP(S) origin",
    "",
    "| Command | Runs | Median | Min | Max | Peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| \`wirewarden probe https://… http://…\` (one origin, all checks) | ${one.length} | **${fmtMs(median(one))}** | ${fmtMs(Math.min(...one))} | ${fmtMs(Math.max(...one))} | ${fmtRss(peakOf(oneRss))} |`,
    `| the same for ${ORIGINS} origins at --concurrency 16 | ${many.length} | **${fmtMs(median(many))}** | ${fmtMs(Math.min(...many))} | ${fmtMs(Math.max(...many))} | ${fmtRss(peakOf(manyRss))} |`,
    "",
    `Checks per origin: plain-HTTP redirect chain, HTTPS /, /admin/login/, a 404, admin over HTTP, 3 forwarded-proto trials, certificate. Median per origin in the ${ORIGINS}-origin run ${fmtMs(median(per))} (max ${fmtMs(Math.max(...per))}). Findings: one origin ${oneJson.findings.length} (${oneJson.findings.map((f) => f.ruleId).join(", ") || "none"}); ${ORIGINS} origins ${manyJson.findings.length} (${[...new Set(manyJson.findings.map((f) => f.ruleId))].join(", ") || "none"}).`,
    "",
    "Setup: Debian's Django 3.2 under `manage.py runserver` behind Debian's nginx with TLS on 50 loopback addresses;",
    "wall time of a fresh `wirewarden probe` process, start-up included. The site is hardened (redirect, HSTS, secure",
    "cookies, SECURE_PROXY_SSL_HEADER behind a proxy that overwrites it), so every check runs to its end.",
    "",
  ];
  writeSection("3-http", {
    goals: [
      {
        goal: "One HTTP(S) origin, all checks",
        target: `< ${fmtMs(GOAL_ONE_MS)}`,
        measured: `${fmtMs(median(one))} median of ${one.length}`,
        verdict: median(one) < GOAL_ONE_MS ? "**PASS**" : "**FAIL**",
      },
    ],
    peers: [],
    memory: [
      { what: "probe, one HTTP(S) origin", rssKb: peakOf(oneRss) },
      { what: `probe, ${ORIGINS} HTTP(S) origins`, rssKb: peakOf(manyRss) },
    ],
    md: md.join("\n"),
  });
  process.stdout.write(`${md.join("\n")}\nbench/http: section written\n`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
