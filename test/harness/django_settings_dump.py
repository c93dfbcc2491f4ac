#!/usr/bin/python3
"""Ask real Django what it makes of a settings module, without connecting.

Usage:
    /usr/bin/python3 test/harness/django_settings_dump.py PROJECT_DIR SETTINGS_MODULE [--env KEY=VALUE ...]

Prints one JSON object on stdout. wirewarden's static evaluator is compared
against this output, so it reports what Django, psycopg2 and libpq would
actually use, not what the source text seems to say. Every password is
replaced by "****" (an empty one stays "", so "no password" stays visible).

The environment is reset to exactly the --env values (plus PATH) before the
settings are imported: a PG* variable or DATABASE_URL of the machine running
the tests never leaks in, and a variable the test did not supply is unset, as
it is for wirewarden's evaluator.

Per postgres-family alias, "effective_sslmode" is what libpq ends up with:
the sslmode psycopg2 passes (from get_connection_params(); psycopg2.make_dsn
drops None values) if there is one, else PGSSLMODE if set, else "prefer".
"effective_sslrootcert" likewise: the passed sslrootcert, else PGSSLROOTCERT,
else null (libpq then looks for ~/.postgresql/root.crt at connect time).
"libpq_defaults" is libpq's own PQconndefaults() answer for both keys, as a
check on that fallback.

Nothing connects: psycopg2.connect and Python sockets are replaced by
functions that raise, and get_connection_params() only builds a dict.
"""

import argparse
import ctypes
import ctypes.util
import json
import logging
import os
import sys

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
SHIMS_DIR = os.path.join(HARNESS_DIR, "shims")

POSTGRES_FAMILY = (
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
    "django.contrib.gis.db.backends.postgis",
    "django_cockroachdb",
)

# Settings that decide the HTTPS rules (WW3xx) and Django's deploy checks.
HTTPS_SETTINGS = (
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_USE_SESSIONS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_ROUTERS",
)

SQL_LOGGERS = ("django.db.backends", "django.db", "django")

REDACTED = "****"


def redact(value):
    """Replace the value of any key that mentions a password, at any depth."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if "password" in str(key).lower():
                out[key] = REDACTED if item else item
            else:
                out[key] = redact(item)
        return out
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    return value


def jsonable(value):
    """Keep JSON types; anything else (paths, classes, lazy strings) via str()."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


def forbid_connections():
    # The brief is "never connect": make any attempt fail loudly instead of
    # quietly reaching for a host named in the settings.
    import psycopg2

    def refuse(*args, **kwargs):
        raise RuntimeError("django_settings_dump must not open database connections")

    psycopg2._connect = refuse
    psycopg2.connect = refuse

    import socket

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse


def alias_legacy_postgres_engine():
    # dj-database-url 0.5 and django-environ 0.4 (the Debian versions) still
    # emit ENGINE "django.db.backends.postgresql_psycopg2", an alias Django
    # removed in 3.0. Register it again so we can ask the postgresql backend
    # for connection params; the dumped ENGINE keeps the name the settings gave.
    import importlib

    name = "django.db.backends.postgresql_psycopg2"
    try:
        importlib.import_module(name + ".base")
        return False
    except ImportError:
        pass
    import django.db.backends.postgresql as pg
    import django.db.backends.postgresql.base as pg_base

    sys.modules[name] = pg
    sys.modules[name + ".base"] = pg_base
    return True


def libpq_defaults(keywords=("sslmode", "sslrootcert")):
    """libpq's own defaults (PQconndefaults honours PGSSLMODE, PGSSLROOTCERT)."""

    class Option(ctypes.Structure):
        _fields_ = [
            ("keyword", ctypes.c_char_p),
            ("envvar", ctypes.c_char_p),
            ("compiled", ctypes.c_char_p),
            ("val", ctypes.c_char_p),
            ("label", ctypes.c_char_p),
            ("dispchar", ctypes.c_char_p),
            ("dispsize", ctypes.c_int),
        ]

    found = {k: None for k in keywords}
    path = ctypes.util.find_library("pq") or "libpq.so.5"
    try:
        libpq = ctypes.CDLL(path)
    except OSError:
        return found
    libpq.PQconndefaults.restype = ctypes.POINTER(Option)
    libpq.PQconninfoFree.argtypes = [ctypes.POINTER(Option)]
    options = libpq.PQconndefaults()
    if not options:
        return found
    try:
        i = 0
        while options[i].keyword is not None:
            key = options[i].keyword.decode()
            if key in found:
                val = options[i].val or options[i].compiled
                found[key] = val.decode() if val is not None else None
            i += 1
    finally:
        libpq.PQconninfoFree(options)
    return found


def effective(dsn_params, key, env_var, default):
    """libpq's rule: the connection string, else the PG* variable, else its default."""
    if dsn_params.get(key) is not None:
        return dsn_params[key], "conn_params"
    if os.environ.get(env_var) is not None:
        return os.environ[env_var], env_var
    return default, "libpq default"


def libpq_view(conn_params):
    """What psycopg2 would hand libpq: make_dsn drops None values (sslmode=None)."""
    from psycopg2.extensions import make_dsn, parse_dsn

    dsn_params = parse_dsn(make_dsn(**conn_params))
    return (
        dsn_params,
        effective(dsn_params, "sslmode", "PGSSLMODE", "prefer"),
        effective(dsn_params, "sslrootcert", "PGSSLROOTCERT", None),
    )


def dump_alias(alias, connections):
    from django.core.exceptions import ImproperlyConfigured

    try:
        # Building the wrapper fills in Django's defaults (HOST "", CONN_MAX_AGE 0, ENGINE dummy...).
        settings_dict = connections[alias].settings_dict
    except ImproperlyConfigured as exc:
        return {"ENGINE": connections.databases[alias].get("ENGINE"), "error": "ImproperlyConfigured: %s" % exc}
    engine = settings_dict.get("ENGINE")
    entry = {
        "ENGINE": engine,
        "NAME": settings_dict.get("NAME"),
        "USER": settings_dict.get("USER"),
        "PASSWORD": settings_dict.get("PASSWORD"),
        "HOST": settings_dict.get("HOST"),
        "PORT": settings_dict.get("PORT"),
        "OPTIONS": settings_dict.get("OPTIONS"),
        "CONN_MAX_AGE": settings_dict.get("CONN_MAX_AGE"),
        "conn_params": None,
        "dsn_params": None,
        "effective_sslmode": None,
        "effective_sslmode_source": None,
        "effective_sslrootcert": None,
        "effective_sslrootcert_source": None,
    }
    if engine in POSTGRES_FAMILY:
        try:
            conn_params = connections[alias].get_connection_params()
        except ImproperlyConfigured as exc:
            entry["error"] = "ImproperlyConfigured: %s" % exc
        else:
            entry["conn_params"] = conn_params
            dsn_params, mode, rootcert = libpq_view(conn_params)
            entry["dsn_params"] = dsn_params
            entry["effective_sslmode"], entry["effective_sslmode_source"] = mode
            entry["effective_sslrootcert"], entry["effective_sslrootcert_source"] = rootcert
    return entry


def sql_logging(settings):
    # Django only sends SQL to the django.db.backends logger when DEBUG is
    # truthy (a CursorDebugWrapper), so a "False" string from env logs SQL.
    logger = logging.getLogger("django.db.backends")
    handlers = []
    current = logger
    while current is not None:
        handlers += [
            "%s:%s" % (current.name, type(h).__name__)
            for h in current.handlers
            if h.level <= logging.DEBUG
        ]
        current = current.parent if current.propagate else None
    return {
        "logger": "django.db.backends",
        "effective_level": logging.getLevelName(logger.getEffectiveLevel()),
        "enabled_for_debug": logger.isEnabledFor(logging.DEBUG),
        "debug_handlers": handlers,
        "queries_logged": bool(settings.DEBUG),
        "configured_loggers": {
            name: (settings.LOGGING or {}).get("loggers", {}).get(name)
            for name in SQL_LOGGERS
            if name in (settings.LOGGING or {}).get("loggers", {})
        },
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir")
    parser.add_argument("settings_module")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set an environment variable before the settings are imported",
    )
    parser.add_argument(
        "--self-test-connect",
        action="store_true",
        help="after the dump, try to connect every postgres-family alias and report how it was refused "
        "(proves the connection guard works; use only with a non-network HOST)",
    )
    args = parser.parse_args(argv)

    keep = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    os.environ.clear()
    os.environ.update(keep)
    for pair in args.env:
        key, sep, value = pair.partition("=")
        if not sep:
            parser.error("--env wants KEY=VALUE, got %r" % pair)
        os.environ[key] = value
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings_module

    # Never leave __pycache__ behind in the fixture projects.
    sys.dont_write_bytecode = True
    sys.path[:0] = [os.path.abspath(args.project_dir), SHIMS_DIR]

    import django

    forbid_connections()
    legacy_alias = alias_legacy_postgres_engine()
    django.setup()

    from django.conf import settings
    from django.db import connections

    out = {
        "settings_module": args.settings_module,
        "django_version": django.get_version(),
        "databases": {
            alias: dump_alias(alias, connections)
            for alias in connections.databases
        },
    }
    for name in HTTPS_SETTINGS:
        out[name] = getattr(settings, name, None)
    out["DEBUG_truthy"] = bool(settings.DEBUG)
    out["sql_logging"] = sql_logging(settings)
    out["environment"] = {
        "PGSSLMODE": os.environ.get("PGSSLMODE"),
        "PGSSLROOTCERT": os.environ.get("PGSSLROOTCERT"),
        "libpq_defaults": libpq_defaults(),
    }
    out["harness_notes"] = (
        ["ENGINE django.db.backends.postgresql_psycopg2 aliased to postgresql (removed in Django 3.0)"]
        if legacy_alias
        else []
    )

    if args.self_test_connect:
        attempts = {}
        for alias, entry in out["databases"].items():
            if entry.get("ENGINE") not in POSTGRES_FAMILY:
                continue
            try:
                connections[alias].connect()
            except Exception as exc:  # noqa: BLE001 - the refusal is what we report
                attempts[alias] = "%s: %s" % (type(exc).__name__, exc)
            else:
                attempts[alias] = "CONNECTED"
        out["connect_attempts"] = attempts

    json.dump(jsonable(redact(out)), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
