/** Engines that dj-database-url (2.x) and django-environ map URL schemes to. */
const SCHEME_ENGINES = {
    postgres: "django.db.backends.postgresql",
    postgresql: "django.db.backends.postgresql",
    pgsql: "django.db.backends.postgresql",
    psql: "django.db.backends.postgresql",
    postgis: "django.contrib.gis.db.backends.postgis",
    cockroach: "django_cockroachdb",
    cockroachdb: "django_cockroachdb",
    redshift: "django_redshift_backend",
    timescale: "timescale.db.backends.postgresql",
    mysql: "django.db.backends.mysql",
    mysql2: "django.db.backends.mysql",
    mysqlgis: "django.contrib.gis.db.backends.mysql",
    sqlite: "django.db.backends.sqlite3",
    spatialite: "django.contrib.gis.db.backends.spatialite",
    oracle: "django.db.backends.oracle",
    mssql: "mssql",
};
/** Database URLs as dj-database-url and django-environ read them; undefined when it is not a URL. */
export function parseDatabaseUrl(text, repeated = "last") {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(text.trim());
    if (!m)
        return undefined;
    const scheme = m[1].toLowerCase();
    const authority = m[2];
    const path = m[3];
    const at = authority.lastIndexOf("@");
    const userinfo = at >= 0 ? authority.slice(0, at) : "";
    const hostport = at >= 0 ? authority.slice(at + 1) : authority;
    const colon = userinfo.indexOf(":");
    const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    const password = colon >= 0 ? decode(userinfo.slice(colon + 1)) : "";
    let host = hostport;
    let port = "";
    const ipv6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostport);
    if (ipv6) {
        host = ipv6[1];
        port = ipv6[2] ?? "";
    }
    else {
        const c = hostport.lastIndexOf(":");
        if (c >= 0) {
            host = hostport.slice(0, c);
            port = hostport.slice(c + 1);
        }
    }
    // A percent-encoded path in the host is a Unix socket directory (postgres://%2Fvar%2Frun%2Fpostgresql/db).
    host = /%2f/i.test(host) ? decode(host) : decode(host).toLowerCase();
    const options = new Map();
    for (const pair of (m[4] ?? "").split("&")) {
        if (!pair)
            continue;
        const eq = pair.indexOf("=");
        const k = decode(eq >= 0 ? pair.slice(0, eq) : pair);
        const v = decode(eq >= 0 ? pair.slice(eq + 1) : "");
        if (v === "")
            continue;
        if (repeated === "first" && options.has(k))
            continue;
        options.set(k, v);
    }
    return {
        scheme,
        engine: SCHEME_ENGINES[scheme],
        name: decode(path.replace(/^\//, "")),
        user,
        password,
        host,
        port,
        options,
    };
}
function decode(s) {
    try {
        return decodeURIComponent(s.replace(/\+/g, " "));
    }
    catch {
        return s;
    }
}
//# sourceMappingURL=database-url.js.map