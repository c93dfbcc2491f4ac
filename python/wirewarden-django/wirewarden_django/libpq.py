"""What libpq will do with a set of connection parameters, decided from real values (no Django here).

The rules are wirewarden's libpq model (src/libpq/behaviour.ts), the same facts the scan-prove matrix holds to
real clients: parameter, then service file, then PG* environment variable, then default; a root certificate file
that exists makes prefer and require check the chain (not the host name); an explicit sslrootcert that does not
exist turns off ~/.postgresql/root.crt; sslrootcert=system is the system store and implies verify-full from libpq
16 on, a missing file named "system" before; libpq expands neither $VAR nor ~ in file parameters.
"""

import os
import re
import stat

# The parameters that decide the channel, and the environment variables libpq reads for them.
ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslnegotiation": "PGSSLNEGOTIATION",
    "channel_binding": "PGCHANNELBINDING",
    "require_auth": "PGREQUIREAUTH",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    "host": "PGHOST",
    "service": "PGSERVICE",
}

STRENGTH = {"disable": 0, "allow": 1, "prefer": 2, "require": 3, "verify-ca": 4, "verify-full": 5}

# A service file is a few lines; anything larger is not one.
MAX_SERVICE_FILE_BYTES = 1024 * 1024


class Value:
    """One effective parameter: its value (None when unset everywhere) and where it came from."""

    def __init__(self, value, source):
        self.value = value
        self.source = source

    def __repr__(self):
        return "Value(%r, %r)" % (self.value, self.source)


def is_local_host(host):
    """A host libpq reaches without a network: a Unix socket directory, localhost, loopback (as the scan says)."""
    h = (host or "").strip().lower()
    if h == "" or h.startswith("/") or h.startswith("@"):
        return True
    if h == "localhost" or h.endswith(".localhost"):
        return True
    if re.match(r"^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$", h):
        return True
    return h in ("::1", "[::1]", "0:0:0:0:0:0:0:1")


def network_hosts(host):
    """The hosts of a (comma-separated) host list that are reached over a network."""
    return [h.strip() for h in str(host or "").split(",") if h.strip() and not is_local_host(h)]


def service_file_candidates(environ, home):
    """Where libpq looks for a service: PGSERVICEFILE (else ~/.pg_service.conf), then PGSYSCONFDIR/pg_service.conf."""
    user = environ.get("PGSERVICEFILE") or os.path.join(home, ".pg_service.conf")
    system = os.path.join(environ.get("PGSYSCONFDIR") or "/etc/postgresql-common", "pg_service.conf")
    return [user, system]


def read_service(name, environ, home):
    """The first section called `name` in the first file that has one, as libpq reads it; None when none does."""
    for path in service_file_candidates(environ, home):
        try:
            if os.path.getsize(path) > MAX_SERVICE_FILE_BYTES:
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        section = None
        values = None
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                if values is not None:
                    break  # the section ended
                section = line[1:-1]
                if section == name:
                    values = {}
                continue
            if values is not None and "=" in line:
                key, _, value = line.partition("=")
                values.setdefault(key.strip(), value.strip())
        if values is not None:
            return {"file": path, "values": values}
    return None


def effective(params, environ, home):
    """Every channel parameter as libpq will take it: connection string > service > environment > unset."""
    service_name = params.get("service") or environ.get("PGSERVICE")
    service = read_service(service_name, environ, home) if service_name else None
    out = {}
    for name, variable in ENVIRONMENT.items():
        given = params.get(name)
        if given is not None and str(given) != "":
            out[name] = Value(str(given), "parameter")
        elif service is not None and service["values"].get(name):
            out[name] = Value(service["values"][name], "service " + service_name)
        elif environ.get(variable):
            out[name] = Value(environ[variable], variable)
        else:
            out[name] = Value(None, "default")
    out["_service"] = Value(service_name, "service file %s" % service["file"] if service else "no service file")
    return out


def unexpanded(path):
    """A file parameter libpq will take literally although it was meant to be expanded ($HOME, ~, %APPDATA%)."""
    return bool(path) and (path.startswith("~") or "$" in path or re.search(r"%[A-Za-z_]+%", path) is not None)


def readable_file(path):
    try:
        return os.path.isfile(path) and os.access(path, os.R_OK)
    except (OSError, ValueError):
        return False


def decide(values, libpq_major, home):
    """What the client will do: the sslmode it runs with, which roots it checks against, and what it verifies.

    Returns a dict: sslmode, sslmode_source, root (a description), chain (bool: the chain is checked), host_checked,
    fails ((kind, why) when libpq will refuse to connect: "root-missing", "system-weak" or "invalid"; else None),
    root_path (the file it reads, or None).
    """
    sslmode = values["sslmode"].value
    source = values["sslmode"].source
    root = values["sslrootcert"].value
    fails = None
    system = root == "system" and libpq_major >= 16
    if sslmode is None:
        sslmode = "verify-full" if system else "prefer"
        source = "libpq default" + (" with sslrootcert=system" if system else "")
    if sslmode not in STRENGTH:
        return {"sslmode": sslmode, "sslmode_source": source, "fails": ("invalid", "invalid sslmode %r" % sslmode)}
    if system and STRENGTH[sslmode] < STRENGTH["verify-full"]:
        fails = ("system-weak", "libpq %d refuses sslmode %s with sslrootcert=system" % (libpq_major, sslmode))
    root_path = None
    if system:
        chain = True
        described = "the system's trusted roots"
    else:
        root_path = root if root else os.path.join(home, ".postgresql", "root.crt")
        exists = not unexpanded(root_path) and readable_file(root_path)
        chain = exists and STRENGTH[sslmode] >= STRENGTH["prefer"]
        described = ("%s (%s)" % (root_path, "present" if exists else "missing")) if root else (
            "~/.postgresql/root.crt (%s)" % ("present" if exists else "missing")
        )
        if STRENGTH[sslmode] >= STRENGTH["verify-ca"] and not exists:
            fails = (
                "root-missing",
                "sslmode %s needs the root certificate file %s, which is missing or unreadable" % (sslmode, root_path),
            )
    return {
        "sslmode": sslmode,
        "sslmode_source": source,
        "root": described,
        "root_path": root_path,
        "chain": chain,
        "host_checked": sslmode == "verify-full",
        "fails": fails,
    }


def key_permission_problem(path):
    """libpq refuses a client key readable by others: more than 0600, or 0640 when root owns it. None when fine."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    mode = stat.S_IMODE(st.st_mode)
    limit = 0o640 if st.st_uid == 0 else 0o600
    if mode & ~limit & 0o777:
        return "mode %04o (libpq accepts at most %04o for a key owned by %s)" % (
            mode,
            limit,
            "root" if st.st_uid == 0 else "its user",
        )
    return None
