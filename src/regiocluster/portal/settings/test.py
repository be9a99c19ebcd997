"""Settings for the test suite: fast hashing, a throw-away data folder.

The database still follows ``DATABASE_URL`` (PostgreSQL when set, SQLite otherwise),
so ``.ci/run`` can run the portal suite on both.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("REGIOCLUSTER_DATA_DIR", tempfile.mkdtemp(prefix="regiocluster-test-"))
os.environ.setdefault(
    "REGIOCLUSTER_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

from regiocluster.portal.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
