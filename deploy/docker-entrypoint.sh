#!/bin/sh
# Entrypoint of the image (deploy/Dockerfile): `web` (default), `worker`, or any
# gongkai command (`backup -o /backups`, `check_worker`, `createsuperuser`, …).
set -eu
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=gongkai.settings
case "${1:-web}" in
    web)
        .venv/bin/gongkai migrate_locked -v 1
        exec .venv/bin/gunicorn -c deploy/gunicorn.conf.py
        ;;
    worker)
        exec .venv/bin/gongkai worker --no-reload
        ;;
    *)
        exec .venv/bin/gongkai "$@"
        ;;
esac
