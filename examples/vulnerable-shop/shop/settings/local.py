from .base import *  # noqa: F401,F403

SECRET_KEY = "django-insecure-local-development-key"
DEBUG = True
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": {
        "ENGINE": "django_cockroachdb",
        "NAME": "shop",
        "USER": "root",
        "HOST": "localhost",
        "PORT": "26257",
        "OPTIONS": {"sslmode": "disable"},
    },
}
