#!/usr/bin/env bash
# Back up the PovMIS database to one file: scripts/backup.sh FILE
#
# PostgreSQL (DATABASE_URL=postgres://...): pg_dump's custom format, consistent while the server runs.
# SQLite (no DATABASE_URL, or sqlite:///PATH): SQLite's online backup, safe while the server writes.
# Restore with scripts/restore.sh FILE. docs/deploy.md schedules it nightly.
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 FILE  (the backup to write)" >&2
  exit 2
fi
out="$1"
url="${DATABASE_URL:-}"
case "$url" in
  postgres://*|postgresql://*)
    pg_dump --format=custom --no-owner --file="$out" "$url"
    ;;
  ""|sqlite://*)
    db="${url#sqlite:///}"
    if [[ -z "$url" ]]; then db="$(dirname "$0")/../povmis.sqlite3"; fi
    [[ -f "$db" ]] || { echo "no SQLite database at $db" >&2; exit 1; }
    python3 - "$db" "$out" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # page by page, while other connections keep writing
target.close(); source.close()
PY
    ;;
  *)
    echo "DATABASE_URL must be postgres://... or sqlite:///PATH, not ${url%%:*}://..." >&2
    exit 2
    ;;
esac
echo "backed up to $out"
