"""Lists the database aliases of a Django settings module as the running application sees them.

Run by `wirewarden prove` (src/mitm/django-describe.ts) before any attack, with the project's own Python:

    PYTHON -B wirewarden_django_describe.py < {"project": "/abs/path", "settings": "shop.settings.production"}

One JSON line on stdout: {"ok": true, "aliases": [{"alias", "engine", "host", "port", "channel_binding"}]} (with
"runtime" too when the request asks for it: `scan --runtime`, see runtime_view) or
{"ok": false, "stage": "import"|"settings", "error": "<class>: <message>"}. HOST is the name the attacker's
certificate must carry; nothing connects, and no password is ever written.

Only the settings module is imported: django.setup() is not called, so no AppConfig.ready() or other start-up code
runs. The settings module is the project's code all the same, so Python's socket module is guarded first (see
install_network_guard): no proxy exists yet, so no network connect is allowed at all.
"""

import json
import os
import sys

from wirewarden_django_client import (
    SETTINGS_NAME,
    add_secret,
    describe,
    install_network_guard,
    libpq_version,
    scrub,
)


def main():
    try:
        req = json.loads(sys.stdin.read(1 << 16))
        project, settings_module = req["project"], req["settings"]
        if not os.path.isabs(project) or not os.path.isdir(project) or not SETTINGS_NAME.match(settings_module):
            raise ValueError("project must be an absolute directory and settings a dotted module name")
    except (ValueError, KeyError, TypeError) as e:
        sys.stderr.write("bad request: %s\n" % e)
        sys.exit(3)
    if req.get("runtime") is True:
        limit_memory()
    install_network_guard(None)
    try:
        libpq_version()
    except BaseException as e:
        return {"ok": False, "stage": "import", "error": describe(e)}
    sys.path.insert(0, project)
    os.chdir(project)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    try:
        from django.conf import settings

        databases = settings.DATABASES  # imports the settings module, and nothing else of the project's
    except BaseException as e:
        return {"ok": False, "stage": "settings", "error": describe(e)}
    aliases = []
    for alias, conf in databases.items():
        add_secret(conf.get("PASSWORD"))
        port = conf.get("PORT")
        aliases.append(
            {
                "alias": alias,
                "engine": str(conf.get("ENGINE") or ""),
                "host": str(conf.get("HOST") or ""),
                "port": int(port) if str(port or "").isdigit() else None,
                "channel_binding": channel_binding(conf),
            }
        )
    out = {"ok": True, "aliases": aliases}
    if req.get("runtime") is True:
        out["runtime"] = runtime_view(databases, settings)
    return out


# The address space a `scan --runtime` child may use: far more than Django, a driver and a settings module need.
RUNTIME_MEMORY_BYTES = 2 << 30


def limit_memory():
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = RUNTIME_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, RUNTIME_MEMORY_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this platform: the wall-clock bound of the caller still holds


# The HTTPS settings `scan --runtime` reports beside the static evaluation's.
HTTPS_SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
)


def plain(value):
    """A settings value as JSON can carry it: strings, numbers, booleans, None, and lists/tuples of them."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value][:16]
    return repr(value)[:200]


def runtime_view(databases, settings):
    """`scan --runtime`: each alias as libpq will receive it, judged by wirewarden_django's checks (no connection).

    Django builds the parameters (connections[alias].get_connection_params()) without django.setup(): no start-up
    code of the project runs, only the settings module and the database backend modules.
    """
    checks_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wirewarden-django")
    sys.path.insert(0, checks_path)
    from wirewarden_django import checks

    from django.db import connections

    wrapper = checks._postgres_wrapper()
    major = checks.libpq_major()
    home = os.path.expanduser("~")
    aliases = []
    for alias in databases:
        entry = {"alias": alias, "postgres": False}
        try:
            connection = connections[alias]
            if wrapper is not None and isinstance(connection, wrapper):
                entry["postgres"] = True
                judged = checks.judge_alias(alias, connection, major, os.environ, home)
                entry["hosts"] = judged.hosts
                d = judged.decision
                if d is not None:
                    entry["sslmode"] = d["sslmode"]
                    entry["sslmodeSource"] = d["sslmode_source"]
                    if d.get("fails"):
                        entry["fails"] = d["fails"][1]
                entry["checks"] = [{"id": m.id, "message": scrub(str(m.msg))} for m in judged.messages]
        except checks.ParamsError as e:
            entry["error"] = describe(e.cause)
        except BaseException as e:
            entry["error"] = describe(e)
        aliases.append(entry)
    return {
        "libpq": major,
        "aliases": aliases,
        "https": {name: plain(getattr(settings, name, None)) for name in HTTPS_SETTINGS},
    }


def channel_binding(conf):
    """OPTIONS channel_binding as the alias sets it (a string), else None: libpq then reads PGCHANNELBINDING."""
    options = conf.get("OPTIONS")
    value = options.get("channel_binding") if isinstance(options, dict) else None
    return value if isinstance(value, str) else None


if __name__ == "__main__":
    print(json.dumps(main()))
