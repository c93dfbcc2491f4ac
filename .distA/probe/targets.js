import { isIP } from "node:net";
import { redactSecrets } from "../core/redact.js";
import { ConninfoError, parseConninfo } from "../libpq/conninfo.js";
/** CockroachDB's SQL port: the default when a target names none. */
export const DEFAULT_PORT = 26257;
const SCHEMES = ["postgresql", "postgres", "cockroachdb", "cockroach"];
/**
 * A database target as the user writes it: a postgresql:// (postgres, cockroachdb, cockroach) URL, `host:port`,
 * `[v6]:port` or a bare host. A password in the URL is never used and never echoed. One endpoint: a URL with a
 * host list is refused here (parseTargets takes it).
 */
export function parseTarget(text) {
    const r = parseTargets(text);
    if ("error" in r)
        return r;
    if (r.targets.length !== 1)
        return { error: `${r.targets[0]?.input ?? text}: a host list: give each host as a target of its own` };
    return { target: r.targets[0] };
}
/**
 * Like parseTarget, and a URL with a host list (`postgresql://a:1,b:2/db`, `?host=a,b&port=1,2`) is one target per
 * host, each with the port that goes with it as libpq pairs them (one port for all, or one per host), all members of
 * one cluster: libpq tries them in turn (or at random with load_balance_hosts=random), so an attacker picks the
 * weakest.
 */
export function parseTargets(text) {
    const raw = text.trim();
    if (raw === "")
        return { error: "empty target" };
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase();
    if (scheme === "http" || scheme === "https")
        return { error: `${redactSecrets(raw)}: HTTP targets are not supported by this version of probe` };
    if (scheme !== undefined && !SCHEMES.includes(scheme))
        return {
            error: `${redactSecrets(raw)}: unsupported scheme ${scheme}:// (use postgresql:// or host:port)`,
        };
    let hosts;
    let ports;
    let sslrootcert;
    let balance;
    if (scheme) {
        // Read as libpq reads it (the one conninfo parser), with the scheme's spelling normalised.
        let options;
        try {
            options = parseConninfo(`${scheme}://${raw.slice(scheme.length + 3)}`);
        }
        catch (e) {
            if (!(e instanceof ConninfoError))
                throw e;
            return { error: `${redactSecrets(raw)}: not a valid connection URI (${e.message})` };
        }
        hosts = (options.get("host") ?? "").split(",");
        ports = (options.get("port") ?? "").split(",");
        sslrootcert = options.get("sslrootcert");
        balance = options.get("load_balance_hosts");
    }
    else {
        const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
        let host;
        let portText;
        if (v6) {
            host = v6[1];
            portText = v6[2];
        }
        else if (isIP(raw) === 6)
            host = raw;
        else {
            const m = /^([^:/\s]+)(?::([^:/\s]*))?$/.exec(raw);
            if (!m)
                return { error: `${raw}: not a URL or host:port` };
            host = m[1];
            portText = m[2];
        }
        hosts = [host];
        ports = [portText ?? ""];
    }
    // libpq: one port for every host, or exactly one per host.
    if (ports.length !== 1 && ports.length !== hosts.length)
        return {
            error: `${redactSecrets(raw)}: could not match ${ports.length} port numbers to ${hosts.length} hosts`,
        };
    const input = redactSecrets(raw);
    const targets = [];
    for (const [i, host] of hosts.entries()) {
        if (!host)
            return { error: `${input}: no host${hosts.length > 1 ? ` (entry ${i + 1} of the host list)` : ""}` };
        if (host.startsWith("/"))
            return { error: `${input}: a Unix socket is not a network endpoint` };
        const portText = ports.length === 1 ? ports[0] : ports[i];
        const port = portText === undefined || portText === "" ? DEFAULT_PORT : Number(portText);
        if (!Number.isInteger(port) || port < 1 || port > 65535)
            return { error: `${input}: port must be 1-65535` };
        targets.push({
            input,
            host,
            port,
            endpoint: endpointName(host, port),
            ...(sslrootcert && sslrootcert !== "system" ? { sslrootcert } : {}),
        });
    }
    if (targets.length > 1) {
        const how = balance === "random"
            ? "libpq picks one at random (load_balance_hosts=random)"
            : "libpq tries them in turn";
        for (const [i, t] of targets.entries()) {
            t.source = `host ${i + 1} of ${targets.length} in ${input}`;
            t.cluster = { name: `host list of ${input}`, role: "node", link: `the target's own host list: ${how}` };
        }
    }
    return { targets };
}
export function endpointName(host, port) {
    return `postgresql://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
/** Lines of a --targets file: one target per line, `#` comments and blank lines ignored. */
export function parseTargetsFile(text) {
    return text
        .split(/\r?\n/)
        .map((l) => l.replace(/\s+#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
}
//# sourceMappingURL=targets.js.map