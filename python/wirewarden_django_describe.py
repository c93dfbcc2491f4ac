"""Lists the database aliases of a Django settings module as the running application sees them.

Run by `wirewarden prove` (src/mitm/django-describe.ts) before any attack, with the project's own Python:

    PYTHON -B wirewarden_django_describe.py < {"project": "/abs/path", "settings": "shop.settings.production"}

One JSON line on stdout: {"ok": true, "aliases": [{"alias", "engine", "host", "port", "channel_binding"}]} or
{"ok": false, "stage": "import"|"settings", "error": "<class>: <message>"}. HOST is the name the attacker's
certificate must carry; nothing connects, and no password is ever written.

Only the settings module is imported: django.setup() is not called, so no AppConfig.ready() or other start-up code
runs. The settings module is the project's code all the same, so Python's socket module is guarded first (see
install_network_guard): no proxy exists yet, so no network connect is allowed at all.
"""

import json
import os
import sys

from wirewarden_django_client import SETTINGS_NAME, add_secret, describe, install_network_guard, libpq_version


def main():
    try:
        req = json.loads(sys.stdin.read(1 << 16))
        project, settings_module = req["project"], req["settings"]
        if not os.path.isabs(project) or not os.path.isdir(project) or not SETTINGS_NAME.match(settings_module):
            raise ValueError("project must be an absolute directory and settings a dotted module name")
    except (ValueError, KeyError, TypeError) as e:
        sys.stderr.write("bad request: %s\n" % e)
        sys.exit(3)
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
    return {"ok": True, "aliases": aliases}


def channel_binding(conf):
    """OPTIONS channel_binding as the alias sets it (a string), else None: libpq then reads PGCHANNELBINDING."""
    options = conf.get("OPTIONS")
    value = options.get("channel_binding") if isinstance(options, dict) else None
    return value if isinstance(value, str) else None


if __name__ == "__main__":
    print(json.dumps(main()))
