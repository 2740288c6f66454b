#!/usr/bin/env bash
# Restore the PovMIS database from a backup of scripts/backup.sh: scripts/restore.sh FILE
#
# Replaces everything the database holds with the backup. Stop `povmis serve` (and the worker) first.
# PostgreSQL: pg_restore into DATABASE_URL, dropping the tables it restores first.
# SQLite: the file is copied back with SQLite's backup API.
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 FILE  (a backup written by scripts/backup.sh)" >&2
  exit 2
fi
in="$1"
[[ -f "$in" ]] || { echo "no backup file $in" >&2; exit 1; }
url="${DATABASE_URL:-}"
case "$url" in
  postgres://*|postgresql://*)
    pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$url" "$in"
    ;;
  ""|sqlite://*)
    db="${url#sqlite:///}"
    if [[ -z "$url" ]]; then db="$(dirname "$0")/../povmis.sqlite3"; fi
    python3 - "$in" "$db" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.close(); source.close()
PY
    ;;
  *)
    echo "DATABASE_URL must be postgres://... or sqlite:///PATH, not ${url%%:*}://..." >&2
    exit 2
    ;;
esac
echo "restored from $in"
