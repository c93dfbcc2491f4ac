"""Connects one Django database alias through a wirewarden proxy, the way the application itself would.

Run by `wirewarden prove` (src/mitm/django-client.ts) with the project's own Python:

    PYTHON -B wirewarden_django_client.py < request.json

The request is one JSON object:

    {"project": "/abs/path", "settings": "shop.settings.production", "alias": "default",
     "hostaddr": "127.0.0.1", "port": 45678, "connect_timeout": 5}

The alias's settings are used as configured except for three values: PORT becomes `port`, and OPTIONS gets
`hostaddr` and `connect_timeout`. Two optional fields serve the pooler-leg proof (src/engine/prove-pooler.ts), where
the client leg is not under attack: "sslrootcert" (an absolute path) replaces the alias's root certificate, so that
its own sslmode checks a lab pooler's certificate, and "marker" (wirewarden-marker-<hex>) makes the query
`SELECT '<marker>'` instead of `SELECT 1`, so that an attacker behind the pooler can be shown to have read it. libpq then dials hostaddr:port (the proxy) while HOST, sslmode, sslrootcert,
channel_binding and everything else still apply, so certificate and host-name checks run as in production.

The project's own code runs here (the settings module, and AppConfig.ready() and the rest of django.setup()), so
the alias is routed right after the settings are imported and before django.setup(); every other alias that may
connect through libpq is sent to a dead end (a Unix socket that does not exist). Before the settings are imported,
Python's socket module is guarded: a connect to anything but hostaddr:port, and a name lookup of anything but
localhost or a loopback address, raises an OSError that says wirewarden blocked it. A start-up connection on the
proven alias goes to the proxy and its outcome is the reply's (stage "connect" when libpq refused).

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
import tempfile

MASK = "****"
EXIT_BAD_REQUEST = 3
MARKER = re.compile(r"^wirewarden-marker-[0-9a-f]{6,64}$")
SETTINGS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# scheme://user:secret@host: the secret of a URL that shows up in a message (e.g. a DATABASE_URL in an error).
URL_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s:/?#@'\"]*):([^\s/?#'\"]+)@")

# Secret values seen so far; every message is scrubbed of them before it is written.
secrets = []
# Directories made by this run, removed before it exits.
cleanup = []


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
    hostaddr = string("hostaddr")
    if _ip(hostaddr) is None:
        bad_request("hostaddr must be an IP address")
    timeout = req.get("connect_timeout", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 1:
        bad_request("connect_timeout must be a number of seconds >= 1")
    out = {
        "project": project,
        "settings": settings_module,
        "alias": string("alias"),
        "hostaddr": hostaddr,
        "port": port,
        "connect_timeout": int(timeout),
    }
    if "sslrootcert" in req:
        rootcert = string("sslrootcert")
        if not os.path.isabs(rootcert) or not os.path.isfile(rootcert):
            bad_request("sslrootcert must be the absolute path of a file")
        out["sslrootcert"] = rootcert
    if "marker" in req:
        marker = string("marker")
        if not MARKER.match(marker):
            bad_request("marker must be wirewarden-marker- and hex digits")
        out["marker"] = marker
    return out


# --- The network guard -------------------------------------------------------------------------------------------
#
# `prove` runs the project's own code: its settings module, and whatever django.setup() runs (AppConfig.ready(),
# logging handlers, signal receivers...). The guard below keeps that code, at the Python level, from reaching any
# network address but the proxy's, and from sending name lookups off the machine. It sees Python sockets only: a
# connect made inside a C library (libpq itself, a MySQL client, a Redis client written in C) goes past it. libpq's
# connects are made safe another way: every alias but the proven one is sent to a dead end before django.setup()
# (route_databases below), and the proven one dials the proxy.

BLOCKED = "wirewarden blocked %s during prove: %s"


def _ip(host):
    """The ipaddress object of a numeric host (IPv6 scope dropped), or None for a name."""
    import ipaddress

    if isinstance(host, bytes):
        try:
            host = host.decode("ascii")
        except UnicodeDecodeError:
            return None
    if not isinstance(host, str):
        return None
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def _where(address):
    """host:port, [v6]:port, or the repr of an address that is neither."""
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0].decode("ascii", "replace") if isinstance(address[0], bytes) else str(address[0])
        return ("[%s]:%s" if ":" in host else "%s:%s") % (host, address[1])
    return repr(address)


def _port(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def install_network_guard(proxy=None):
    """Patches Python's socket module for the rest of this process.

    proxy: (hostaddr, port), the only network address a connect may reach; None allows none. A name lookup is
    allowed for "localhost" and numeric loopback addresses (and the proxy's own address): any other name would be
    a DNS query leaving the machine. Unix sockets stay allowed (logging to /dev/log).
    """
    import errno
    import socket

    allowed = (_ip(proxy[0]), int(proxy[1])) if proxy else None
    only = "only the proxy at %s may be reached" % _where(proxy) if proxy else "no network connection is allowed"
    inet = (socket.AF_INET, socket.AF_INET6)

    def check_address(family, address, what="a connection to "):
        if family not in inet:
            return
        if allowed is not None and isinstance(address, tuple) and len(address) >= 2:
            if _ip(address[0]) == allowed[0] and _port(address[1]) == allowed[1]:
                return
        raise ConnectionRefusedError(errno.ECONNREFUSED, BLOCKED % (what + _where(address), only))

    def check_lookup(host):
        if host is None:
            return
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        ip = _ip(host)
        if ip is not None and (ip.is_loopback or (allowed is not None and ip == allowed[0])):
            return
        if ip is None and isinstance(host, str) and host.lower() == "localhost":
            return
        raise socket.gaierror(
            socket.EAI_NONAME,
            BLOCKED % ("a name lookup of %r" % (host,), "only localhost and loopback addresses may be looked up"),
        )

    real = socket.socket
    connect, connect_ex, sendto, sendmsg = real.connect, real.connect_ex, real.sendto, getattr(real, "sendmsg", None)
    getaddrinfo, gethostbyname, gethostbyname_ex = socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex
    gethostbyaddr, getnameinfo, create_connection = socket.gethostbyaddr, socket.getnameinfo, socket.create_connection

    def guarded_connect(self, address):
        check_address(self.family, address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        check_address(self.family, address)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        # sendto(data, address) or sendto(data, flags, address): a datagram leaves the machine without a connect.
        if args:
            check_address(self.family, args[-1], "a datagram to ")
        return sendto(self, data, *args)

    def guarded_sendmsg(self, buffers, *args, **kwargs):
        address = kwargs.get("address", args[2] if len(args) > 2 else None)
        if address is not None:
            check_address(self.family, address, "a datagram to ")
        return sendmsg(self, buffers, *args, **kwargs)

    def guarded_getaddrinfo(host, *args, **kwargs):
        check_lookup(host)
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host):
        check_lookup(host)
        return gethostbyname(host)

    def guarded_gethostbyname_ex(host):
        check_lookup(host)
        return gethostbyname_ex(host)

    def guarded_gethostbyaddr(host):
        check_lookup(host)
        return gethostbyaddr(host)

    def guarded_getnameinfo(sockaddr, flags):
        check_lookup(sockaddr[0] if isinstance(sockaddr, tuple) and sockaddr else None)
        return getnameinfo(sockaddr, flags)

    def guarded_create_connection(address, *args, **kwargs):
        # It looks the name up and connects through the two guarded functions above; checked here as well so that
        # the message names the address asked for.
        host = address[0] if isinstance(address, tuple) and address else None
        ip = _ip(host)
        if ip is not None:
            check_address(socket.AF_INET6 if ip.version == 6 else socket.AF_INET, tuple(address[:2]))
        else:
            check_lookup(host)
        return create_connection(address, *args, **kwargs)

    real.connect = guarded_connect
    real.connect_ex = guarded_connect_ex
    real.sendto = guarded_sendto
    if sendmsg is not None:
        real.sendmsg = guarded_sendmsg
    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_gethostbyname
    socket.gethostbyname_ex = guarded_gethostbyname_ex
    socket.gethostbyaddr = guarded_gethostbyaddr
    socket.getnameinfo = guarded_getnameinfo
    socket.create_connection = guarded_create_connection


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


# --- Routing DATABASES before start-up code runs -----------------------------------------------------------------

# ENGINE words of the backends that do not connect through libpq. Every other alias is taken as one that may:
# django.db.backends.postgresql and whatever subclasses it (PostGIS, django-cockroachdb, ...), or is unknown.
NOT_LIBPQ = ("sqlite", "spatialite", "mysql", "oracle")
# OPTIONS that could give libpq another place to dial than HOST (a service, or a whole DSN with a hostaddr).
ROUTING_OPTIONS = ("host", "hostaddr", "service", "dsn", "conninfo")
# Environment variables libpq reads for every connection that does not set the value itself. PGSERVICEFILE stays:
# libpq opens it only for a named service, and only the proven alias can still name one.
ROUTING_ENV = ("PGHOST", "PGHOSTADDR", "PGSERVICE")


def may_use_libpq(engine):
    return not (isinstance(engine, str) and any(word in engine.lower() for word in NOT_LIBPQ))


def route_databases(databases, alias, hostaddr, port, connect_timeout, dead_end_dir, sslrootcert=None):
    """Rewrites settings.DATABASES in place, before django.setup() runs any of the project's start-up code.

    The proven alias gets PORT = the proxy's port and OPTIONS hostaddr (one per comma-separated host) and
    connect_timeout; HOST, sslmode, sslrootcert and the rest stay as configured (libpq verifies against HOST). Every
    other alias that may connect through libpq is sent to a dead end: HOST becomes a Unix-socket directory that does
    not exist, so a start-up connection to it fails at once without leaving the machine. Each alias gets a dict of
    its own (two aliases may share one). Returns {alias: dead end} for the aliases sent there.
    """
    dead_ends = {}
    for name in list(databases):
        conf = databases[name]
        if not isinstance(conf, dict):
            continue  # Django refuses it on its own
        options = dict(conf.get("OPTIONS") or {})
        if name == alias:
            host = conf.get("HOST")
            hosts = host.count(",") + 1 if isinstance(host, str) and host else 1
            options["hostaddr"] = ",".join([hostaddr] * hosts)
            options["connect_timeout"] = str(connect_timeout)
            # A service named in the environment was the proven alias's (libpq applies PGSERVICE to every
            # connection that names none); PGSERVICE leaves the environment below, so the alias names it itself.
            service = os.environ.get("PGSERVICE")
            if service and not options.get("service"):
                options["service"] = service
            if sslrootcert is not None:
                options["sslrootcert"] = sslrootcert
            databases[name] = dict(conf, PORT=str(port), OPTIONS=options)
        elif may_use_libpq(conf.get("ENGINE")):
            dead_end = os.path.join(dead_end_dir, re.sub(r"[^A-Za-z0-9_-]", "_", str(name))[:40] or "_")
            for key in ROUTING_OPTIONS:
                options.pop(key, None)
            databases[name] = dict(conf, HOST=dead_end, OPTIONS=options)
            dead_ends[name] = dead_end
    for key in ROUTING_ENV:
        os.environ.pop(key, None)
    if sslrootcert is not None:
        os.environ.pop("PGSSLROOTCERT", None)
    return dead_ends


def opened_connection(exc):
    """(alias, settings_dict) of the Django connection whose opening raised exc, read from the frames it passed."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        found = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_name in ("ensure_connection", "connect", "get_new_connection"):
                wrapper = tb.tb_frame.f_locals.get("self")
                alias = getattr(wrapper, "alias", None)
                settings_dict = getattr(wrapper, "settings_dict", None)
                if isinstance(alias, str) and isinstance(settings_dict, dict):
                    found = (alias, settings_dict)  # the deepest one is the connection that failed
            tb = tb.tb_next
        if found is not None:
            return found
        exc = exc.__cause__ or exc.__context__
    return None


def run(req):
    reply = {"host": None, "engine": None, "sslmode": None, "libpq_version": None}
    add_secret(os.environ.get("PGPASSWORD"))
    # Before anything of the project's is imported: its code reaches no network address but the proxy's.
    install_network_guard((req["hostaddr"], req["port"]))

    def fail(stage, exc=None, error=None):
        return dict(
            reply,
            ok=False,
            stage=stage,
            error=scrub(error) if error is not None else describe(exc),
            libpq=driver_message(exc) if exc is not None else None,
        )

    def show(settings_dict):
        """The reply's view of the alias: HOST (the name certificates are checked against), ENGINE, sslmode."""
        options = settings_dict.get("OPTIONS") or {}
        host = settings_dict.get("HOST")
        reply["host"] = scrub(host) if isinstance(host, str) else None
        reply["engine"] = settings_dict.get("ENGINE")
        sslmode = options.get("sslmode")
        reply["sslmode"] = sslmode if isinstance(sslmode, str) else None

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
    not_libpq = "alias %r uses ENGINE %r, which does not connect through libpq"
    try:
        for conf in databases.values():
            if isinstance(conf, dict):
                options = conf.get("OPTIONS") if isinstance(conf.get("OPTIONS"), dict) else {}
                add_secret(conf.get("PASSWORD"))
                add_secret(options.get("password"))
                add_secret(options.get("sslpassword"))
        if not isinstance(databases[alias], dict):
            return fail("alias", error="DATABASES[%r] is not a dict" % alias)
        show(databases[alias])
        if not may_use_libpq(reply["engine"]):
            return fail("alias", error=not_libpq % (alias, reply["engine"]))
    except BaseException as e:
        return fail("alias", e)

    # Start-up code (AppConfig.ready(), anything django.setup() runs) must find the proven alias routed to the
    # proxy and every other libpq alias at a dead end: libpq's own connects are C code the guard cannot see.
    hostaddr = req["hostaddr"]
    port = str(req["port"])
    try:
        dead_end_dir = tempfile.mkdtemp(prefix="wirewarden-prove-")
        cleanup.append(dead_end_dir)
        dead_ends = route_databases(
            databases, alias, hostaddr, port, req["connect_timeout"], dead_end_dir, req.get("sslrootcert")
        )
    except BaseException as e:
        return fail("settings", e)
    routed_hostaddr = databases[alias]["OPTIONS"]["hostaddr"]

    def routed(settings_dict):
        options = settings_dict.get("OPTIONS")
        return (
            isinstance(options, dict)
            and options.get("hostaddr") == routed_hostaddr
            and str(settings_dict.get("PORT")) == port
        )

    unrouted = (
        "start-up code changed DATABASES[%r] after wirewarden routed it to the proxy (PORT or OPTIONS hostaddr): "
        "not connecting with settings wirewarden did not route" % alias
    )
    try:
        django.setup()
    except BaseException as e:
        opened = opened_connection(e)
        if opened is not None and opened[0] == alias and driver_message(e) is not None:
            # Start-up code opened the proven alias itself, through the proxy: libpq's answer is the client's.
            if not routed(opened[1]):
                return fail("settings", e, unrouted)
            show(opened[1])
            return fail("connect", e)
        if opened is not None and opened[0] in dead_ends:
            return fail(
                "settings",
                e,
                "start-up code connected to database alias %r, which wirewarden sends to a dead end during prove "
                "(only alias %r is routed to the proxy): %s" % (opened[0], alias, describe(e)),
            )
        return fail("settings", e)

    try:
        from django.db import connections
        from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

        connection = connections[alias]
        configured = connection.settings_dict
        show(configured)
        if not isinstance(connection, PostgresWrapper):
            return fail("alias", error=not_libpq % (alias, reply["engine"]))
    except BaseException as e:
        return fail("alias", e)
    if not routed(configured):
        return fail("settings", error=unrouted)

    try:
        connection.ensure_connection()
    except BaseException as e:
        return fail("connect", e)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT '%s'" % req["marker"] if "marker" in req else "SELECT 1")
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
    for directory in cleanup:
        try:
            os.rmdir(directory)
        except OSError:
            pass
    # No atexit handlers or non-daemon threads of the project may delay or change the exit.
    os._exit(0)


if __name__ == "__main__":
    main()
