#!/usr/bin/env bash
# Install Gongkai from this checkout for production: the runtime Debian packages
# (when run as root), .venv with the pinned dependencies and the s3 extra, and
# the collected static files in $STATIC_ROOT. Used by deploy/Dockerfile and by
# the systemd install (deploy/README.md); CI runs it too (tests/production).
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh
ensure_debs "${RUNTIME_DEBS[@]}" postgresql-client
setup_venv s3
# collectstatic imports the settings: it needs no database, and no key of ours.
env -u DATABASE_URL SECRET_KEY="${SECRET_KEY:-collectstatic-only-$RANDOM$RANDOM}" \
    DJANGO_SETTINGS_MODULE=gongkai.settings \
    .venv/bin/gongkai collectstatic --noinput -v 0
echo "已安装：$PWD/.venv（静态文件：${STATIC_ROOT:-var/staticfiles}）"
