"""The system checks: per database alias, from the parameters Django builds for libpq (no connection opened).

Ids mirror wirewarden's rules (wirewarden.W101 is WW101 db-tls-not-enforced, and so on); messages name the alias,
the host and the values that decide, never a password.
"""

import os

from django.core.checks import Info, Warning

from . import libpq

FIX = "set OPTIONS['sslmode'] = 'verify-full' and OPTIONS['sslrootcert'] to the CA file that signed the server's certificate"


def _postgres_wrapper():
    try:
        from django.db.backends.postgresql.base import DatabaseWrapper
    except Exception:  # no PostgreSQL driver installed: no alias can be a libpq one
        return None
    return DatabaseWrapper


def libpq_major():
    """The major version of the libpq loaded by the driver Django's postgresql backend imported (its `Database`:
    psycopg on Django 4.2+ when installed, else psycopg2), not merely by whichever driver is importable."""
    try:
        from django.db.backends.postgresql import base
    except Exception:
        return None
    driver = getattr(base, "Database", None)
    try:
        if getattr(driver, "__name__", "") == "psycopg":
            return driver.pq.version() // 10000
        import psycopg2.extensions

        return psycopg2.extensions.libpq_version() // 10000
    except Exception:
        return None


def check_databases(app_configs=None, databases=None, **kwargs):
    from django.db import connections

    wrapper = _postgres_wrapper()
    if wrapper is None:
        return []
    aliases = list(databases) if databases else list(connections)
    major = libpq_major()
    messages = []
    live = os.environ.get("WIREWARDEN_CHECK_CONNECT") == "1"
    for alias in aliases:
        connection = connections[alias]
        if not isinstance(connection, wrapper):
            continue
        try:
            judged = judge_alias(alias, connection, major, os.environ, os.path.expanduser("~"))
        except ParamsError as e:
            messages.append(params_refused(alias, e))
            continue
        messages.extend(judged.messages)
        if live and judged.hosts:
            messages.extend(check_live(alias, connection, judged.params, judged.hosts))
    return messages


# What the server says of this very session (PostgreSQL 9.5+): whether it is TLS, which version and cipher.
SESSION_TLS = "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()"


def check_live(alias, connection, params, hosts):
    """WIREWARDEN_CHECK_CONNECT=1: one connection per network alias, and what the server negotiated for it.

    The connection is Django's own (its settings, its driver, its libpq), opened, asked one query and closed. Only
    the first line of the driver's error is shown when it fails, with the alias's password masked. `params` and
    `hosts` are what judge_alias found.
    """
    where = "database alias %r (%s)" % (alias, ", ".join(hosts))
    obj = "DATABASES[%r]" % alias
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(SESSION_TLS)
            row = cursor.fetchone()
    except Exception as e:
        text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        for secret in (params.get("password"), (connection.settings_dict or {}).get("PASSWORD")):
            if isinstance(secret, str) and secret:
                text = text.replace(secret, "****")  # libpq does not echo it; a driver or a wrapper might
        return [Warning("%s: the live check could not connect or ask: %s" % (where, text), hint="the offline checks above still apply; run the live check where the database is reachable", obj=obj, id="wirewarden.W000")]
    finally:
        try:
            connection.close()
        except Exception:
            pass
    if not row:
        return [Info("%s: connected, but pg_stat_ssl has no row for this session (not PostgreSQL?)" % where, obj=obj, id="wirewarden.I001")]
    ssl, version, cipher = row[0], row[1], row[2]
    if not ssl:
        return [Warning("%s: the live session is NOT encrypted: the server accepted a plaintext login and this client used it" % where, hint="set OPTIONS['sslmode'] = 'verify-full' here and allow only hostssl lines in pg_hba.conf", obj=obj, id="wirewarden.W401")]
    return [Info("%s: the live session is TLS (%s, %s)" % (where, version, cipher), obj=obj, id="wirewarden.I001")]


class Judged:
    """What the checks decided for one alias: the parameters, the network hosts (none: a socket, localhost or
    loopback), libpq's decision (None when it could not be made) and the messages."""

    def __init__(self, params=None, hosts=(), decision=None, messages=()):
        self.params = params or {}
        self.hosts = list(hosts)
        self.decision = decision
        self.messages = list(messages)


def check_alias(alias, connection, major, environ, home):
    """The messages for one alias (judge_alias's, with Django's refusal of its settings as a W000)."""
    try:
        return judge_alias(alias, connection, major, environ, home).messages
    except ParamsError as e:
        return [params_refused(alias, e)]


def params_refused(alias, e):
    """The settings Django itself refuses: its own error (`check` shows it) says why."""
    return Warning(
        "database alias %r: Django could not build its connection parameters (%s)" % (alias, e.kind),
        hint="fix the alias's settings; `python manage.py check` shows Django's own error",
        obj="DATABASES[%r]" % alias,
        id="wirewarden.W000",
    )


class ParamsError(Exception):
    """Django refused to build an alias's connection parameters; `cause` is its exception."""

    def __init__(self, cause):
        super().__init__(str(cause))
        self.cause = cause
        self.kind = type(cause).__name__


def judge_alias(alias, connection, major, environ, home):
    """Everything the checks decide for one alias, once: check_databases, check_live and `scan --runtime` read it.
    Raises ParamsError when Django cannot build the alias's connection parameters."""

    def warn(number, text, hint):
        return Warning(text, hint=hint, obj="DATABASES[%r]" % alias, id="wirewarden.W%03d" % number)

    try:
        params = connection.get_connection_params()
    except Exception as e:
        raise ParamsError(e) from e
    values = libpq.effective(params, environ, home)
    hosts = libpq.network_hosts(values["host"].value)
    d = libpq.decide(values, major, home) if major is not None else None
    if not hosts:
        return Judged(params, hosts, d)  # a socket, localhost or loopback: no network path for a man in the middle
    where = "database alias %r (%s)" % (alias, ", ".join(hosts))
    if d is None:
        return Judged(params, hosts, None, [warn(0, "%s: the PostgreSQL driver's libpq version cannot be read, so its TLS behaviour cannot be judged" % where, "install psycopg or psycopg2 in this environment")])
    out = []
    mode, source = d["sslmode"], d["sslmode_source"]
    said = "sslmode %s (%s)" % (mode, source)
    weak = False
    if d.get("fails"):
        kind, why = d["fails"]
        number = {"root-missing": 105, "system-weak": 114}.get(kind, 0)
        hint = {
            "root-missing": "put the CA file where sslrootcert points (or point sslrootcert at it) in every environment that runs this code",
            "system-weak": "set OPTIONS['sslmode'] = 'verify-full' (the only mode libpq 16+ accepts with sslrootcert=system)",
        }.get(kind, FIX)
        # An unexpanded path is W115's to report: it says why the file cannot exist.
        if not (kind == "root-missing" and libpq.unexpanded(d.get("root_path"))):
            out.append(warn(number, "%s: libpq %d will not connect (an outage, not an exposure): %s" % (where, major, why), hint))
        # Where the file is there (production), verify-ca still checks no host name.
        if kind == "root-missing" and mode == "verify-ca":
            out.append(warn(104, "%s has %s: wherever the root file exists, the chain is checked but not the host name" % (where, said), "set OPTIONS['sslmode'] = 'verify-full'"))
    elif mode in ("disable", "allow"):
        weak = True
        out.append(warn(102, "%s has %s: the connection is plaintext whenever the server or an attacker says so; anyone on the path reads the password and every query" % (where, said), FIX))
    elif mode == "prefer":
        weak = True
        out.append(warn(101, "%s has %s: an attacker who answers 'N' to the TLS request gets a plaintext session%s" % (where, said, "; its chain check (%s) only applies when TLS is used" % d["root"] if d["chain"] else ""), FIX))
    elif mode == "require":
        weak = True
        if d["chain"]:
            out.append(warn(103, "%s has %s: with %s libpq %d checks the chain but not the host name, so a certificate the same CA issued for any other name is accepted" % (where, said, d["root"], major), FIX))
        else:
            out.append(warn(103, "%s has %s and %s: the server's certificate is not checked at all, any certificate is accepted" % (where, said, d["root"]), FIX))
    elif mode == "verify-ca":
        out.append(warn(104, "%s has %s: the chain is checked against %s but not the host name" % (where, said, d["root"]), "set OPTIONS['sslmode'] = 'verify-full'"))
    root = values["sslrootcert"].value
    if root == "system" and major < 16 and not d.get("fails"):
        out.append(warn(114, "%s sets sslrootcert=system, which libpq %d reads as a file named 'system': %s" % (where, major, "nothing is verified" if mode in ("prefer", "require") else "verify modes cannot connect"), "use libpq 16 or later (a newer psycopg[binary] or psycopg2-binary wheel, or the system's libpq5), or name the CA file"))
    for name in ("sslrootcert", "sslcert", "sslkey"):
        path = values[name].value
        if libpq.unexpanded(path):
            out.append(warn(115, "%s: %s %r is used literally by libpq, which expands neither $VAR nor ~: that file does not exist" % (where, name, path), "expand it in Python: os.path.expanduser(os.path.expandvars(...))"))
    key = values["sslkey"].value
    if key and not libpq.unexpanded(key):
        problem = libpq.key_permission_problem(key)
        if problem:
            out.append(warn(111, "%s: the client key %s is readable by others, %s" % (where, key, problem), "chmod 600 the key file"))
    floor = (values["ssl_min_protocol_version"].value or "").lower()
    if floor in ("tlsv1", "tlsv1.1"):
        out.append(warn(116, "%s allows %s (ssl_min_protocol_version, %s)" % (where, values["ssl_min_protocol_version"].value, values["ssl_min_protocol_version"].source), "remove the setting (libpq's default floor is TLSv1.2) or set TLSv1.2 or TLSv1.3"))
    keylog = params.get("sslkeylogfile") or environ.get("SSLKEYLOGFILE")
    if keylog:
        out.append(warn(117, "%s: TLS session keys are written to %s (%s), so anyone who reads that file decrypts the traffic" % (where, keylog, "sslkeylogfile" if params.get("sslkeylogfile") else "SSLKEYLOGFILE"), "remove sslkeylogfile / SSLKEYLOGFILE outside a debugging session"))
    settings = getattr(connection, "settings_dict", {}) or {}
    lifetime = settings.get("CONN_MAX_AGE", 0)
    pooled = bool((settings.get("OPTIONS") or {}).get("pool"))
    if weak and (lifetime is None or (isinstance(lifetime, (int, float)) and lifetime > 0) or pooled):
        out.append(warn(109, "%s keeps connections open (%s) on a channel that is not verified: one interception lasts for the connection's whole life" % (where, "OPTIONS['pool']" if pooled else "CONN_MAX_AGE=%s" % lifetime), FIX))
    return Judged(params, hosts, d, out)
