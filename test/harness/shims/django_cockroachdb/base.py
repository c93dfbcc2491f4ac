# TEST-ONLY SHIM (see __init__.py): a CockroachDB-flavoured name on top of
# Django's postgresql backend. Connection parameters, and so sslmode handling,
# come straight from the postgresql backend, as in the real package.
from django.db.backends.postgresql.base import (  # noqa: F401
    DatabaseClient,
    DatabaseCreation,
    DatabaseFeatures,
    DatabaseIntrospection,
    DatabaseOperations,
    DatabaseSchemaEditor,
)
from django.db.backends.postgresql.base import (
    DatabaseWrapper as PostgresDatabaseWrapper,
)


class DatabaseWrapper(PostgresDatabaseWrapper):
    vendor = "cockroachdb"
    display_name = "CockroachDB (test shim)"
