"""Where an OpenSearch index is, how to reach it, and errors as one line.

A location is `http(s)://[user:password@]host:port/INDEXNAME`. Credentials
may be in the URL or in `ARCHIVE_OPENSEARCH_USER` / `ARCHIVE_OPENSEARCH_PASSWORD`
(better: a URL ends up in shell history and `ps`); a CA file for https in
`ARCHIVE_OPENSEARCH_CA_CERTS` (the CLI's `--ca-certs` sets it) or the URL's
`?ca_certs=FILE`. The password lives only in a `Location`, whose `str`,
`repr` and `url` leave it out, and in the client it is handed to: every
message, report and log line names the location by its `url`.

`remember` is why a password given in a URL does not travel on: `Archive`
turns such a location into the safe URL at once and the credentials wait
here, found again by that URL, so ingest reports and error lines (which name
the location they were given) never hold it.

Every request goes through `call`, which turns what the client raises into
an `ArchiveError` of one line: the cluster down or unreachable (naming the
URL), refused credentials, a TLS failure, or OpenSearch's own reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit

from archive.errors import ArchiveError, UsageError

INSTALL_HINT = "pip install 'archive[opensearch]'"
#: Seconds one request may take (a bulk of a few MB, a force merge waits longer).
TIMEOUT = 120
_URL = re.compile(r"^(https?):/+(.*)$", re.IGNORECASE)
#: OpenSearch index names: lowercase, no \ / * ? " < > | space , # :, not starting with - _ +.
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_credentials: dict[str, tuple[str, str]] = {}


def is_url(location) -> bool:
    """Whether `location` names a server index. A URL that went through
    `pathlib.Path` (`http:/host:9200/x`: Path folds `//`) still counts."""
    return bool(_URL.match(os.fspath(location) if not isinstance(location, str) else location))


@dataclass(frozen=True)
class Location:
    """A parsed index URL. `url` is safe to show; `password` never is."""

    scheme: str
    host: str
    port: int
    index: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    #: For a new index: primary shards and replicas (`?shards=N&replicas=M`,
    #: or ARCHIVE_OPENSEARCH_SHARDS / ARCHIVE_OPENSEARCH_REPLICAS; default 1 and 1).
    shards: int | None = None
    replicas: int | None = None
    #: Which options the URL itself gave (shown again by `full_url`).
    given: tuple = ()

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The location without credentials (the user's name is kept: it helps, it is no secret)."""
        who = f"{quote(self.user, safe='')}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}/{self.index}"

    @property
    def full_url(self) -> str:
        """`url` with the options it was given (never a password)."""
        opts = [(k, getattr(self, k)) for k in ("shards", "replicas", "ca_certs")]
        query = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in opts if v is not None and k in self.given)
        return self.url + (f"?{query}" if query else "")

    def __str__(self) -> str:
        return self.url


def parse(location, *, environ=None) -> Location:
    """The `Location` of an index URL; a malformed one raises `UsageError` (one line)."""
    env = os.environ if environ is None else environ
    text = os.fspath(location) if not isinstance(location, str) else location
    m = _URL.match(text.strip())
    if not m:
        raise UsageError(f"not an OpenSearch index URL: {_redact(text)} (write http(s)://host:port/INDEXNAME)")
    scheme, rest = m.group(1).lower(), m.group(2)
    parts = urlsplit(f"{scheme}://{rest}")
    shown = _redact(text)
    try:
        port = parts.port or (443 if scheme == "https" else 9200)
    except ValueError:
        raise UsageError(f"{shown}: the port must be a number") from None
    host = parts.hostname
    if not host:
        raise UsageError(f"{shown}: no host (write http(s)://host:port/INDEXNAME)")
    index = unquote(parts.path.strip("/"))
    if not index:
        raise UsageError(f"{shown}: no index name after the host (write http(s)://host:port/INDEXNAME)")
    if "/" in index or not _INDEX_NAME.match(index) or len(index.encode()) > 200:
        raise UsageError(f"{shown}: {index!r} is not an OpenSearch index name (lowercase letters, digits, "
                         f". _ -; starting with a letter or digit)")
    if "--" in index:
        raise UsageError(f"{shown}: {index!r} holds '--', which archive keeps for the indexes behind the name "
                         f"(NAME--0, NAME--1 after a rebuild); choose a name without it")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - {"ca_certs", "shards", "replicas"})
    if unknown:
        raise UsageError(f"{shown}: unknown option {unknown[0]!r} (the URL takes ca_certs, shards, replicas)")
    ca = query.get("ca_certs") or env.get("ARCHIVE_OPENSEARCH_CA_CERTS") or None
    counts = {}
    for key in ("shards", "replicas"):
        raw = query.get(key) or env.get(f"ARCHIVE_OPENSEARCH_{key.upper()}")
        if raw is not None:
            if not str(raw).isdigit() or (key == "shards" and int(raw) < 1):
                raise UsageError(f"{shown}: {key} must be a whole number{' above 0' if key == 'shards' else ''}")
            counts[key] = int(raw)
    extra = dict(ca_certs=ca, shards=counts.get("shards"), replicas=counts.get("replicas"),
                 given=tuple(k for k in ("ca_certs", "shards", "replicas") if k in query))
    loc = Location(scheme, host, port, index, user, password, **extra)
    if password is None:
        kept = _credentials.get(loc.url) or _credentials.get(Location(scheme, host, port, index).url)
        if kept and (user is None or kept[0] == user):
            user, password = kept
        elif env.get("ARCHIVE_OPENSEARCH_PASSWORD") is not None:
            user = user or env.get("ARCHIVE_OPENSEARCH_USER") or "admin"
            password = env["ARCHIVE_OPENSEARCH_PASSWORD"]
        elif user is None and env.get("ARCHIVE_OPENSEARCH_USER"):
            user = env["ARCHIVE_OPENSEARCH_USER"]
        loc = Location(scheme, host, port, index, user, password, **extra)
    return loc


def remember(location) -> str:
    """The safe URL of `location`, its credentials kept in this process
    (for `parse` to find again); a folder location comes back as it was."""
    text = os.fspath(location) if not isinstance(location, str) else location
    if not is_url(text):
        return text
    loc = parse(text)
    if loc.password is not None and loc.user:
        _credentials[loc.url] = (loc.user, loc.password)
    return loc.full_url


def _redact(text: str) -> str:
    """`text` with any password in it replaced by `***`."""
    return re.sub(r"(://[^/@:\s]*):[^/@\s]*@", r"\1:***@", text)


def connect(loc: Location):
    """An `opensearchpy.OpenSearch` client for `loc` (no request is made yet)."""
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise ArchiveError(f"{loc.url} is an OpenSearch index, and the OpenSearch client is not installed: "
                           f"{INSTALL_HINT}") from None
    options = dict(hosts=[{"host": loc.host, "port": loc.port}], use_ssl=loc.scheme == "https",
                   timeout=TIMEOUT, max_retries=2, retry_on_timeout=False, http_compress=False, pool_maxsize=8)
    if loc.password is not None:
        options["http_auth"] = (loc.user or "admin", loc.password)
    if loc.scheme == "https":
        options["verify_certs"] = True
        if loc.ca_certs:
            if not os.path.isfile(loc.ca_certs):
                raise UsageError(f"CA file {loc.ca_certs} (for {loc.url}) does not exist")
            options["ca_certs"] = loc.ca_certs
    return OpenSearch(**options)


def call(loc: Location, fn, *args, what: str = "", **kwargs):
    """`fn(*args, **kwargs)` against the cluster at `loc`; what the client
    raises becomes one `ArchiveError` line naming `loc.url`, never a password."""
    try:
        return fn(*args, **kwargs)
    except ArchiveError:
        raise
    except Exception as e:
        raise as_error(loc, e, what) from None


def as_error(loc: Location, e: Exception, what: str = "") -> ArchiveError:
    """One line for what went wrong talking to the cluster at `loc`."""
    doing = f" ({what})" if what else ""
    status, kind, reason = describe(e)
    name = type(e).__name__
    if name in ("ConnectionError", "ConnectionTimeout") or status == "N/A":
        if "SSL" in str(e) or "certificate" in str(e).lower():
            return ArchiveError(f"cannot connect to OpenSearch at {loc.url}{doing}: TLS failed ({_scrub(loc, reason)}); "
                                f"for a self-signed cluster give its CA file with --ca-certs FILE or "
                                f"ARCHIVE_OPENSEARCH_CA_CERTS")
        return ArchiveError(f"cannot reach OpenSearch at {loc.url}{doing}: {_why_not(_scrub(loc, reason))}; "
                            f"is the cluster running?")
    if status == 401:
        return ArchiveError(f"OpenSearch at {loc.url} refused the credentials{doing} (401); give them in "
                            f"ARCHIVE_OPENSEARCH_USER/ARCHIVE_OPENSEARCH_PASSWORD or the URL")
    if status == 403:
        return ArchiveError(f"OpenSearch at {loc.url} does not allow this{doing} (403: {_scrub(loc, reason)})")
    return ArchiveError(f"OpenSearch at {loc.url} answered {status}{doing}: {kind}: {_scrub(loc, reason)}")


def _why_not(text: str) -> str:
    """The gist of a connection failure (`Connection refused`, `timed out`, ...)."""
    m = re.search(r"\[Errno -?\d+\] ([^)\]]+)", text)
    if m:
        return m.group(1).strip().rstrip(".")
    for gist in ("timed out", "Name or service not known", "Connection reset", "Connection aborted",
                 "Remote end closed connection"):
        if gist.lower() in text.lower():
            return gist
    return text[:200] or "no answer"


def describe(e: Exception) -> tuple:
    """(HTTP status or "N/A", error type, reason) of a client exception."""
    status = getattr(e, "status_code", None)
    info = getattr(e, "info", None)
    kind, reason = type(e).__name__, str(e)
    if isinstance(info, dict):
        err = info.get("error")
        if isinstance(err, dict):
            root = (err.get("root_cause") or [err])[0]
            kind = root.get("type") or err.get("type") or kind
            reason = root.get("reason") or err.get("reason") or reason
        elif isinstance(err, str):
            reason = err
    elif getattr(e, "error", None) and isinstance(getattr(e, "error"), str):
        kind = e.error
    if status is None:
        status = "N/A"
    reason = " ".join(str(reason).split())
    return status, kind, reason[:400]


def _scrub(loc: Location, text: str) -> str:
    """Never let the password through, whatever an exception's text holds."""
    if loc.password:
        text = text.replace(loc.password, "***").replace(quote(loc.password, safe=""), "***")
    return _redact(text)
