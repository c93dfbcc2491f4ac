import os

import dj_database_url

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-7c!q2z@shop-local-only")

# Ops sets DJANGO_DEBUG=True on the staging box when something needs digging into.
DEBUG = os.environ.get("DJANGO_DEBUG", "False")

ALLOWED_HOSTS = ["*"]

DATABASES = {
    # Primary CockroachDB cluster (writes).
    "default": {
        "ENGINE": "django_cockroachdb",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "Crdb-Shop-2024!",
        "HOST": os.environ.get("DB_HOST", "crdb-primary.internal.example"),
        "PORT": "26257",
        "CONN_MAX_AGE": 600,
    },
    # Read replica (follower reads), configured from a URL like our other services.
    "replica": dj_database_url.config(
        env="REPLICA_DATABASE_URL",
        default="postgres://shop_ro@crdb-replica.internal.example:26257/shop?sslmode=verify-full&sslrootcert=/certs/ca.crt",
        conn_max_age=600,
        ssl_require=True,
    ),
}
DATABASES["replica"]["ENGINE"] = "django_cockroachdb"

DATABASE_ROUTERS = ["shop.routers.PrimaryReplicaRouter"]

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_HTTPONLY = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "http")
CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "http://admin.shop.example.com"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
    },
    "loggers": {
        # Slow-query hunting: print every statement.
        "django.db.backends": {"level": "DEBUG", "handlers": ["console"]},
    },
}
