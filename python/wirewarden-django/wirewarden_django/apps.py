from django.apps import AppConfig


class WirewardenConfig(AppConfig):
    name = "wirewarden_django"
    verbose_name = "wirewarden"

    def ready(self):
        from django.core.checks import register

        from .checks import check_databases

        # deploy=True: `check --deploy` runs them; "database": Django 6.1+ `check` runs database checks for every
        # alias (earlier ones with --database); "wirewarden": `check --deploy --tag wirewarden` runs only these.
        register(check_databases, "wirewarden", "database", deploy=True)
