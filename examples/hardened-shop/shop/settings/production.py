import os

from .base import *  # noqa: F401,F403

# Required in production: a missing value stops the process instead of falling back to something weak.
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]

# Every node presents a certificate signed by the cluster CA; verify-full checks the chain and the host name.
CRDB_TLS = {
    "sslmode": "verify-full",
    "sslrootcert": "/etc/cockroach-certs/ca.crt",
}

DATABASES = {
    "default": {
        "ENGINE": "django_cockroachdb",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": os.environ.get("DB_HOST", "crdb-primary.internal.example"),
        "PORT": "26257",
        "CONN_MAX_AGE": 600,
        "OPTIONS": dict(CRDB_TLS),
    },
    "replica": {
        "ENGINE": "django_cockroachdb",
        "NAME": "shop",
        "USER": "shop_ro",
        "PASSWORD": os.environ["DB_REPLICA_PASSWORD"],
        "HOST": os.environ.get("DB_REPLICA_HOST", "crdb-replica.internal.example"),
        "PORT": "26257",
        "CONN_MAX_AGE": 600,
        "OPTIONS": dict(CRDB_TLS),
    },
}
DATABASE_ROUTERS = ["shop.routers.PrimaryReplicaRouter"]

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://shop.example.com"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"level": "INFO", "handlers": ["console"]},
    },
}
