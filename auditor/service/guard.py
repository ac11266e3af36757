"""The address guard: which URLs the web service may make a browser fetch.

Server-side request forgery defence. A URL passes when its scheme is allowed and every
address its host resolves to is public. Host names are read the way a browser reads
them (percent-decoding, IDNA mapping, the WHATWG IPv4 forms 2130706433, 0177.0.0.1,
0x7f000001, 127.1), so odd spellings cannot slip past. `addresses()` gives the egress
proxy the checked addresses to connect to, so the name is not resolved again in between.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Iterable

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
    "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
    "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
# Names that reach the machine itself or a cloud's metadata service without public DNS.
BLOCKED_NAMES = ("localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                 "instance-data.ec2.internal")
_HEX, _OCT, _DEC = re.compile(r"^[0-9a-f]*$"), re.compile(r"^[0-7]+$"), re.compile(r"^[0-9]+$")
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


class Refused(Exception):
    """A URL or host the guard will not let the browser reach; the message says why."""


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
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


def whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None | bool:
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
    numbers = [_ipv4_part(p) for p in parts]
    if any(n is None for n in numbers) or any(n > 255 for n in numbers[:-1]):
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
    return [info[4][0] for info in infos]


@dataclass
class Guard:
    """`check(url)` returns why the URL is refused, or None.

    `allow_private` turns the address checks off (intranets, tests); `allow` lists host
    names and networks (CIDR) that pass although private. `resolver(host, port)` returns
    the addresses of a name (injectable for tests).
    """
    allow_private: bool = False
    allow: Iterable[str] = ()
    resolver: Resolver = system_resolver
    cache_seconds: float = 30.0
    _names: frozenset[str] = field(init=False)
    _networks: tuple = field(init=False)
    _cache: dict = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        names, networks = set(), []
        for entry in self.allow:
            entry = entry.strip().lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry.rstrip("."))
        self._names, self._networks = frozenset(names), tuple(networks)

    @property
    def active(self) -> bool:
        return not self.allow_private

    def check(self, url: str, schemes: tuple[str, ...] = REQUEST_SCHEMES) -> str | None:
        try:
            self.check_url(url, schemes)
        except Refused as exc:
            return str(exc)
        return None

    def check_url(self, url: str, schemes: tuple[str, ...] = PAGE_SCHEMES) -> None:
        """Raise Refused unless `url` may be fetched."""
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
        if self.active:
            self.addresses(host, port or (443 if scheme in ("https", "wss") else 80))

    def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to for host:port; raises Refused."""
        name = canonical_host(host)
        if not self.active:
            return [str(name)] if not isinstance(name, str) else self._resolve(name, port)
        if isinstance(name, str):
            if name in self._names:
                return self._resolve(name, port)
            if name in BLOCKED_NAMES or name.endswith((".localhost", ".local", ".internal")):
                raise Refused(f"host {name} is on the machine itself or an internal network")
            found = self._resolve(name, port)
        else:
            found = [str(name)]
        for text in found:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
            if any(ip in net for net in self._networks if net.version == ip.version):
                continue
            why = address_problem(ip)
            if why:
                raise Refused(f"{name} resolves to {ip}: {why}" if isinstance(name, str) else f"{ip} is {why}")
        return found

    def _resolve(self, name: str, port: int) -> list[str]:
        key = (name, port)
        with self._lock:
            hit = self._cache.get(key)
            if hit and time.monotonic() - hit[0] < self.cache_seconds:
                return hit[1]
        try:
            found = list(dict.fromkeys(self.resolver(name, port)))
        except (OSError, UnicodeError) as exc:
            raise Refused(f"host {name} cannot be resolved ({getattr(exc, 'strerror', None) or exc})") from None
        if not found:
            raise Refused(f"host {name} has no addresses")
        with self._lock:
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = (time.monotonic(), found)
        return found
