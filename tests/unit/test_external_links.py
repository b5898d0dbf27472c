"""studykit.external against local HTTP servers on 127.0.0.1 (never the network), and its cache."""
from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from studykit.external import (
    CacheError,
    CheckResult,
    CheckSettings,
    check_urls,
    external_enabled,
    is_fresh,
    load_cache,
    parse_retry_after,
    refresh,
    save_cache,
    settings_from_env,
    stale_urls,
)

FAST = CheckSettings(concurrency=8, per_host=8, timeout=2.0, retries=2, backoff=0.01,
                     max_retry_after=5.0)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path; records every request (method, path, time) on the server."""

    protocol_version = "HTTP/1.1"

    def _send(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self) -> None:
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.log.append((self.command, path, time.monotonic()))
            seen = sum(1 for _, p, _ in server.log if p == path)
        if path == "/ok":
            self._send(200)
        elif path == "/moved":
            self._send(301, {"Location": "/ok"})
        elif path == "/loop":
            self._send(302, {"Location": "/loop"})
        elif path == "/missing":
            self._send(404)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        elif path.startswith("/busy"):  # 429 once, then 200; /busy-<seconds>
            after = path.partition("-")[2] or "1"
            self._send(429, {"Retry-After": after}) if seen == 1 else self._send(200)
        elif path == "/flaky":  # 503 without Retry-After twice, then 200
            self._send(503) if seen <= 2 else self._send(200)
        elif path == "/error":
            self._send(500)
        elif path.startswith("/slow"):  # for the concurrency limits
            with server.lock:
                server.in_flight += 1
                shared = server.shared
                shared["now"] += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
                shared["max"] = max(shared["max"], shared["now"])
            time.sleep(0.05)
            with server.lock:
                server.in_flight -= 1
                shared["now"] -= 1
            self._send(200)
        else:
            self._send(404)

    do_HEAD = do_GET = _answer  # noqa: N815 (http.server's naming)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, shared: dict) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, float]] = []
        self.in_flight = self.max_in_flight = 0
        self.shared = shared

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests(self, path: str) -> list[str]:
        return [method for method, p, _ in self.log if p == path]


@pytest.fixture
def servers():
    """Start local servers on demand; one `shared` counter sees requests to all of them."""
    shared = {"now": 0, "max": 0}
    started: list[_Server] = []

    def start() -> _Server:
        server = _Server(shared)
        # A short poll interval: shutdown() waits for it at every teardown.
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        started.append(server)
        return server

    start.shared = shared
    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(servers) -> _Server:
    return servers()


@pytest.fixture
def silent_port():
    """A port that accepts connections (the kernel's backlog) but never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


def check(url: str, settings: CheckSettings = FAST) -> CheckResult:
    return check_urls([url], settings)[url]


# --- what one URL gives -----------------------------------------------------------------------


def test_200_is_ok_with_one_head_request(server):
    result = check(f"{server.base}/ok")
    assert (result.ok, result.status, result.method, result.attempts) == (True, 200, "HEAD", 1)
    assert result.redirects == [] and result.final_url is None and result.error is None
    assert server.requests("/ok") == ["HEAD"]


def test_301_is_followed_and_recorded(server):
    result = check(f"{server.base}/moved")
    assert result.ok and result.status == 200
    assert result.final_url == f"{server.base}/ok"
    assert result.redirects == [{"status": 301, "url": f"{server.base}/moved"}]


def test_404_is_broken_after_a_get_confirms_it(server):
    result = check(f"{server.base}/missing")
    assert (result.ok, result.status, result.error) == (False, 404, "HTTP 404 Not Found")
    assert server.requests("/missing") == ["HEAD", "GET"]


def test_head_refused_falls_back_to_get(server):
    result = check(f"{server.base}/no-head")
    assert (result.ok, result.status, result.method) == (True, 200, "GET")
    assert server.requests("/no-head") == ["HEAD", "GET"]


def test_429_waits_for_retry_after_then_succeeds(server):
    start = time.monotonic()
    result = check(f"{server.base}/busy-1")
    assert result.ok and result.attempts == 2
    (_, _, first), (_, _, second) = [e for e in server.log if e[1] == "/busy-1"]
    assert second - first >= 0.9, "Retry-After: 1 was not honoured"
    assert time.monotonic() - start < 4


def test_retry_after_is_capped(server):
    settings = CheckSettings(timeout=2.0, retries=1, backoff=0.01, max_retry_after=0.2)
    start = time.monotonic()
    result = check(f"{server.base}/busy-3600", settings)
    assert result.ok
    assert time.monotonic() - start < 2, "a one-hour Retry-After must be capped"


def test_5xx_without_retry_after_backs_off_and_retries(server):
    settings = CheckSettings(timeout=2.0, retries=2, backoff=0.3)
    result = check(f"{server.base}/flaky", settings)
    assert result.ok and result.attempts == 3  # HEAD 503 -> GET 503 -> backoff -> GET 200
    times = [t for _, p, t in server.log if p == "/flaky"]
    assert times[2] - times[1] >= 0.25, "no backoff between the retries"


def test_500_is_retried_then_broken(server):
    result = check(f"{server.base}/error")
    assert (result.ok, result.status, result.error) == (False, 500, "HTTP 500 Internal Server Error")
    assert server.requests("/error") == ["HEAD", "GET", "GET", "GET"]  # 2 retries of the GET


def test_a_server_that_never_answers_times_out(silent_port):
    settings = CheckSettings(timeout=0.3, retries=1, backoff=0.01)
    start = time.monotonic()
    result = check(f"http://127.0.0.1:{silent_port}/", settings)
    assert (result.ok, result.status, result.error) == (False, None, "timeout after 0.3 s")
    assert result.attempts == 2
    assert time.monotonic() - start < 2


def test_connection_refused_is_broken(silent_port):
    with socket.socket() as sock:  # bind then close: nothing listens on this port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = check(f"http://127.0.0.1:{port}/", CheckSettings(timeout=1, retries=0))
    assert not result.ok and result.error.startswith("connection failed (ConnectError")


def test_redirect_loop_is_broken(server):
    result = check(f"{server.base}/loop")
    assert (result.ok, result.error) == (False, "too many redirects")


@pytest.mark.parametrize("url", ["http://[::1", "htp:/x", "http://"])
def test_malformed_urls_are_broken_without_a_traceback(url):
    result = check(url)
    assert not result.ok and result.error.startswith("malformed URL")


def test_every_url_gets_a_result_in_one_run(server):
    urls = [f"{server.base}/{p}" for p in ("ok", "moved", "missing", "busy-0", "error")]
    results = check_urls(urls + urls[:2], FAST)  # duplicates are checked once
    assert {u: r.ok for u, r in results.items()} == {
        urls[0]: True, urls[1]: True, urls[2]: False, urls[3]: True, urls[4]: False,
    }


# --- limits ----------------------------------------------------------------------------------


def test_per_host_limit(server):
    urls = [f"{server.base}/slow-{i}" for i in range(12)]
    results = check_urls(urls, CheckSettings(concurrency=16, per_host=2, timeout=5))
    assert all(r.ok for r in results.values())
    assert server.max_in_flight == 2


def test_global_limit_across_hosts(servers):
    hosts = [servers() for _ in range(3)]
    urls = [f"{s.base}/slow-{i}" for s in hosts for i in range(6)]
    results = check_urls(urls, CheckSettings(concurrency=3, per_host=4, timeout=5))
    assert all(r.ok for r in results.values())
    assert servers.shared["max"] == 3


# --- Retry-After and settings --------------------------------------------------------------------

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("-3", 0.0),
        ("0.5", 0.5),
        (format_datetime(NOW + timedelta(seconds=10), usegmt=True), 10.0),
        (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


def test_settings_from_env_defaults_and_overrides():
    settings, ttl = settings_from_env({})
    assert (settings.concurrency, settings.per_host, ttl) == (16, 4, timedelta(days=7))
    settings, ttl = settings_from_env({"LINKCHECK_CONCURRENCY": "32", "LINKCHECK_TTL_DAYS": "0.5",
                                       "LINKCHECK_TIMEOUT": "3"})
    assert (settings.concurrency, settings.timeout, ttl) == (32, 3.0, timedelta(hours=12))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LINKCHECK_CONCURRENCY", "many", "LINKCHECK_CONCURRENCY must be a positive int, got 'many'"),
        ("LINKCHECK_PER_HOST", "0", "LINKCHECK_PER_HOST must be a positive int, got '0'"),
        ("LINKCHECK_TIMEOUT", "-1", "LINKCHECK_TIMEOUT must be a positive float, got '-1'"),
        ("LINKCHECK_TTL_DAYS", "inf", "LINKCHECK_TTL_DAYS must be a positive float, got 'inf'"),
    ],
)
def test_settings_from_env_rejects_bad_values(name, value, message):
    with pytest.raises(ValueError) as error:
        settings_from_env({name: value})
    assert str(error.value) == message


@pytest.mark.parametrize(("value", "enabled"), [("1", True), ("true", True), ("0", False), ("", False),
                                               (" ON ", True), ("off", False)])
def test_external_enabled(value, enabled):
    assert external_enabled({"LINKCHECK_EXTERNAL": value}) is enabled


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_an_unknown_external_value_is_an_error_not_off(value):
    with pytest.raises(ValueError, match=f"LINKCHECK_EXTERNAL must be 1 .* got '{value}'"):
        external_enabled({"LINKCHECK_EXTERNAL": value})


def test_the_run_has_an_overall_time_budget(server, silent_port):
    """Capped waits still add up; the budget ends the whole run (one URL once held a build 120 s)."""
    settings = CheckSettings(timeout=30.0, retries=5, backoff=0.01, max_retry_after=60.0, budget=1.5)
    start = time.monotonic()
    results = check_urls([f"{server.base}/busy-60", f"http://127.0.0.1:{silent_port}/", f"{server.base}/ok"],
                         settings)
    assert time.monotonic() - start < 4
    assert results[f"{server.base}/ok"].ok
    # The 429 was seen, but its 60 s wait would outlast the budget: reported as it stands.
    assert results[f"{server.base}/busy-60"].status == 429
    # The silent server never answered within the budget: left unchecked, not called broken.
    assert f"http://127.0.0.1:{silent_port}/" not in results


# --- cache -------------------------------------------------------------------------------------


def result(url: str, *, ok: bool = True, age: timedelta = timedelta(0)) -> CheckResult:
    return CheckResult(url, ok, 200 if ok else 404, (NOW - age).isoformat(timespec="seconds"),
                       error=None if ok else "HTTP 404 Not Found")


def test_cache_round_trip_is_atomic(tmp_path):
    path = tmp_path / ".cache" / "linkcheck.json"
    moved = CheckResult("https://a/", True, 200, "2026-11-27T12:00:00+00:00",
                        final_url="https://a/en/", redirects=[{"status": 301, "url": "https://a/"}])
    save_cache(path, {"https://a/": moved, "https://b/": result("https://b/", ok=False)})
    assert load_cache(path) == {"https://a/": moved, "https://b/": result("https://b/", ok=False)}
    assert [p.name for p in path.parent.iterdir()] == ["linkcheck.json"]  # no temporary file left


def test_missing_cache_is_empty(tmp_path):
    assert load_cache(tmp_path / "none.json") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"version": 1, "entries": {', "the link-check cache is not valid JSON (line 1: Expecting"),
        ("<<<<<<< HEAD\n", "the link-check cache is not valid JSON (line 1: Expecting value)"),
        ("[]", "the link-check cache has no 'entries' object"),
        ('{"version": 99, "entries": {}}', "the link-check cache has version 99, expected 1"),
        ('{"version": 1, "entries": {"https://a/": {"ok": "yes"}}}',
         "the link-check cache is corrupt: entry for 'https://a/': 'ok' must be true or false"),
        ('{"version": 1, "entries": {"https://a/": {"ok": true, "status": 200, "checked_at": "soon"}}}',
         "the link-check cache is corrupt: entry for 'https://a/': 'checked_at' is not an ISO date: 'soon'"),
    ],
)
def test_corrupt_cache_raises_a_clear_error(tmp_path, text, message):
    path = tmp_path / "linkcheck.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CacheError) as error:
        load_cache(path)
    assert str(error.value).startswith(message)


def test_a_cache_entry_dated_in_the_future_is_not_trusted(tmp_path):
    path = tmp_path / "linkcheck.json"
    save_cache(path, {"https://now/": result("https://now/"),
                      "https://future/": result("https://future/", age=-timedelta(days=30))})
    assert set(load_cache(path, now=NOW)) == {"https://now/"}


def test_unreadable_cache_raises_a_clear_error(tmp_path):
    path = tmp_path / "linkcheck.json"
    path.mkdir()  # a directory where the file should be
    with pytest.raises(CacheError, match="cannot read the link-check cache"):
        load_cache(path)
    path.rmdir()
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(CacheError, match="cannot read the link-check cache"):
        load_cache(path)


def test_fresh_stale_and_broken_entries():
    ttl = timedelta(days=7)
    cache = {
        "https://fresh/": result("https://fresh/", age=timedelta(days=1)),
        "https://stale/": result("https://stale/", age=timedelta(days=8)),
        "https://broken/": result("https://broken/", ok=False, age=timedelta(minutes=1)),
    }
    assert is_fresh(cache["https://fresh/"], now=NOW, ttl=ttl)
    assert stale_urls([*cache, "https://new/"], cache, now=NOW, ttl=ttl) == [
        "https://broken/", "https://new/", "https://stale/",
    ]


def test_refresh_checks_only_what_is_stale(server):
    fresh_url, stale_url = f"{server.base}/ok", f"{server.base}/moved"
    cache = {
        fresh_url: result(fresh_url, age=timedelta(hours=1)),
        stale_url: result(stale_url, age=timedelta(days=30)),
        "https://gone-from-the-site/": result("https://gone-from-the-site/"),
    }
    results, checked = refresh([fresh_url, stale_url], cache, FAST, ttl=timedelta(days=7),
                               now=lambda: NOW)
    assert checked == [stale_url]
    assert server.requests("/ok") == ["HEAD"]  # only as the redirect target of /moved
    assert results[fresh_url] is cache[fresh_url]
    assert results[stale_url].final_url == f"{server.base}/ok"
    assert results[stale_url].checked_at == "2026-11-27T12:00:00+00:00"
    assert set(results) == {fresh_url, stale_url}  # URLs no longer cited drop out


def test_saved_cache_is_sorted_json(tmp_path):
    path = tmp_path / "c.json"
    save_cache(path, {"https://b/": result("https://b/"), "https://a/": result("https://a/")})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and list(data["entries"]) == ["https://a/", "https://b/"]


def test_save_cache_reports_an_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CacheError, match="cannot write the link-check cache"):
        save_cache(blocker / "linkcheck.json", {})
    assert Path(blocker).read_text() == "x"
