"""Benchmark: concurrent users against `povmis serve` on loopback, on a synthetic province.

    python bench/load.py --households 20000 --users 20 --seconds 60

Builds the demo province into a fresh SQLite file (or uses DATABASE_URL with --reuse), starts the
production server (`povmis serve`: gunicorn and WhiteNoise, production settings over plain HTTP on
loopback), signs each user in as the province officer and has them request, in turn and without
pause, the dashboard and the API's lists. Prints requests per second, latency percentiles and errors
per path; the last line is machine-readable:

    RESULT users=U requests=N rps=R p50_ms=A p95_ms=B p99_ms=C errors=E
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

POVMIS = Path(sys.executable).with_name("povmis")
PATHS = ["/monitoring/", "/api/households?limit=50", "/api/cycles/2024/results?limit=50", "/api/figures/2024"]
KEY = "load-bench-" + "x" * 50  # a throwaway key for a throwaway server on loopback


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"POVMIS_DEMO", "POVMIS_DEBUG"}}
    env.update(DATABASE_URL=database, POVMIS_SECRET_KEY=KEY, POVMIS_PLAIN_HTTP="1", POVMIS_ALLOWED_HOSTS="127.0.0.1")
    return env


def _build(households: int, folder: Path) -> str:
    database = f"sqlite:///{folder / 'load.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database}
    command = [str(POVMIS), "demo", "--no-serve", "--households", str(households), "--data", str(folder / "data")]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # our own entry point
    return database


def _wait_until_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5)  # noqa: S310  # loopback only
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
        else:
            return
    raise SystemExit("the server did not answer")


def _signed_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the sign-in page")
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token[1]})
    login = base + "/accounts/login/"
    request = urllib.request.Request(login, data=form.encode(), headers={"Referer": base + "/"})  # noqa: S310  # loopback only
    opener.open(request).read()
    return opener


def _user(base: str, stop: float, results: list[tuple[str, float, bool]], lock: threading.Lock) -> None:
    opener = _signed_in(base, "province", "povmis-demo")
    mine, turn = [], 0
    while time.monotonic() < stop:
        path = PATHS[turn % len(PATHS)]
        turn += 1
        started = time.perf_counter()
        try:
            with opener.open(base + path, timeout=60) as answer:
                answer.read()
                ok = answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            ok = False
        mine.append((path, (time.perf_counter() - started) * 1000, ok))
    with lock:
        results.extend(mine)


def _percentile(values: list[float], share: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--reuse", action="store_true", help="use DATABASE_URL as it is, already built")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        database = os.environ["DATABASE_URL"] if args.reuse else _build(args.households, Path(folder))
        print(f"province ready in {time.perf_counter() - started:.0f} s")
        port = _free_port()
        command = [str(POVMIS), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--no-worker"]
        server = subprocess.Popen(  # noqa: S603  # our own entry point
            command, env=_environment(database), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base)
            results: list[tuple[str, float, bool]] = []
            lock, stop = threading.Lock(), time.monotonic() + args.seconds
            users = [threading.Thread(target=_user, args=(base, stop, results, lock)) for _ in range(args.users)]
            for user in users:
                user.start()
            for user in users:
                user.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    for path in PATHS:
        times = [ms for p, ms, _ in results if p == path]
        errors = sum(1 for p, _, ok in results if p == path and not ok)
        p50, p95, p99 = (_percentile(times, share) for share in (0.5, 0.95, 0.99))
        print(
            f"{path:40} {len(times):6} requests  p50 {p50:7.1f} ms  "
            + f"p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  errors {errors}"
        )
    every = [ms for _, ms, _ in results]
    errors = sum(1 for *_, ok in results if not ok)
    print(
        f"RESULT users={args.users} requests={len(every)} rps={len(every) / args.seconds:.1f} "
        f"p50_ms={_percentile(every, 0.5):.1f} p95_ms={_percentile(every, 0.95):.1f} "
        f"p99_ms={_percentile(every, 0.99):.1f} errors={errors}"
    )


if __name__ == "__main__":
    main()
