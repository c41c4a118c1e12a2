"""Benchmark the student's and the desk's pages over HTTP, against a hello-world Flask app.

    python benchmarks/pages.py [--backend sqlite|postgres|both] [--students 100000]
                               [--duration 10] [--connections 32] [--keep] [--record]
                               [--profile] [--inprocess]

Seeds the demo set (students and rights requests, as ``requests_pages`` does; ``--keep``
reuses a seeded database), picks the heaviest student (the most course results), and
starts gunicorn servers with the same settings (2 sync workers): the portal, the
hello-world app of ``benchmarks/apps/hello.py`` and the floor app (below). Signed in over
HTTP like a browser, it drives every page with ``wrk -t2 -c32 --latency`` (Debian package
``wrk``; installed when missing and possible), hello-world and the page taking turns
twice, and keeps the better round of each. The first row is a reference, not a portal
page: ``benchmarks/apps/floor.py``, the least a signed-in page does on this stack (cookie
session, one peewee lookup, a 6 KB template), so the report shows what of a page's cost
is the stack's and what is ours. It prints requests/s, p50 and p99 per page and the
ratios to hello-world; ``--record`` appends the tables to ``docs/benchmarks.md``;
``--profile`` prints where the time of one view of each page goes (cProfile on the Flask
test client); ``--inprocess`` only prints the milliseconds of one view of each student
page in-process (the Flask test client, best of 5 × 20 views, no HTTP; wall time and this
process's CPU time, which a loaded machine disturbs less) and stops.

Targets (issue 14): every student page at least 0.4x hello-world's requests/s with a p99 at
most 2x hello-world's; the desk's queue and request page at least 0.25x and at most 3x.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import http.cookiejar
import io
import os
import pstats
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("PORTAL_ENV", "development")
SECRET_KEY = "benchmark-pages"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STUDENT = (0.4, 2.0)  # at least this share of hello-world's requests/s; p99 at most this factor
DESK = (0.25, 3.0)


@dataclass
class Round:
    rps: float
    p50_ms: float
    p99_ms: float


@dataclass
class Result:
    page: str
    path: str
    audience: str
    hello: Round
    page_round: Round
    statements: int | None = None

    @property
    def rps_ratio(self) -> float:
        return self.page_round.rps / self.hello.rps

    @property
    def p99_ratio(self) -> float:
        return self.page_round.p99_ms / self.hello.p99_ms

    @property
    def meets(self) -> bool | None:
        if self.audience == "reference":
            return None
        share, factor = STUDENT if self.audience == "student" else DESK
        return self.rps_ratio >= share and self.p99_ratio <= factor


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_PAGES_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/bench_pages"
        ),
    )
    parser.add_argument(
        "--sqlite-path", type=Path, default=Path(tempfile.gettempdir()) / "bench_pages.sqlite3"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk round")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="reuse a seeded database")
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--profile", action="store_true", help="print a profile of each page")
    parser.add_argument(
        "--inprocess", action="store_true", help="only time each student page in-process"
    )
    parser.add_argument("--only", help="a regular expression: only the pages whose name matches")
    return parser.parse_args(argv)


# --- Servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, env: dict, workers: int, cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=cwd, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {app} stopped: {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn for {app} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


# --- wrk -----------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: install the Debian package wrk")
    return found


LATENCY_RE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, cookie: str | None, args: argparse.Namespace) -> Round:
    command = [ensure_wrk(), "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} answers were not 2xx/3xx\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {q: float(v) * UNITS[u] for q, v, u in LATENCY_RE.findall(output)}
    return Round(rps, latency["50"], latency["99"])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def must_be_200(url: str, cookie: str) -> None:
    """wrk counts a redirect to the sign-in page as a success: check the page first."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(urllib.request.Request(url, headers={"Cookie": cookie})).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200")


def compare(hello_url: str, page_url: str, cookie: str, args) -> tuple[Round, Round]:
    """Hello-world and the page take turns twice; the better round of each counts."""
    must_be_200(page_url, cookie)
    hellos, pages = [], []
    for _ in range(2):
        hellos.append(wrk(hello_url, None, args))
        pages.append(wrk(page_url, cookie, args))
    best = lambda rounds: max(rounds, key=lambda r: r.rps)  # noqa: E731
    return best(hellos), best(pages)


# --- The portal ----------------------------------------------------------------------------


def sign_in(base: str, username: str) -> str:
    """Sign in as a browser does; return the Cookie header value of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login").read().decode()
    token = CSRF_RE.search(page).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": "demo", "csrf_token": token, "next": ""}
    ).encode()
    opener.open(f"{base}/auth/login", data=form).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    check = urllib.request.Request(f"{base}/student/", headers={"Cookie": cookie})
    if username.startswith("s"):
        urllib.request.urlopen(check).read()  # raises unless signed in
    return cookie


def heaviest_student(url: str) -> tuple[str, int]:
    from peewee import fn

    from domain.core.db import connect_database
    from domain.models import CourseResult, Person

    db = connect_database(url)
    with db.connection_context():
        row = (
            Person.select(Person.student_number, fn.COUNT(CourseResult.id).alias("n"))
            .join(CourseResult)
            .group_by(Person.id, Person.student_number)
            .order_by(fn.COUNT(CourseResult.id).desc(), Person.id)
            .tuples()
            .first()
        )
    return row[0], row[1]


def student_pages() -> list[tuple[str, str]]:
    from domain.register import subject_data

    pages = [("home", "/student/"), ("My data", "/student/my-data")]
    pages += [(f"My data: {c}", f"/student/my-data/{c}") for c in subject_data.categories()]
    pages += [
        ("consent", "/student/consent/"),
        ("my requests", "/student/requests/"),
        ("download all my data", "/student/exports"),
    ]
    return pages


def desk_pages(url: str) -> list[tuple[str, str]]:
    from domain.core.db import connect_database
    from domain.models import RightsRequest
    from domain.requests.vocabulary import OPEN_STATUSES

    db = connect_database(url)
    with db.connection_context():
        reference = (
            RightsRequest.select(RightsRequest.reference)
            .where(RightsRequest.status.in_(OPEN_STATUSES))
            .order_by(RightsRequest.id)
            .scalar()
        )
    return [("desk: queue", "/desk/"), ("desk: request page", f"/desk/requests/{reference}")]


def profile(url: str, username: str, pages: list[tuple[str, str]]) -> None:
    """Where one view of each page spends its time, in-process (the top 12 by own time)."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    client = app.test_client()
    token = CSRF_RE.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    client.post("/auth/login", data={"username": username, "password": "demo", "csrf_token": token})
    for name, path in pages:
        client.get(path)  # warm
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(10):
            client.get(path).get_data()
        profiler.disable()
        ms = (time.perf_counter() - started) * 100
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print(f"\n--- profile: {name} ({path}): {ms:.1f} ms per view (profiled)\n")
        print(out.getvalue().split("\n", 6)[-1][:4000])


def in_process(url: str, username: str, pages: list[tuple[str, str]]) -> None:
    """Milliseconds per view of each page on the Flask test client (best of 5 × 20)."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    client = app.test_client()
    token = CSRF_RE.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    client.post("/auth/login", data={"username": username, "password": "demo", "csrf_token": token})
    print("| page | ms per view (wall) | ms per view (CPU) |\n|---|---|---|")
    for name, path in pages:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
        wall = cpu = float("inf")
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(20):
                client.get(path).get_data()
            wall = min(wall, (time.perf_counter() - started) / 20 * 1000)
            cpu = min(cpu, (time.process_time() - started_cpu) / 20 * 1000)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |", flush=True)


def statements_of(url: str, username: str, path: str) -> int:
    from domain.core.db import database
    from webapp import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    client = app.test_client()
    token = CSRF_RE.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    client.post("/auth/login", data={"username": username, "password": "demo", "csrf_token": token})
    client.get(path)
    count = 0
    original = database.obj.execute_sql

    def counting(sql, params=None, *a, **k):
        nonlocal count
        count += 1
        return original(sql, params, *a, **k)

    database.obj.execute_sql = counting
    try:
        client.get(path)
    finally:
        del database.obj.execute_sql
    return count


def run_backend(backend: str, args: argparse.Namespace) -> list[Result]:
    from requests_pages import ensure_postgres_database, prepare

    if backend == "sqlite":
        url = f"sqlite:///{args.sqlite_path}"
    else:
        url = args.postgres_url
        ensure_postgres_database(url)
    prepare(url, args.students, args.seed, args.keep)
    student, results_count = heaviest_student(url)
    print(f"{backend}: the heaviest student is {student} ({results_count} course results)")
    pages = [(n, p, "student") for n, p in student_pages()]
    pages += [(n, p, "desk") for n, p in desk_pages(url)]
    if args.only:
        pages = [p for p in pages if re.search(args.only, p[0])]
    if args.inprocess:
        in_process(url, student, [(n, p) for n, p, a in pages if a == "student"])
        return []
    if args.profile:
        profile(url, student, [(n, p) for n, p, a in pages if a == "student"])

    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET_KEY, PYTHONPATH=str(ROOT))
    portal, portal_base = start_gunicorn("webapp:create_app()", env, args.workers, ROOT)
    hello, hello_base = start_gunicorn("hello:app", env, args.workers, ROOT / "benchmarks/apps")
    floor_env = dict(env, FLOOR_DB=str(Path(tempfile.gettempdir()) / "bench_floor.sqlite3"))
    floor, floor_base = start_gunicorn(
        "floor:app", floor_env, args.workers, ROOT / "benchmarks/apps"
    )
    results = []
    try:
        floor_cookie = floor_sign_in(floor_base)
        hello_round, floor_round = compare(f"{hello_base}/", f"{floor_base}/", floor_cookie, args)
        results.append(Result(FLOOR, "/", "reference", hello_round, floor_round, 1))
        print(line(results[-1]), flush=True)
        cookies = {"student": sign_in(portal_base, student), "desk": sign_in(portal_base, "desk")}
        for name, path, audience in pages:
            hello_round, page_round = compare(
                f"{hello_base}/", f"{portal_base}{path}", cookies[audience], args
            )
            user = student if audience == "student" else "desk"
            result = Result(name, path, audience, hello_round, page_round)
            result.statements = statements_of(url, user, path)
            results.append(result)
            print(line(result), flush=True)
    finally:
        stop(portal)
        stop(hello)
        stop(floor)
    return results


FLOOR = "floor: a minimal signed-in page (benchmarks/apps/floor.py)"


def floor_sign_in(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(f"{base}/sign-in")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def header() -> str:
    return (
        "| page | req/s | × hello | p50 ms | p99 ms | × hello p99 | SQL | target |\n"
        "|---|---|---|---|---|---|---|---|"
    )


def line(r: Result) -> str:
    return (
        f"| {r.page} | {r.page_round.rps:,.0f} | {r.rps_ratio:.2f}× | {r.page_round.p50_ms:.1f} | "
        f"{r.page_round.p99_ms:.1f} | {r.p99_ratio:.2f}× | {r.statements} | "
        f"{'—' if r.meets is None else 'met' if r.meets else '**missed**'} |"
    )


def report(backend: str, results: list[Result], args) -> str:
    hello = max((r.hello for r in results), key=lambda h: h.rps)
    lines = [
        f"#### {backend} ({args.students:,} students; wrk -t2 -c{args.connections}, "
        f"{args.duration} s rounds; gunicorn {args.workers} sync workers)",
        "",
        f"Hello-world, best round: {hello.rps:,.0f} req/s, p50 {hello.p50_ms:.1f} ms, "
        f"p99 {hello.p99_ms:.1f} ms (each page is compared with the hello-world round next "
        "to it).",
        "",
        header(),
        *[line(r) for r in results],
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    args = parse_args(argv)
    ensure_wrk()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    sections, missed = [], []
    for backend in backends:
        results = run_backend(backend, args)
        if args.inprocess:
            continue
        sections.append(report(backend, results, args))
        missed += [f"{backend}: {r.page}" for r in results if r.meets is False]
    text = "\n\n".join(sections)
    print("\n" + text)
    if args.record and sections:
        stamp = dt.date.today().isoformat()
        with (ROOT / "docs/benchmarks.md").open("a") as doc:
            doc.write(f"\n\n### Pages against hello-world ({stamp}, `benchmarks/pages.py`)\n\n")
            doc.write(text + "\n")
    if missed:
        print("missed the target: " + ", ".join(missed))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
