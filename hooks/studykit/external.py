"""On-demand checking of external URLs, with a cache file (no MkDocs imports).

Only `make linkcheck` (LINKCHECK_EXTERNAL=1) gets here; default builds and tests never touch the
network. httpx is imported inside `check_urls`, so a default build does not pay for the import.

How one URL is checked (`check_urls`):
- HEAD first (cheap); a HEAD answered with 4xx/5xx other than 429 is retried once as a GET,
  because many servers refuse or mishandle HEAD (405, 403, 501, even 404). The GET is streamed
  and closed after the headers: no body is downloaded.
- Redirects are followed; each hop (status, URL) and the final URL are recorded, so that
  authors can update links that moved.
- 429 and 5xx are retried up to `retries` times: after the Retry-After delay when the server
  sends one (seconds or an HTTP date, capped at `max_retry_after`), else with exponential
  backoff (`backoff` * 2**attempt). Timeouts and connection errors are retried the same way.
- Concurrency is bounded globally (`concurrency`) and per host (`per_host`); a URL waiting
  for its retry holds no slot.
- Each attempt has a hard deadline (`timeout` seconds until the response headers arrive), and
  the whole run has a budget (`budget` seconds): a retry wait that would outlast it is not
  taken, and URLs not finished by then are left unchecked (no result), never held longer.

The cache (`load_cache`/`save_cache`) maps each checked URL to its last `CheckResult`. A result
is fresh for `ttl` if it was OK; broken results are always checked again. An unreadable or
corrupt cache raises `CacheError`: the caller warns and starts from an empty cache.
"""
from __future__ import annotations

import asyncio
import email.utils
import json
import math
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

CACHE_VERSION = 1
DEFAULT_TTL = timedelta(days=7)
USER_AGENT = (
    "Mozilla/5.0 (compatible; pmle-study-guide-linkcheck/1.0; "
    "+https://github.com/pmle-study-guide/pmle-study-guide)"
)


@dataclass(frozen=True)
class CheckSettings:
    """Limits of one external check run."""

    concurrency: int = 16  # requests in flight, all hosts together
    per_host: int = 4  # requests in flight to one host (scheme-less host:port)
    timeout: float = 15.0  # seconds until the response headers of one attempt
    retries: int = 2  # extra attempts after a 429, a 5xx, a timeout or a connection error
    backoff: float = 1.0  # first retry delay when the server gives no Retry-After
    max_retry_after: float = 60.0  # cap on any single wait (Retry-After or backoff)
    budget: float = 300.0  # seconds for the whole run; URLs not done by then stay unchecked
    user_agent: str = USER_AGENT


@dataclass
class CheckResult:
    """The outcome of checking one URL."""

    url: str
    ok: bool
    status: int | None
    checked_at: str  # ISO 8601, UTC
    final_url: str | None = None  # set when redirects led elsewhere
    redirects: list[dict] = field(default_factory=list)  # [{"status": 301, "url": ...}, ...]
    method: str = "HEAD"
    attempts: int = 1  # requests made
    error: str | None = None

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "status": self.status,
            "checked_at": self.checked_at,
            "final_url": self.final_url,
            "redirects": self.redirects,
            "method": self.method,
            "attempts": self.attempts,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, url: str, data: object) -> CheckResult:
        """Rebuild a result from the cache; raises ValueError if the entry is malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"entry for {url!r} is not an object")
        ok, status, checked_at = data.get("ok"), data.get("status"), data.get("checked_at")
        if not isinstance(ok, bool):
            raise ValueError(f"entry for {url!r}: 'ok' must be true or false")
        if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
            raise ValueError(f"entry for {url!r}: 'status' must be a number or null")
        if not isinstance(checked_at, str):
            raise ValueError(f"entry for {url!r}: 'checked_at' must be a date string")
        _parse_time(checked_at, url)
        redirects = data.get("redirects") or []
        if not isinstance(redirects, list) or not all(isinstance(r, dict) for r in redirects):
            raise ValueError(f"entry for {url!r}: 'redirects' must be a list of objects")
        optional = {k: data.get(k) for k in ("final_url", "error", "method")}
        for key, value in optional.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"entry for {url!r}: '{key}' must be a string or null")
        attempts = data.get("attempts", 1)
        if not isinstance(attempts, int):
            raise ValueError(f"entry for {url!r}: 'attempts' must be a number")
        return cls(
            url, ok, status, checked_at, optional["final_url"], redirects,
            optional["method"] or "HEAD", attempts, optional["error"],
        )


class CacheError(Exception):
    """The cache file cannot be read or does not hold what a cache should."""


def _parse_time(text: str, url: str = "") -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"entry for {url!r}: 'checked_at' is not an ISO date: {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).isoformat(timespec="seconds")


# --- Settings from the environment -------------------------------------------------------------


_ON, _OFF = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def external_enabled(environ: Mapping[str, str]) -> bool:
    """True when LINKCHECK_EXTERNAL asks for the network check; ValueError for a value that
    is neither on (1, true, yes, on) nor off (unset, empty, 0, false, no, off)."""
    raw = environ.get("LINKCHECK_EXTERNAL", "")
    value = raw.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise ValueError(f"LINKCHECK_EXTERNAL must be 1 (check external links) or 0 (do not), got {raw!r}")


def settings_from_env(environ: Mapping[str, str]) -> tuple[CheckSettings, timedelta]:
    """CheckSettings and cache TTL from LINKCHECK_* variables; ValueError names a bad one."""

    def number(name: str, default: float, kind: type) -> float:
        raw = environ.get(name, "").strip()
        if not raw:
            return default
        try:
            value = kind(raw)
        except ValueError:
            value = -1
        if not value > 0 or not math.isfinite(value):
            raise ValueError(f"{name} must be a positive {kind.__name__}, got {raw!r}")
        return value

    base = CheckSettings()
    settings = CheckSettings(
        concurrency=int(number("LINKCHECK_CONCURRENCY", base.concurrency, int)),
        per_host=int(number("LINKCHECK_PER_HOST", base.per_host, int)),
        timeout=number("LINKCHECK_TIMEOUT", base.timeout, float),
        budget=number("LINKCHECK_BUDGET", base.budget, float),
    )
    ttl = timedelta(days=number("LINKCHECK_TTL_DAYS", DEFAULT_TTL.days, float))
    return settings, ttl


# --- Cache -----------------------------------------------------------------------------------


# A result stamped later than this (clock skew aside) cannot be a real check: re-check it.
FUTURE_SKEW = timedelta(minutes=5)


def load_cache(path: Path, *, now: datetime | None = None) -> dict[str, CheckResult]:
    """Read the cache: {} when there is none; CacheError when it is unreadable or corrupt.

    Entries dated in the future are left out (checked again), never trusted.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise CacheError(f"cannot read the link-check cache ({type(e).__name__})") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CacheError(f"the link-check cache is not valid JSON (line {e.lineno}: {e.msg})") from e
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise CacheError("the link-check cache has no 'entries' object")
    if data.get("version") != CACHE_VERSION:
        raise CacheError(
            f"the link-check cache has version {data.get('version')!r}, expected {CACHE_VERSION}"
        )
    try:
        results = {url: CheckResult.from_json(url, entry) for url, entry in data["entries"].items()}
    except ValueError as e:
        raise CacheError(f"the link-check cache is corrupt: {e}") from e
    latest = (now or utc_now()) + FUTURE_SKEW
    return {url: r for url, r in results.items() if _parse_time(r.checked_at) <= latest}


def save_cache(path: Path, results: Mapping[str, CheckResult]) -> None:
    """Write the cache atomically (a temporary file, then a rename): never half-written."""
    document = {
        "version": CACHE_VERSION,
        "entries": {url: results[url].to_json() for url in sorted(results)},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".linkcheck-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(document, f, indent=2, ensure_ascii=False)
                f.write("\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise CacheError(f"cannot write the link-check cache: {e}") from e


def is_fresh(result: CheckResult, *, now: datetime, ttl: timedelta) -> bool:
    """An OK result younger than ttl; broken results are never fresh (they may be fixed)."""
    if not result.ok:
        return False
    age = now - _parse_time(result.checked_at)
    return timedelta(0) <= age < ttl


def stale_urls(
    urls: Iterable[str], cache: Mapping[str, CheckResult], *, now: datetime, ttl: timedelta
) -> list[str]:
    """URLs with no fresh cached result, in a stable order."""
    return sorted(
        url for url in set(urls) if url not in cache or not is_fresh(cache[url], now=now, ttl=ttl)
    )


def refresh(
    urls: Iterable[str],
    cache: Mapping[str, CheckResult],
    settings: CheckSettings,
    *,
    ttl: timedelta = DEFAULT_TTL,
    now: Callable[[], datetime] = utc_now,
) -> tuple[dict[str, CheckResult], list[str]]:
    """Check the stale URLs and merge with the fresh cached ones.

    Returns:
        (a result for every URL in `urls` that has one, the URLs that were checked now). URLs
        no longer cited drop out, so the saved cache only holds what the site links to; a URL
        the budget left unchecked keeps its cached result, or has none.
    """
    wanted = set(urls)
    stale = stale_urls(wanted, cache, now=now(), ttl=ttl)
    fresh = check_urls(stale, settings, now=now) if stale else {}
    merged = {url: fresh.get(url) or cache[url] for url in wanted if url in fresh or url in cache}
    return merged, [url for url in stale if url in fresh]


# --- Checking --------------------------------------------------------------------------------


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP date), or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def host_key(url: str) -> str:
    """What the per-host limit counts by: host name and port."""
    try:
        return urlsplit(url).netloc.lower().rpartition("@")[2]
    except ValueError:
        return url


def check_urls(
    urls: Iterable[str],
    settings: CheckSettings | None = None,
    *,
    now: Callable[[], datetime] = utc_now,
) -> dict[str, CheckResult]:
    """Check the URLs over the network (never raises for a URL). URLs still unchecked when
    `settings.budget` seconds have passed have no result: see `unchecked`."""
    settings = settings or CheckSettings()
    unique = sorted(set(urls))
    if not unique:
        return {}
    coroutine = _check_all(unique, settings, now)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside an event loop (an async server embedding MkDocs): use a thread.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _check_all(
    urls: list[str], settings: CheckSettings, now: Callable[[], datetime]
) -> dict[str, CheckResult]:
    import httpx  # only external runs need it (and its ~0.1 s import)

    everyone = asyncio.Semaphore(settings.concurrency)
    per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(settings.per_host)
    )
    limits = httpx.Limits(
        max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
    )
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.8"}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.budget
    async with httpx.AsyncClient(
        follow_redirects=True, timeout=settings.timeout, limits=limits, headers=headers
    ) as client:
        checker = _Checker(client, settings, everyone, per_host, now, httpx, deadline)
        tasks = {asyncio.ensure_future(checker.check(url)): url for url in urls}
        done, pending = await asyncio.wait(tasks, timeout=settings.budget)
        for task in pending:  # out of time: these stay unchecked (their cached result, if any, stands)
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
    return {tasks[task]: task.result() for task in done}


class _Checker:
    def __init__(self, client, settings, everyone, per_host, now, httpx, deadline: float) -> None:
        self.deadline = deadline  # event-loop time when the whole run's budget ends
        self.client = client
        self.settings = settings
        self.everyone = everyone
        self.per_host = per_host
        self.now = now
        self.httpx = httpx

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        wait = retry_after if retry_after is not None else self.settings.backoff * 2**attempt
        return min(wait, self.settings.max_retry_after)

    async def check(self, url: str) -> CheckResult:
        httpx = self.httpx
        try:
            httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as e:
            return self._broken(url, "HEAD", 0, f"malformed URL ({e})")
        method, attempt, requests = "HEAD", 0, 0
        host = self.per_host[host_key(url)]
        while True:
            requests += 1
            try:
                async with host, self.everyone:
                    response = await self._request(method, url)
            except httpx.TooManyRedirects:
                return self._broken(url, method, requests, "too many redirects")
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
                return self._broken(url, method, requests, f"malformed URL or redirect ({e})")
            except (TimeoutError, httpx.TimeoutException):
                error, retry_after = f"timeout after {self.settings.timeout:g} s", None
            except httpx.HTTPError as e:
                error, retry_after = f"connection failed ({type(e).__name__}: {e})".replace(": )", ")"), None
            else:
                status = response.status_code
                if method == "HEAD" and status >= 400 and status != 429:
                    method = "GET"  # the server may refuse HEAD only; GET decides
                    continue
                if status != 429 and status < 500:
                    return self._result(url, method, requests, response)
                if attempt >= self.settings.retries:
                    return self._result(url, method, requests, response)
                error = None
                retry_after = parse_retry_after(response.headers.get("Retry-After"), now=self.now())
            if error is not None and attempt >= self.settings.retries:
                return self._broken(url, method, requests, error)
            delay = self._delay(attempt, retry_after)
            if asyncio.get_running_loop().time() + delay >= self.deadline:
                # Waiting would outlast the run's budget: report what the last attempt saw.
                if error is not None:
                    return self._broken(url, method, requests, error)
                return self._result(url, method, requests, response)
            await asyncio.sleep(delay)
            attempt += 1

    async def _request(self, method: str, url: str):
        # Hard deadline for the whole attempt (redirects included) until the headers arrive.
        async with asyncio.timeout(self.settings.timeout):
            if method == "HEAD":
                return await self.client.head(url)
            async with self.client.stream("GET", url) as response:
                return response  # closing the stream skips the body

    def _result(self, url: str, method: str, requests: int, response) -> CheckResult:
        status = response.status_code
        redirects = [{"status": r.status_code, "url": str(r.url)} for r in response.history]
        ok = status < 400
        return CheckResult(
            url=url,
            ok=ok,
            status=status,
            checked_at=_stamp(self.now()),
            final_url=str(response.url) if response.history else None,
            redirects=redirects,
            method=method,
            attempts=requests,
            error=None if ok else f"HTTP {status} {response.reason_phrase}".strip(),
        )

    def _broken(self, url: str, method: str, requests: int, error: str) -> CheckResult:
        return CheckResult(
            url=url, ok=False, status=None, checked_at=_stamp(self.now()),
            method=method, attempts=requests, error=error,
        )


def network_unreachable(results: Mapping[str, CheckResult], checked: Iterable[str]) -> bool:
    """True when every URL checked now failed to connect at all: this machine is offline, the
    links are not broken."""
    checked = list(checked)
    return bool(checked) and all(
        results[url].status is None and (results[url].error or "").startswith("connection failed")
        for url in checked
    )
