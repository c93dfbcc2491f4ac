# TEST-ONLY SHIM. Not the real django-cockroachdb package.
#
# Debian ships no django-cockroachdb, so settings with
# ENGINE = "django_cockroachdb" could not even be loaded by the harness.
# This stand-in lets Django import the engine and build a DatabaseWrapper so we
# can ask it for get_connection_params(). The real backend inherits that method
# unchanged from Django's postgresql backend, which is the only part we rely on.
# Never put this directory on sys.path outside test/harness.
