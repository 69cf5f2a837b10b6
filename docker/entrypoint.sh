#!/bin/sh
# Container entrypoint (run by tini, see docker/Dockerfile).
#   (no arguments)      the API service
#   cli <command> ...   the CLI, e.g. `docker compose run --rm api cli migrate:status`
set -eu

cd /app

if [ "${1:-}" = "cli" ]; then
  shift
  exec node dist/apps/cli/src/main.js "$@"
fi

exec node dist/apps/api/src/main.js
