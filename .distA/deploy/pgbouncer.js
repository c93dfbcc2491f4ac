/** The keys WW119 reads, lower-case as PgBouncer writes them. */
export const POOLER_KEYS = [
    "server_tls_sslmode",
    "server_tls_ca_file",
    "client_tls_sslmode",
    "listen_port",
];
/**
 * What PgBouncer does on its upstream leg when server_tls_sslmode is not set: `disable` up to 1.19 (Debian 12's
 * 1.18 measured: PostgreSQL's pg_stat_ssl shows the connection without TLS), `prefer` from 1.20 (pgbouncer#866).
 * Unknown version: both are possible, and the weaker one is the reading that is safe to report.
 */
export function defaultServerSslmode(version) {
    const [major, minor] = (version ?? "").split(".").map(Number);
    if (version === undefined || major === undefined || minor === undefined || Number.isNaN(minor))
        return {
            mode: "disable",
            words: "PgBouncer's default: disable up to 1.19, prefer from 1.20, and no version is named here",
        };
    return major > 1 || minor >= 20
        ? { mode: "prefer", words: `PgBouncer ${version}'s default prefer` }
        : { mode: "disable", words: `PgBouncer ${version}'s default disable` };
}
/** PgBouncer's own port when listen_port is not set. */
export const PGBOUNCER_DEFAULT_PORT = 6432;
/** A file the scan reads as PgBouncer's configuration. */
export function isPgbouncerIni(name) {
    return /^pgbouncer[\w.-]*\.ini$/i.test(name);
}
/** The [pgbouncer] section of an ini file (later lines win, as PgBouncer reads them). */
export function readPgbouncerIni(path, text, loc) {
    const settings = {};
    let section = "";
    let offset = 0;
    let unknown;
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        const header = /^\[\s*([^\]]+?)\s*\]/.exec(line);
        if (header)
            section = header[1].toLowerCase();
        else if (/^%include\s+/i.test(line))
            unknown ??= `${path} includes ${line.slice(9).trim()}, which may set what this file does not`;
        else if (section === "pgbouncer" && !/^[;#]/.test(line)) {
            const kv = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
            const key = kv?.[1]?.toLowerCase();
            if (kv && key && POOLER_KEYS.includes(key))
                settings[key] = {
                    value: kv[2].replace(/\s+[;#].*$/, "").trim(),
                    location: loc(offset + raw.indexOf(kv[1])),
                };
        }
        offset += raw.length + 1;
    }
    return {
        where: `PgBouncer configuration ${path}`,
        location: loc(0),
        names: [],
        port: portOf(settings.listen_port?.value),
        settings,
        ...(unknown ? { unknown } : {}),
    };
}
/** A unit (compose service, Kubernetes container) whose image is PgBouncer's, from the env it is given. */
export function poolerOfUnit(unit, env) {
    const settings = {};
    for (const e of env) {
        const name = e.variable.toUpperCase().replace(/^PGBOUNCER_/, "");
        const key = name === "PORT" ? "listen_port" : name.toLowerCase();
        if (POOLER_KEYS.includes(key))
            settings[key] = { value: e.value, location: e.location };
    }
    const prefixed = /bitnami/i.test(unit.image) || env.some((e) => /^PGBOUNCER_/i.test(e.variable));
    const version = /:v?(\d+\.\d+(?:\.\d+)?)/.exec(unit.image)?.[1];
    return {
        ...(version ? { version } : {}),
        envPrefix: prefixed ? "PGBOUNCER_" : "",
        where: `${unit.where} (image ${unit.image})`,
        location: unit.location,
        names: unit.names,
        port: portOf(settings.listen_port?.value),
        settings,
    };
}
function portOf(text) {
    const n = Number(text);
    return text !== undefined && Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}
const PGBOUNCER_SSLMODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
/**
 * What a pooler does on its upstream leg, as far as the tree says: server_tls_sslmode as written, else its
 * version's default; whether it names a CA file. `unknown` when the tree does not settle it (a value PgBouncer does
 * not know, an unresolved variable, an %include not followed with nothing written here).
 */
export function upstreamLeg(p) {
    const set = p.settings.server_tls_sslmode;
    const caFile = p.settings.server_tls_ca_file !== undefined;
    if (set) {
        const mode = set.value.trim().toLowerCase();
        if (!PGBOUNCER_SSLMODES.includes(mode))
            return {
                unknown: `server_tls_sslmode is '${set.value}' (${set.location.file}:${set.location.line}), not a value PgBouncer knows or one the scan could resolve`,
            };
        return {
            sslmode: mode,
            source: `server_tls_sslmode = ${mode} (${set.location.file}:${set.location.line})`,
            caFile,
        };
    }
    if (p.unknown)
        return { unknown: `server_tls_sslmode is not written where the scan can read it (${p.unknown})` };
    const d = defaultServerSslmode(p.version);
    return { sslmode: d.mode, source: `server_tls_sslmode not set: ${d.words}`, caFile };
}
//# sourceMappingURL=pgbouncer.js.map