#!/usr/bin/python3
"""Ask real Django what it makes of a settings module, without connecting.

Usage:
    /usr/bin/python3 test/harness/django_settings_dump.py PROJECT_DIR SETTINGS_MODULE [--env KEY=VALUE ...]

Prints one JSON object on stdout. wirewarden's static evaluator is compared
against this output, so it reports what Django, psycopg2 and libpq would
actually use, not what the source text seems to say. Every password is
replaced by "****" (an empty one stays "", so "no password" stays visible).
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


def libpq_sslmode_default():
    """libpq's own default for sslmode (PQconndefaults honours PGSSLMODE)."""

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

    path = ctypes.util.find_library("pq") or "libpq.so.5"
    try:
        libpq = ctypes.CDLL(path)
    except OSError:
        return None
    libpq.PQconndefaults.restype = ctypes.POINTER(Option)
    libpq.PQconninfoFree.argtypes = [ctypes.POINTER(Option)]
    options = libpq.PQconndefaults()
    if not options:
        return None
    try:
        i = 0
        while options[i].keyword is not None:
            if options[i].keyword == b"sslmode":
                val = options[i].val or options[i].compiled
                return val.decode() if val else None
            i += 1
    finally:
        libpq.PQconninfoFree(options)
    return None


def libpq_view(conn_params, sslmode_default):
    """What psycopg2 would hand libpq: make_dsn drops None values (sslmode=None)."""
    from psycopg2.extensions import make_dsn, parse_dsn

    dsn_params = parse_dsn(make_dsn(**conn_params))
    if dsn_params.get("sslmode"):
        mode, source = dsn_params["sslmode"], "conn_params"
    elif os.environ.get("PGSSLMODE"):
        mode, source = sslmode_default, "PGSSLMODE"
    else:
        mode, source = sslmode_default, "libpq default"
    return dsn_params, mode, source


def dump_alias(alias, connections, sslmode_default):
    from django.core.exceptions import ImproperlyConfigured

    settings_dict = connections.databases[alias]
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
    }
    if engine in POSTGRES_FAMILY:
        try:
            conn_params = connections[alias].get_connection_params()
        except ImproperlyConfigured as exc:
            entry["error"] = "ImproperlyConfigured: %s" % exc
        else:
            entry["conn_params"] = conn_params
            dsn_params, mode, source = libpq_view(conn_params, sslmode_default)
            entry["dsn_params"] = dsn_params
            entry["effective_sslmode"] = mode
            entry["effective_sslmode_source"] = source
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
    args = parser.parse_args(argv)

    for pair in args.env:
        key, _, value = pair.partition("=")
        os.environ[key] = value

    sys.path[:0] = [os.path.abspath(args.project_dir), SHIMS_DIR]
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings_module

    import django

    forbid_connections()
    legacy_alias = alias_legacy_postgres_engine()
    django.setup()

    from django.conf import settings
    from django.db import connections

    sslmode_default = libpq_sslmode_default()
    out = {
        "settings_module": args.settings_module,
        "django_version": django.get_version(),
        "databases": {
            alias: dump_alias(alias, connections, sslmode_default)
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
        "libpq_sslmode_default": sslmode_default,
    }
    out["harness_notes"] = (
        ["ENGINE django.db.backends.postgresql_psycopg2 aliased to postgresql (removed in Django 3.0)"]
        if legacy_alias
        else []
    )

    json.dump(jsonable(redact(out)), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
