"""The address guard: which URLs the web service may make a browser fetch.

Server-side request forgery defence. A URL passes when its scheme is allowed and every
address its host resolves to is public. Host names are read the way a browser reads
them (percent-decoding, IDNA mapping, the WHATWG IPv4 forms 2130706433, 0177.0.0.1,
0x7f000001, 127.1), so odd spellings cannot slip past. `addresses()` gives the egress
proxy the checked addresses to connect to, so the name is not resolved again in between.
The service's own addresses are refused even when private addresses are allowed: an
audited page must not drive the service that audits it.

Refusals say only that a target is not allowed; which address a name resolved to stays in
`Refused.detail`, for the service's log (an internal DNS map is nobody's business).
"""
from __future__ import annotations

import ipaddress
import logging
import re
import socket
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal

from auditor.service.lookups import CACHE_SECONDS, LookupFailed, Lookups, PageLookups

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

PAGE_SCHEMES = ("http", "https")  # what may be submitted for an audit
REQUEST_SCHEMES = ("http", "https", "ws", "wss")  # what a page may request

# Never reachable, whatever the name resolves to: loopback, private, link-local (cloud metadata
# 169.254.169.254), carrier-grade NAT (also Alibaba's metadata 100.100.100.200), IETF protocol
# assignments (Oracle's metadata 192.0.0.192), benchmarking, documentation, multicast, reserved.
BLOCKED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    # ::/96 holds the deprecated IPv4-compatible form ::127.0.0.1, ::ffff:0:0:0/96 the IPv4-translated
    # form ::ffff:0:127.0.0.1; neither is routed on the internet, and Python calls both global.
    "::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
    "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
# Names that reach the machine itself or a cloud's metadata service without public DNS.
BLOCKED_NAMES = ("localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                 "instance-data.ec2.internal")
_HEX, _OCT, _DEC = re.compile(r"^[0-9a-f]*$"), re.compile(r"^[0-7]+$"), re.compile(r"^[0-9]+$")
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_COMPATIBLE, _TRANSLATED = ipaddress.ip_network("::/96"), ipaddress.ip_network("::ffff:0:0:0/96")


NOT_ALLOWED = "not allowed (private or local address)"
log = logging.getLogger("auditor.service")


class Refused(Exception):
    """A URL or host the guard will not let the browser reach; the message says why, the detail
    (for the log only) may add what a name resolved to."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = detail or message


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip in _COMPATIBLE or ip in _TRANSLATED:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if int(ip) & 0xFFFFFFFF > 1 else None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """What kind of non-public address this is ('a loopback address'), or None when it is public."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        why = address_problem(inner)
        if why:
            return f"an IPv6 form of {inner}, {why}"
    for kind, test in (("a loopback", "is_loopback"), ("an unspecified", "is_unspecified"),
                       ("a link-local", "is_link_local"), ("a multicast", "is_multicast")):
        if getattr(ip, test):
            return f"{kind} address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "a carrier-grade NAT address"
    if any(ip in net for net in BLOCKED_NETWORKS if net.version == ip.version) or not ip.is_global:
        return "a private or reserved address"
    return None


def _ipv4_part(part: str) -> int | None:
    text = part.lower()
    if text.startswith("0x"):
        digits = text[2:]
        return int(digits or "0", 16) if _HEX.match(digits) else None
    if len(text) > 1 and text.startswith("0"):
        return int(text[1:], 8) if _OCT.match(text[1:]) else None
    return int(text) if _DEC.match(text) else None


def whatwg_ipv4(host: str) -> ipaddress.IPv4Address | Literal[False] | None:
    """The IPv4 address a browser reads in `host` (127.1, 2130706433, 0x7f.1 ...).

    None when the host is a name; False when it ends in a number but is no valid address
    (a browser rejects such a URL, and so do we).
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1] if parts else ""
    if not (_DEC.match(last) or (last.lower().startswith("0x") and _HEX.match(last[2:].lower()))):
        return None
    if len(parts) > 4:
        return False
    parsed = [_ipv4_part(p) for p in parts]
    numbers = [n for n in parsed if n is not None]
    if len(numbers) < len(parsed) or any(n > 255 for n in numbers[:-1]):
        return False
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return False
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def canonical_host(raw: str) -> str | IPAddress:
    """The host as a browser would use it: an IP address, or a lower-case ASCII name."""
    host = urllib.parse.unquote(raw).strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise Refused(f"{raw!r} is not a valid IPv6 address") from None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")  # maps full-width digits and dots, as a browser does
        except UnicodeError:
            raise Refused(f"host name {raw!r} is not a valid international name") from None
    host = host.lower()
    v4 = whatwg_ipv4(host)
    if v4 is False:
        raise Refused(f"host {raw!r} is neither a name nor a valid IPv4 address")
    if v4 is not None:
        return v4
    host = host.rstrip(".")
    if not host or not re.match(r"^[a-z0-9_.-]+$", host):
        raise Refused(f"host name {raw!r} is not valid")
    return host


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


_LOCAL: dict[str, bool] = {}


def is_local_address(ip: IPAddress) -> bool:
    """Whether connecting to ip reaches this machine: loopback, unspecified, or an address of
    one of its interfaces (binding to an address succeeds exactly when it is ours)."""
    ip = embedded_ipv4(ip) or ip
    if ip.is_loopback or ip.is_unspecified:
        return True
    key = str(ip)
    if key not in _LOCAL:
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.bind((key, 0))
            _LOCAL[key] = True
        except OSError:
            _LOCAL[key] = False
    return _LOCAL[key]


@dataclass
class Guard:
    """`check(url)` returns why the URL is refused, or None; `acheck` is the same off the event loop.

    `allow_private` turns the address checks off (intranets, tests); `allow` lists host
    names and networks (CIDR) that pass although private. `resolver(host, port)` returns
    the addresses of a name (injectable for tests); lookups run in their own pool
    (lookups.py). `protect(host, port)` names an address the service listens on: no
    audit may reach it, whatever `allow_private` says.
    """
    allow_private: bool = False
    allow: Iterable[str] = ()
    resolver: Resolver = system_resolver
    cache_seconds: float = CACHE_SECONDS
    lookup_timeout: float | None = None
    _names: frozenset[str] = field(init=False)
    _networks: tuple = field(init=False)
    own_ports: set[int] = field(init=False, default_factory=set)
    own_names: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        names, networks = set(), []
        for entry in self.allow:
            entry = entry.strip().lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry.rstrip("."))
        self._names, self._networks = frozenset(names), tuple(networks)
        self.lookups = (Lookups(self.resolver, cache_seconds=self.cache_seconds, timeout=self.lookup_timeout)
                        if self.lookup_timeout else Lookups(self.resolver, cache_seconds=self.cache_seconds))

    @property
    def active(self) -> bool:
        return not self.allow_private

    def protect(self, port: int | None = None, names: Iterable[str] = ()) -> None:
        """Refuse every address of this machine at `port`, and the host `names` on any port."""
        if port:
            self.own_ports.add(int(port))
        for name in names:
            host = canonical_host(name)
            if isinstance(host, str):
                self.own_names.add(host)

    def __call__(self, url: str) -> str | None:
        return self.check(url)

    def check(self, url: str, schemes: tuple[str, ...] = REQUEST_SCHEMES) -> str | None:
        refused = self.refusal(url, schemes)
        return _logged(url, refused) if refused else None

    def refusal(self, url: str, schemes: tuple[str, ...] = REQUEST_SCHEMES) -> Refused | None:
        """The Refused that check() would report (its `detail` names resolved addresses), or None."""
        try:
            self.check_url(url, schemes)
        except Refused as exc:
            return exc
        return None

    async def acheck(self, url: str, schemes: tuple[str, ...] = REQUEST_SCHEMES,
                     page: PageLookups | None = None) -> str | None:
        try:
            target = self._target(url, schemes)
            if target is not None:
                await self.aaddresses(*target, page=page)
        except Refused as exc:
            return _logged(url, exc)
        return None

    def check_url(self, url: str, schemes: tuple[str, ...] = PAGE_SCHEMES) -> None:
        """Raise Refused unless `url` may be fetched."""
        target = self._target(url, schemes)
        if target is not None:
            self.addresses(*target)

    def _target(self, url: str, schemes: tuple[str, ...]) -> tuple[str, int] | None:
        """The host and port whose addresses decide; None when the scheme and form are all that count."""
        if _BAD_URL_CHARS.search(url):
            raise Refused("the URL contains spaces, control characters or backslashes")
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise Refused(f"the URL cannot be parsed: {exc}") from None
        scheme = parts.scheme.lower()
        if scheme not in schemes:
            shown = f"{scheme}:" if scheme else "no scheme"
            raise Refused(f"only {' and '.join(s for s in schemes)} URLs are allowed, not {shown}")
        host = parts.netloc.rpartition("@")[2]
        host = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.split(":", 1)[0]
        if not host:
            raise Refused("the URL has no host")
        port = port or (443 if scheme in ("https", "wss") else 80)
        if self.active or port in self.own_ports or canonical_host(host) in self.own_names:
            return host, port
        return None

    def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to for host:port; raises Refused."""
        name = self._name(host)
        if not isinstance(name, str):
            return self._judge(name, port, [str(name)])
        try:
            return self._judge(name, port, self.lookups.resolve(name, port))
        except LookupFailed as exc:
            raise Refused(str(exc)) from None

    async def aaddresses(self, host: str, port: int, page: PageLookups | None = None) -> list[str]:
        """As addresses, resolving in the guard's own pool (as one page's lookup when `page` is given)."""
        name = self._name(host)
        if not isinstance(name, str):
            return self._judge(name, port, [str(name)])
        try:
            found = await (page.aresolve(name, port) if page is not None else self.lookups.aresolve(name, port))
        except LookupFailed as exc:
            raise Refused(str(exc)) from None
        return self._judge(name, port, found)

    def _name(self, host: str) -> str | IPAddress:
        """The canonical host; raises Refused for names that never pass."""
        name = canonical_host(host)
        if name in self.own_names:
            raise Refused(f"host {name} is not allowed (the service's own address)")
        if isinstance(name, str) and self.active and name not in self._names and (
                name in BLOCKED_NAMES or name.endswith((".localhost", ".local", ".internal"))):
            raise Refused(f"host {name} is {NOT_ALLOWED}",
                          f"host {name} is on the machine itself or an internal network")
        return name

    def _judge(self, name: str | IPAddress, port: int, found: list[str]) -> list[str]:
        shown = f"host {name}" if isinstance(name, str) else str(name)
        for text in found:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
            if port in self.own_ports and is_local_address(ip):
                raise Refused(f"{shown} is not allowed (the service's own address)",
                              f"{shown} reaches this machine at {ip}, port {port}, where the service listens")
            if not self.active or (isinstance(name, str) and name in self._names):
                continue
            if any(ip in net for net in self._networks if net.version == ip.version):
                continue
            why = address_problem(ip)
            if why:
                raise Refused(f"{shown} is {NOT_ALLOWED}",
                              f"{name} resolves to {ip}: {why}" if isinstance(name, str) else f"{ip} is {why}")
        return found

    def for_page(self) -> "PageGuard":
        """A checker for one page's requests, whose lookups end when the page is closed."""
        return PageGuard(self)


class PageGuard:
    """`await check(url)` for the requests of one page; `close()` when the page is done."""

    def __init__(self, guard: Guard):
        self.guard = guard
        self.lookups = guard.lookups.page()

    async def __call__(self, url: str) -> str | None:
        return await self.guard.acheck(url, REQUEST_SCHEMES, self.lookups)

    def close(self) -> None:
        self.lookups.close()


def _logged(url: str, exc: Refused) -> str:
    log.info("refused %s: %s", url, exc.detail)
    return str(exc)
