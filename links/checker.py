"""Checks whether a user-given web address answers, without ever reaching inside our network.

A URL typed by a teacher is untrusted: its host may name (or resolve to) the loopback, a private
network, a link-local address (cloud metadata services) or another reserved range. Every host is
resolved here, every resolved address must be public, and the connection is then made to the
address that was checked (not to the name, which could resolve differently a second time).
Redirects are followed by hand, a few at most, each hop checked the same way. Timeouts are short
and only the status line and headers are read.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

CONNECT_TIMEOUT = 5.0  # seconds for each socket operation
TOTAL_TIMEOUT = 15.0  # seconds for one link, redirects included
MAX_REDIRECTS = 4
USER_AGENT = "LMS-link-checker/1.0"
_REDIRECTS = {301, 302, 303, 307, 308}


class UnsafeAddress(Exception):
    """The URL points at an address the checker must not contact."""


@dataclass(frozen=True)
class CheckResult:
    status: str  # "ok", "broken" or "refused" (Link.Status values)
    message: str


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None or ip.teredo is not None or ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def resolve_public(host: str, port: int) -> list[str]:
    """Every address the host resolves to, all public; UnsafeAddress otherwise."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        raise UnsafeAddress(_("The address has no host."))
    if host == "localhost" or host.endswith(".localhost"):
        raise UnsafeAddress(_("The address points to this server."))
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise LookupError(_("The host name could not be resolved.")) from error
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise LookupError(_("The host name could not be resolved."))
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeAddress(
                _("The address %(ip)s is private or reserved; it is not checked.") % {"ip": address}
            )
    return [str(address) for address in addresses]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a given IP address, sending the original host name."""

    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def http_request(
    *, ip: str, scheme: str, host: str, port: int, target: str, method: str, timeout: float
) -> tuple[int, str]:
    """One request to a checked address: (status code, Location header). Tests mock this."""
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, ip=ip, timeout=timeout)
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Location", "") or ""
    finally:
        connection.close()


def check_url(url: str) -> CheckResult:
    deadline = time.monotonic() + TOTAL_TIMEOUT
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            return CheckResult("broken", _("Only http and https addresses can be checked."))
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            return CheckResult("broken", _("The port number is not valid."))
        host = parts.hostname or ""
        try:
            addresses = resolve_public(host, port)
        except UnsafeAddress as error:
            return CheckResult("refused", str(error))
        except LookupError as error:
            return CheckResult("broken", str(error))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return CheckResult("broken", _("The site took too long to answer."))
        timeout = min(CONNECT_TIMEOUT, remaining)
        try:
            status, location = http_request(
                ip=addresses[0],
                scheme=scheme,
                host=host,
                port=port,
                target=target,
                method="HEAD",
                timeout=timeout,
            )
            # A HEAD answer is only a hint: servers answer it 400, 403, 404, 405, 500 or 501
            # while serving the page to a GET. Only GET's answer says a link is broken.
            if status >= 400:
                status, location = http_request(
                    ip=addresses[0],
                    scheme=scheme,
                    host=host,
                    port=port,
                    target=target,
                    method="GET",
                    timeout=timeout,
                )
        except TimeoutError:
            return CheckResult("broken", _("The site took too long to answer."))
        except (OSError, http.client.HTTPException) as error:
            return CheckResult(
                "broken", _("The site could not be reached (%(error)s).") % {"error": error}
            )
        if status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status < 400:
            return CheckResult("ok", _("Answered with status %(status)d.") % {"status": status})
        return CheckResult("broken", _("Answered with status %(status)d.") % {"status": status})
    return CheckResult("broken", _("Too many redirects."))
