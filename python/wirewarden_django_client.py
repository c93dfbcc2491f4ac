"""Connects one Django database alias through a wirewarden proxy, the way the application itself would.

Run by `wirewarden prove` (src/mitm/django-client.ts) with the project's own Python:

    PYTHON -B wirewarden_django_client.py < request.json

The request is one JSON object:

    {"project": "/abs/path", "settings": "shop.settings.production", "alias": "default",
     "hostaddr": "127.0.0.1", "port": 45678, "connect_timeout": 5}

The alias's settings are used as configured except for three values: PORT becomes `port`, and OPTIONS gets
`hostaddr` and `connect_timeout`. libpq then dials hostaddr:port (the proxy) while HOST, sslmode, sslrootcert,
channel_binding and everything else still apply, so certificate and host-name checks run as in production.

Exactly one JSON line is written to stdout (exit 0):

    {"ok": true, ...} or {"ok": false, "stage": "import"|"settings"|"alias"|"connect"|"query",
                          "error": "<class>: <message>", "libpq": "<driver/libpq message>" | null, ...}

and every reply carries "host", "engine", "sslmode" and "libpq_version". A malformed request exits 3 with a
message on stderr and nothing on stdout. No traceback is ever printed, and the password is never written
anywhere: known secret values are replaced by **** in every message.
"""

import json
import os
import re
import sys

MASK = "****"
EXIT_BAD_REQUEST = 3
SETTINGS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# scheme://user:secret@host: the secret of a URL that shows up in a message (e.g. a DATABASE_URL in an error).
URL_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s:/?#@'\"]*):([^\s/?#'\"]+)@")

# Secret values seen so far; every message is scrubbed of them before it is written.
secrets = []


def scrub(text):
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return URL_USERINFO.sub(lambda m: m.group(1) + ":" + MASK + "@", text)


def add_secret(value):
    if isinstance(value, str) and value and value not in secrets:
        # Longest first, so that a secret containing another is replaced whole.
        secrets.append(value)
        secrets.sort(key=len, reverse=True)


def describe(exc):
    cls = type(exc)
    name = cls.__qualname__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__qualname__
    return scrub(name + ": " + str(exc))


def driver_message(exc):
    """The psycopg2 (or psycopg) error behind a Django error: its text is libpq's message, verbatim."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__module__.split(".")[0] in ("psycopg2", "psycopg"):
            return scrub(str(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def bad_request(message):
    sys.stderr.write("wirewarden_django_client: bad request: " + message + "\n")
    sys.stderr.flush()
    os._exit(EXIT_BAD_REQUEST)


def read_request(text):
    try:
        req = json.loads(text)
    except ValueError as e:
        bad_request("stdin is not JSON (" + str(e) + ")")
    if not isinstance(req, dict):
        bad_request("expected a JSON object")

    def string(key):
        value = req.get(key)
        if not isinstance(value, str) or value == "":
            bad_request(key + " must be a non-empty string")
        return value

    project = string("project")
    if not os.path.isabs(project) or not os.path.isdir(project):
        bad_request("project must be the absolute path of a directory")
    settings_module = string("settings")
    if not SETTINGS_NAME.match(settings_module):
        bad_request("settings must be a dotted module name")
    port = req.get("port")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        bad_request("port must be an integer 1-65535")
    timeout = req.get("connect_timeout", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 1:
        bad_request("connect_timeout must be a number of seconds >= 1")
    return {
        "project": project,
        "settings": settings_module,
        "alias": string("alias"),
        "hostaddr": string("hostaddr"),
        "port": port,
        "connect_timeout": int(timeout),
    }


def libpq_version():
    """Imports the driver Django's postgresql backend will use (psycopg 3 first from Django 4.2 on)."""
    import django

    names = ["psycopg", "psycopg2"] if django.VERSION >= (4, 2) else ["psycopg2"]
    error = None
    for name in names:
        try:
            if name == "psycopg":
                import psycopg

                return psycopg.pq.version()
            import psycopg2

            return psycopg2.__libpq_version__
        except ImportError as e:
            error = error or e
    raise error


def run(req):
    reply = {"host": None, "engine": None, "sslmode": None, "libpq_version": None}
    add_secret(os.environ.get("PGPASSWORD"))

    def fail(stage, exc=None, error=None):
        return dict(
            reply,
            ok=False,
            stage=stage,
            error=describe(exc) if exc is not None else scrub(error),
            libpq=driver_message(exc) if exc is not None else None,
        )

    try:
        import django

        reply["libpq_version"] = libpq_version()
    except BaseException as e:
        return fail("import", e)

    # As manage.py, gunicorn or uwsgi would run it: the project first on sys.path and as the working directory
    # (libpq resolves a relative sslrootcert against it).
    sys.path.insert(0, req["project"])
    os.chdir(req["project"])
    os.environ["DJANGO_SETTINGS_MODULE"] = req["settings"]
    try:
        from django.conf import settings

        databases = settings.DATABASES  # imports the settings module
        django.setup()
    except BaseException as e:
        return fail("settings", e)

    alias = req["alias"]
    try:
        names = list(databases)
    except BaseException:
        names = []
    if alias not in names:
        listed = ", ".join(names) if names else "none"
        return fail("alias", error="no database alias %r in DATABASES (aliases: %s)" % (alias, listed))
    try:
        from django.db import connections
        from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

        connection = connections[alias]
        configured = connection.settings_dict
        options = configured.get("OPTIONS") or {}
        add_secret(configured.get("PASSWORD"))
        add_secret(options.get("password"))
        add_secret(options.get("sslpassword"))
        host = configured.get("HOST")
        reply["host"] = scrub(host) if isinstance(host, str) else None
        reply["engine"] = configured.get("ENGINE")
        sslmode = options.get("sslmode")
        reply["sslmode"] = sslmode if isinstance(sslmode, str) else None
        if not isinstance(connection, PostgresWrapper):
            return fail(
                "alias",
                error="alias %r uses ENGINE %r, which does not connect through libpq" % (alias, reply["engine"]),
            )
    except BaseException as e:
        return fail("alias", e)

    # libpq wants one hostaddr per entry of a comma-separated host list; one port serves them all.
    hosts = host.count(",") + 1 if isinstance(host, str) and host else 1
    routed = dict(configured)
    routed["PORT"] = str(req["port"])
    routed["OPTIONS"] = dict(
        options,
        hostaddr=",".join([req["hostaddr"]] * hosts),
        connect_timeout=str(req["connect_timeout"]),
    )
    connection.settings_dict = routed

    try:
        connection.ensure_connection()
    except BaseException as e:
        return fail("connect", e)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except BaseException as e:
        return fail("query", e)
    finally:
        try:
            connection.close()
        except BaseException:
            pass
    return dict(reply, ok=True)


def main():
    # Whatever the project prints while it loads (settings that print, apps that log to stdout) goes to stderr:
    # stdout carries the one reply line only.
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    req = read_request(sys.stdin.read())
    try:
        reply = run(req)
    except BaseException as e:  # a bug here, never the project's: still one line, still no traceback
        reply = {"ok": False, "stage": "internal", "error": describe(e), "libpq": None}
    line = json.dumps(reply, sort_keys=True) + "\n"
    try:
        sys.stderr.flush()
    except BaseException:
        pass
    data = line.encode("utf-8")
    while data:
        data = data[os.write(reply_fd, data) :]
    # No atexit handlers or non-daemon threads of the project may delay or change the exit.
    os._exit(0)


if __name__ == "__main__":
    main()
