/**
 * Runs the real `psql` once with the user's DSN, pointed at the intercepting proxy through libpq's `hostaddr` and
 * `port` while `host`, `sslmode`, `sslrootcert`, `channel_binding` and the rest stay as the user wrote them.
 */

import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { redactSecrets } from "../core/redact.js";
import { rawOutput, runBounded, spawnFailure } from "./bounded-run.js";
import { type ClientRun, timedOutRun } from "./django-client.js";

export interface PsqlClientOptions {
  /** A libpq connection URI (postgresql://, postgres://; cockroachdb:// is read the same way) or key=value string. */
  dsn: string;
  hostaddr: string;
  port: number;
  /** psql's whole environment: nothing is inherited from this process. A password in the DSN is added as PGPASSWORD. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Default: `psql` on env.PATH (else this process's PATH), else the newest /usr/lib/postgresql/<v>/bin/psql. */
  psql?: string;
}

export interface ProxiedConninfo {
  /** key='value' conninfo with hostaddr and port set and no password. */
  conninfo: string;
  /** The DSN's password, for the child's PGPASSWORD: never on a command line. */
  password?: string;
  /** The host (list) certificates are verified against; "" when the DSN names none. */
  host: string;
}

const URI_SCHEMES = ["postgresql://", "postgres://", "cockroachdb://", "cockroach://"];

class DsnError extends Error {}

/** libpq's percent-decoding of URI parts: %XX only (no `+` for space), %00 refused. */
function uriDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch !== "%") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new DsnError("invalid percent-encoded token in URI");
    const byte = Number.parseInt(hex, 16);
    if (byte === 0) throw new DsnError("forbidden value %00 in percent-encoded value");
    bytes.push(byte);
    i += 2;
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Scans s from i to the first character of `stops` (or the end). */
function until(s: string, i: number, stops: string): number {
  let j = i;
  while (j < s.length && !stops.includes(s[j] as string)) j++;
  return j;
}

/** A connection URI, parsed as libpq's conninfo_uri_parse_options does. */
function parseUri(uri: string, prefixLength: number): Map<string, string> {
  const out = new Map<string, string>();
  const s = uri.slice(prefixLength);
  let p = 0;
  const at = until(s, 0, "@/");
  if (s[at] === "@") {
    const userEnd = until(s, 0, ":@");
    if (userEnd > 0) out.set("user", uriDecode(s.slice(0, userEnd)));
    p = userEnd;
    if (s[userEnd] === ":") {
      const passwordEnd = until(s, userEnd + 1, "@");
      if (passwordEnd > userEnd + 1) out.set("password", uriDecode(s.slice(userEnd + 1, passwordEnd)));
      p = passwordEnd;
    }
    p++;
  }
  const hosts: string[] = [];
  const ports: string[] = [];
  let next: string | undefined;
  for (;;) {
    let host: string;
    if (s[p] === "[") {
      const close = until(s, p + 1, "]");
      if (close >= s.length) throw new DsnError('end of string reached when looking for matching "]" in URI');
      host = s.slice(p + 1, close);
      if (host === "") throw new DsnError("IPv6 host address may not be empty in URI");
      p = close + 1;
      if (p < s.length && !":/?,".includes(s[p] as string))
        throw new DsnError(`unexpected character "${s[p]}" in URI (expected ":" or "/")`);
    } else {
      const end = until(s, p, ":/?,");
      host = s.slice(p, end);
      p = end;
    }
    hosts.push(host);
    next = s[p];
    if (next === ":") {
      const end = until(s, p + 1, "/?,");
      ports.push(s.slice(p + 1, end));
      p = end;
      next = s[p];
    } else ports.push("");
    if (next !== ",") break;
    p++;
  }
  const hostList = hosts.join(",");
  if (hostList !== "") out.set("host", uriDecode(hostList));
  const portList = ports.join(",");
  if (portList.replaceAll(",", "") !== "") out.set("port", uriDecode(portList));
  if (next === "/") {
    const end = until(s, p + 1, "?");
    if (end > p + 1) out.set("dbname", uriDecode(s.slice(p + 1, end)));
    p = end;
    next = s[p];
  }
  if (next === "?") {
    const query = s.slice(p + 1);
    const pairs = query.split("&");
    if (pairs.at(-1) === "") pairs.pop(); // "?" alone, or a trailing "&"
    for (const pair of pairs) {
      const eq = pair.indexOf("=");
      if (eq < 0) throw new DsnError(`missing key/value separator "=" in URI query parameter: "${pair}"`);
      if (pair.indexOf("=", eq + 1) >= 0)
        throw new DsnError(`extra key/value separator "=" in URI query parameter: "${pair.slice(0, eq)}"`);
      let key = uriDecode(pair.slice(0, eq));
      let value = uriDecode(pair.slice(eq + 1));
      // libpq's JDBC compatibility: ssl=true means sslmode=require.
      if (key === "ssl" && value === "true") [key, value] = ["sslmode", "require"];
      out.set(key, value);
    }
  }
  return out;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** A key=value connection string, parsed as libpq's conninfo_parse does (quotes, backslash escapes). */
function parseKeywords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && text[i] !== "=" && !isSpace(text[i])) i++;
    const key = text.slice(start, i);
    while (isSpace(text[i])) i++;
    if (text[i] !== "=") throw new DsnError(`missing "=" after "${key}" in connection info string`);
    i++;
    while (isSpace(text[i])) i++;
    let value = "";
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= text.length) throw new DsnError("unterminated quoted string in connection info string");
        const c = text[i] as string;
        if (c === "\\") {
          if (i + 1 < text.length) value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < text.length && !isSpace(text[i])) {
        if (text[i] === "\\") {
          if (i + 1 < text.length) value += text[i + 1];
          i += 2;
        } else value += text[i++];
      }
    }
    out.set(key, value);
  }
  return out;
}

/** The DSN's keywords and values, as libpq reads a URI or a key=value string. Throws on a malformed DSN. */
export function parseDsn(dsn: string): Map<string, string> {
  const prefix = URI_SCHEMES.find((s) => dsn.startsWith(s));
  return prefix ? parseUri(dsn, prefix.length) : parseKeywords(dsn);
}

const quoteValue = (v: string) => `'${v.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/**
 * The user's DSN with only `hostaddr` (once per entry of a host list) and `port` replaced, as a key=value
 * conninfo without the password, which is returned apart for PGPASSWORD.
 */
export function withProxyAddress(dsn: string, hostaddr: string, port: number): ProxiedConninfo {
  const options = parseDsn(dsn);
  const password = options.get("password");
  options.delete("password");
  const host = options.get("host") ?? "";
  const hosts = host === "" ? 1 : host.split(",").length;
  options.set("hostaddr", Array(hosts).fill(hostaddr).join(","));
  options.set("port", String(port));
  const conninfo = [...options].map(([k, v]) => `${k}=${quoteValue(v)}`).join(" ");
  return password === undefined ? { conninfo, host } : { conninfo, password, host };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `psql` on `pathEnv`, else the newest /usr/lib/postgresql/<version>/bin/psql. */
export function findPsql(pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "psql");
    if (isExecutable(candidate)) return candidate;
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  return versions
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((v) => join(root, v, "bin", "psql"))
    .find(isExecutable);
}

/** psql's stderr as libpq wrote it: without psql's own "psql: error: " prefix. */
function libpqText(stderr: string, password: string | undefined): string {
  const text = stderr.trim().replace(/^psql: error: /, "");
  return password ? redactSecrets(text, { known: [password] }) : text;
}

export async function runPsqlClient(o: PsqlClientOptions): Promise<ClientRun> {
  let proxied: ProxiedConninfo;
  let sslmode: string | null;
  try {
    proxied = withProxyAddress(o.dsn, o.hostaddr, o.port);
    sslmode = parseDsn(o.dsn).get("sslmode") ?? null;
  } catch (e) {
    if (!(e instanceof DsnError)) throw e;
    return { ok: false, stage: "dsn", error: `the DSN cannot be parsed: ${e.message}`, durationMs: 0 };
  }
  const base = { host: proxied.host, sslmode };
  const psql = o.psql ?? findPsql(o.env.PATH ?? process.env.PATH);
  if (!psql)
    return {
      ok: false,
      stage: "psql",
      error:
        "psql not found on PATH or in /usr/lib/postgresql/*/bin: install postgresql-client (apt-get install -y postgresql-client)",
      durationMs: 0,
      ...base,
    };
  const env: Record<string, string> = {
    PGCONNECT_TIMEOUT: String(Math.max(2, Math.floor(o.timeoutMs / 2000))),
    ...o.env,
  };
  if (proxied.password !== undefined) env.PGPASSWORD = proxied.password;
  const c = await runBounded(psql, ["-X", "-A", "-t", "-w", "-c", "SELECT 1", "-d", proxied.conninfo], {
    env,
    timeoutMs: o.timeoutMs,
  });
  const durationMs = c.durationMs;
  if (c.spawnError)
    return { ok: false, stage: "psql", error: spawnFailure(psql, c.spawnError), durationMs, ...base };
  if (c.timedOut) return { ...timedOutRun(c, o.timeoutMs), ...base };
  if (c.code === 0 && c.stdout.trim() === "1") return { ok: true, durationMs, ...base };
  if (c.code === 0)
    return {
      ok: false,
      stage: "query",
      error: "psql printed no 1 for SELECT 1",
      durationMs,
      raw: rawOutput(c),
      ...base,
    };
  // psql exits 2 when the connection fails, 1 when the query fails.
  return {
    ok: false,
    stage: c.code === 2 ? "connect" : "query",
    error: `psql ${c.signal ? `killed by ${c.signal}` : `exited with code ${c.code}`}`,
    libpq: libpqText(c.stderr, proxied.password),
    durationMs,
    ...base,
  };
}
