"""Database URLs: a URL's form that is safe to log or show (no password), and error text without it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET_PARAMS = frozenset({"password", "sslpassword"})
_MASK = "***"


def redact(url: str) -> str:
    """`url` with any password (in the user part or a `password=` parameter) replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//[^@/]*@", f"//{_MASK}@", url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        if ":" in credentials:
            credentials = f"{credentials.split(':', 1)[0]}:{_MASK}"
        netloc = f"{credentials}@{host}"
    query = parts.query
    if query:
        pairs = [(key, _MASK if key.lower() in _SECRET_PARAMS else value) for key, value in parse_qsl(query, True)]
        query = urlencode(pairs, safe="/:")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, url: str) -> str:
    """`text` (an error message, say) with the URL's password taken out wherever it appears."""
    password = urlsplit(url).password
    secrets = [password] if password else []
    secrets += [v for k, v in parse_qsl(urlsplit(url).query, True) if k.lower() in _SECRET_PARAMS and v]
    for secret in secrets:
        text = text.replace(secret, _MASK)
    return text.replace(url, redact(url))
