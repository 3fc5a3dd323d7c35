"""Settings for the test suite: fast hashing, immediate tasks, in-memory mail."""

from __future__ import annotations

import os

# The suite runs on PostgreSQL with DEBUG off too, where production requires a
# key (gongkai/settings.py); this one signs nothing outside the tests.
os.environ.setdefault("SECRET_KEY", "gongkai-test-suite-only-" + "x" * 40)
# The security log is read from the database in tests, not from a file.
os.environ.setdefault("SECURITY_LOG_FILE", "")

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SMS_BACKEND = "gongkai.notifications.sms.LocmemBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One process, no shared cache: each test starts from an empty local cache even
# when the developer's shell has REDIS_URL set.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Public pages are rendered fresh; the cache's own tests turn it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
# Tests serve no collected static files.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Test databases are thrown away, so a commit need not wait for its WAL to
    # reach the disk (the migrations that create them commit a hundred times).
    # Per connection only: the server's own settings (fsync, for every other
    # database on it) stay as they are.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c synchronous_commit=off"
    )
