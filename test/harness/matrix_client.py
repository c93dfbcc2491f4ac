"""The scan/prove matrix's client: Django's own PostgreSQL backend, the stack's driver and its libpq, connecting
one configuration after another through the attack proxies the test started (test/crosscheck/scan-prove-matrix).

It does per job what `wirewarden prove`'s client (python/wirewarden_django_client.py) does per run -- the alias's
settings as configured, PORT replaced by the proxy's, OPTIONS given hostaddr and connect_timeout, then
connections[alias].ensure_connection() -- but in one process for many jobs, so that hundreds of configurations
take seconds instead of minutes. Each job gets its own environment (PG* variables, HOME) before it connects:
libpq reads them at connect time.

    PYTHON -B matrix_client.py < jobs.json      one JSON line per job: {"id", "ok", "error"}

Loopback only: every job's hostaddr must be 127.0.0.1.
"""

import json
import os
import sys


def main():
    request = json.load(sys.stdin)
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=[], DATABASES={}, USE_TZ=True)
    django.setup()
    import dj_database_url
    from django.db.utils import ConnectionHandler

    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for job in request["jobs"]:
        if job.get("hostaddr", "127.0.0.1") != "127.0.0.1":
            raise SystemExit("matrix_client: loopback only")
        os.environ.clear()
        os.environ.update(base_env)
        os.environ.update(job.get("env", {}))
        if "url" in job:
            db = dj_database_url.parse(job["url"])
        else:
            db = dict(job["database"])
        db["PORT"] = job["port"]
        options = dict(db.get("OPTIONS") or {})
        options["hostaddr"] = "127.0.0.1"
        options["connect_timeout"] = job.get("connect_timeout", 5)
        db["OPTIONS"] = options
        handler = ConnectionHandler({"default": db})
        result = {"id": job["id"], "ok": False}
        try:
            conn = handler["default"]
            conn.ensure_connection()
            result["ok"] = True
        except Exception as exc:  # the driver's message is libpq's
            cause = exc.__cause__ or exc
            result["error"] = str(cause).strip()
        finally:
            try:
                handler["default"].close()
            except Exception:
                pass
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
