import { isIP } from "node:net";
import { redactSecrets } from "../core/redact.js";
import { ConninfoError, parseConninfo } from "../libpq/conninfo.js";
import type { DbTarget } from "./model.js";

/** CockroachDB's SQL port: the default when a target names none. */
export const DEFAULT_PORT = 26257;

const SCHEMES = ["postgresql", "postgres", "cockroachdb", "cockroach"];

export type ParsedTarget = { target: DbTarget } | { error: string };

/**
 * A database target as the user writes it: a postgresql:// (postgres, cockroachdb, cockroach) URL, `host:port`,
 * `[v6]:port` or a bare host. A password in the URL is never used and never echoed.
 */
export function parseTarget(text: string): ParsedTarget {
  const raw = text.trim();
  if (raw === "") return { error: "empty target" };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https")
    return { error: `${redactSecrets(raw)}: HTTP targets are not supported by this version of probe` };
  if (scheme !== undefined && !SCHEMES.includes(scheme))
    return {
      error: `${redactSecrets(raw)}: unsupported scheme ${scheme}:// (use postgresql:// or host:port)`,
    };
  let host: string;
  let portText: string | undefined;
  let sslrootcert: string | undefined;
  if (scheme) {
    // Read as libpq reads it (the one conninfo parser), with the scheme's spelling normalised.
    let options: Map<string, string>;
    try {
      options = parseConninfo(`${scheme}://${raw.slice(scheme.length + 3)}`);
    } catch (e) {
      if (!(e instanceof ConninfoError)) throw e;
      return { error: `${redactSecrets(raw)}: not a valid connection URI (${e.message})` };
    }
    host = options.get("host") ?? "";
    portText = options.get("port");
    if (host.includes(",") || portText?.includes(","))
      return { error: `${redactSecrets(raw)}: a host list: give each host as a target of its own` };
    sslrootcert = options.get("sslrootcert");
  } else {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    if (v6) {
      host = v6[1] as string;
      portText = v6[2];
    } else if (isIP(raw) === 6) host = raw;
    else {
      const m = /^([^:/\s]+)(?::([^:/\s]*))?$/.exec(raw);
      if (!m) return { error: `${raw}: not a URL or host:port` };
      host = m[1] as string;
      portText = m[2];
    }
  }
  if (!host) return { error: `${redactSecrets(raw)}: no host` };
  if (host.startsWith("/"))
    return { error: `${redactSecrets(raw)}: a Unix socket is not a network endpoint` };
  const port = portText === undefined || portText === "" ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { error: `${redactSecrets(raw)}: port must be 1-65535` };
  return {
    target: {
      input: redactSecrets(raw),
      host,
      port,
      endpoint: endpointName(host, port),
      ...(sslrootcert && sslrootcert !== "system" ? { sslrootcert } : {}),
    },
  };
}

export function endpointName(host: string, port: number): string {
  return `postgresql://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** Lines of a --targets file: one target per line, `#` comments and blank lines ignored. */
export function parseTargetsFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}
