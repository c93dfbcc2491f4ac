#!/usr/bin/python3
"""Run Django's own deployment checks (manage.py check --deploy) on a settings module.

Usage:
    /usr/bin/python3 test/harness/deploy_check.py PROJECT_DIR SETTINGS_MODULE [--env KEY=VALUE ...]

Prints one JSON object: {"checks": ["security.W008", ...], "settings": {...}} where
"settings" holds the evaluated values of the HTTPS settings, as Django sees them.
The environment is reset to exactly the --env values (plus PATH), so a value the
test did not supply is really unset, as it is for wirewarden's evaluator.
Nothing connects to a database: deployment checks do not need one.
"""

import argparse
import json
import os
import sys

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
SETTINGS = (
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
)


def jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("settings")
    parser.add_argument("--env", action="append", default=[])
    args = parser.parse_args(argv)

    keep = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    os.environ.clear()
    os.environ.update(keep)
    for pair in args.env:
        key, _, value = pair.partition("=")
        os.environ[key] = value
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    sys.path[:0] = [os.path.abspath(args.project), os.path.join(HARNESS_DIR, "shims")]

    import django
    from django.conf import settings
    from django.core import checks

    django.setup()
    messages = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    out = {
        "checks": sorted({m.id for m in messages if m.id}),
        "settings": {name: jsonable(getattr(settings, name, None)) for name in SETTINGS},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
