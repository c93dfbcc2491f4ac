"""wirewarden's database TLS checks as Django system checks (`python manage.py check --deploy --tag wirewarden`)."""

__version__ = "0.1.0"
