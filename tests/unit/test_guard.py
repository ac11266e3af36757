"""The web service's address guard (SSRF): every refused form, decided without sending a packet.

Names resolve through an injected resolver; nothing here opens a connection.
"""
from __future__ import annotations

import pytest

from auditor.service.guard import PAGE_SCHEMES, REQUEST_SCHEMES, Guard, Refused, canonical_host, whatwg_ipv4

PUBLIC = "93.184.215.14"
DNS = {
    "example.org": [PUBLIC],
    "www.example.org": [PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "internal.example.org": ["10.1.2.3"],
    "mixed.example.org": [PUBLIC, "192.168.1.10"],  # one bad address of several is enough to refuse
    "metadata-alias.example.org": ["169.254.169.254"],
    "v6-loop.example.org": ["::1"],
    "mapped.example.org": ["::ffff:10.0.0.1"],
    "cgnat.example.org": ["100.64.0.7"],
    "intranet.corp": ["10.9.9.9"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError(-2, "Name or service not known")
    return DNS[host]


@pytest.fixture
def guard():
    return Guard(resolver=resolver)


def refusal(guard: Guard, url: str) -> str | None:
    return guard.check(url, PAGE_SCHEMES)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "data:text/html,<h1>x</h1>", "javascript:alert(1)", "chrome://settings",
    "view-source:https://example.org/", "ftp://example.org/", "about:blank", "blob:https://example.org/x",
    "gopher://example.org/", "ws://example.org/", "example.org/no-scheme", "//example.org/",
])
def test_only_http_and_https_urls_may_be_submitted(guard, url):
    assert "only http and https" in refusal(guard, url)


@pytest.mark.parametrize("url", [
    # loopback, in every spelling a browser accepts
    "http://127.0.0.1/", "http://127.0.0.2:8080/", "http://127.255.255.254/", "http://[::1]/",
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7F.0.0.1/", "http://127.1/",
    "http://127.0.1/", "http://0x7f.1/", "http://017700000001/", "http://%31%32%37.0.0.1/",
    "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/", "http://127.0.0.1./",
    "http://example.org@127.0.0.1/", "http://localhost/", "http://LOCALHOST:8000/", "http://foo.localhost/",
    # private
    "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.254/",
    "http://192.168.0.1/", "http://192.168.255.255/", "http://0xc0a80001/", "http://3232235521/",
    "http://[fc00::1]/", "http://[fd12:3456::1]/",
    # link-local and cloud metadata
    "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1/", "http://2852039166/",
    "http://0251.0376.0251.0376/", "http://[fe80::1]/", "http://[fe80::1%25eth0]/",
    "http://metadata.google.internal/computeMetadata/v1/", "http://metadata/", "http://[fd00:ec2::254]/",
    "http://100.100.100.200/", "http://192.0.0.192/",
    # carrier-grade NAT, multicast, unspecified, reserved
    "http://100.64.0.1/", "http://100.127.255.254/", "http://224.0.0.1/", "http://239.255.255.250/",
    "http://[ff02::1]/", "http://0.0.0.0/", "http://0/", "http://[::]/", "http://240.0.0.1/",
    "http://255.255.255.255/", "http://198.18.0.1/",
    # IPv6 forms that carry an IPv4 address
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
    # the deprecated IPv4-compatible (::/96) and the IPv4-translated (::ffff:0:0:0/96) forms
    "http://[::127.0.0.1]/", "http://[::7f00:1]/", "http://[::169.254.169.254]/", "http://[::8.8.8.8]/",
    "http://[::ffff:0:127.0.0.1]/", "http://[::ffff:0:7f00:1]/", "http://[::ffff:0:a9fe:a9fe]/",
    # names that resolve there
    "http://internal.example.org/", "http://mixed.example.org/", "http://metadata-alias.example.org/",
    "http://v6-loop.example.org/", "http://mapped.example.org/", "http://cgnat.example.org/",
])
def test_non_public_addresses_are_refused_however_spelled(guard, url):
    assert refusal(guard, url) is not None, url


@pytest.mark.parametrize("url", [
    "http://1.2.3.4.5/", "http://256.0.0.1/", "http://0x100000000/", "http://08.0.0.1/",
    "http://no-such-host.invalid/", "http://exa mple.org/", "http://example.org\\@127.0.0.1/",
    "http://127.0.0.1\\@example.org/", "http://ex\tample.org/", "http://example.org:99999/", "http:///path",
    "http://[::1/", "http://[zz::1]/",
])
def test_malformed_or_unresolvable_urls_are_refused(guard, url):
    assert refusal(guard, url) is not None, url


@pytest.mark.parametrize("url", [
    "http://example.org/", "https://example.org/news/a?b=1#c", "HTTPS://EXAMPLE.ORG/", "https://www.example.org/",
    "http://93.184.215.14/", "http://1572395790/", "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
    "http://user:pw@example.org:8443/",
])
def test_public_addresses_pass(guard, url):
    assert refusal(guard, url) is None


def test_every_resolved_address_is_checked():
    calls = []

    def spy(host, port):
        calls.append((host, port))
        return [PUBLIC, "127.0.0.1"]

    refused = Guard(resolver=spy).refusal("https://two-faced.example/", PAGE_SCHEMES)
    assert calls == [("two-faced.example", 443)]
    assert refused.detail == "two-faced.example resolves to 127.0.0.1: a loopback address"


def test_addresses_returns_the_checked_addresses_the_proxy_connects_to(guard):
    assert guard.addresses("www.example.org", 443) == DNS["www.example.org"]
    with pytest.raises(Refused) as refused:
        guard.addresses("internal.example.org", 80)
    assert "10.1.2.3" in refused.value.detail


@pytest.mark.parametrize("name", sorted(n for n in DNS if refusal(Guard(resolver=resolver), f"http://{n}/")))
def test_refusals_never_name_the_address_a_name_resolved_to(guard, name):
    """The message goes back to whoever submitted the URL; the resolution stays in the log."""
    message = refusal(guard, f"http://{name}/")
    assert message == f"host {name} is not allowed (private or local address)"
    assert not any(address in message for address in DNS[name])


def test_requests_of_a_page_may_also_use_websockets_but_not_other_schemes(guard):
    assert guard.check("wss://example.org/socket") is None
    assert "only" in guard.check("file:///etc/passwd")


def test_allow_private_turns_the_address_checks_off_but_not_the_scheme_check():
    open_guard = Guard(allow_private=True, resolver=resolver)
    assert open_guard.check("http://127.0.0.1:8000/", PAGE_SCHEMES) is None
    assert open_guard.check("http://169.254.169.254/", PAGE_SCHEMES) is None
    assert "only http" in open_guard.check("file:///etc/passwd", PAGE_SCHEMES)


def test_an_allowlist_opens_named_hosts_and_networks_only():
    guard = Guard(allow=["intranet.corp", "10.1.0.0/16"], resolver=resolver)
    assert guard.check("http://intranet.corp/", PAGE_SCHEMES) is None
    assert guard.check("http://internal.example.org/", PAGE_SCHEMES) is None  # 10.1.2.3 is inside 10.1/16
    assert guard.check("http://10.2.0.1/", PAGE_SCHEMES) is not None
    assert guard.check("http://127.0.0.1/", PAGE_SCHEMES) is not None


@pytest.mark.parametrize("host, address", [
    ("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("0x7f.0x0.0x0.0x1", "127.0.0.1"), ("10.1", "10.0.0.1"), ("192.168.257", "192.168.1.1"), ("0x", "0.0.0.0"),
    ("1.2.3.4.", "1.2.3.4"),
])
def test_ipv4_is_read_as_a_browser_reads_it(host, address):
    assert str(whatwg_ipv4(host)) == address


def test_names_are_not_mistaken_for_addresses():
    assert whatwg_ipv4("example.org") is None
    assert whatwg_ipv4("1.2.3.example") is None
    assert canonical_host("Example.ORG.") == "example.org"
    assert canonical_host("xn--bcher-kva.example") == "xn--bcher-kva.example"
    assert canonical_host("b\u00fccher.example") == "xn--bcher-kva.example"


@pytest.mark.parametrize("url, address", [
    ("http://2130706433/", "127.0.0.1"), ("http://0177.0.0.1/", "127.0.0.1"), ("http://0x7f000001/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"), ("http://0x7f.1/", "127.0.0.1"), ("http://%31%32%37.0.0.1/", "127.0.0.1"),
    ("http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/", "127.0.0.1"), ("http://2852039166/", "169.254.169.254"),
    ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"), ("http://012.1/", "10.0.0.1"), ("http://[::ffff:a9fe:a9fe]/", "169.254.169.254"),
    ("http://[::127.0.0.1]/", "127.0.0.1"), ("http://[::ffff:0:127.0.0.1]/", "127.0.0.1"),
])
def test_odd_spellings_are_read_as_the_address_they_mean_whatever_dns_says(url, address):
    """A resolver that calls every name public: the guard must not take these for names."""
    liar = Guard(resolver=lambda host, port: [PUBLIC])
    assert address in liar.refusal(url, PAGE_SCHEMES).detail


@pytest.mark.parametrize("url", ["http://localhost/", "http://foo.localhost/", "http://metadata.google.internal/",
                                 "http://metadata/", "http://printer.local/", "http://instance-data/"])
def test_names_that_mean_this_machine_or_a_metadata_service_are_refused_whatever_dns_says(url):
    liar = Guard(resolver=lambda host, port: [PUBLIC])
    assert liar.check(url, PAGE_SCHEMES).endswith("is not allowed (private or local address)")
    assert "machine itself or an internal network" in liar.refusal(url, PAGE_SCHEMES).detail


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/api/audits", "http://127.0.0.2:8000/", "http://[::1]:8000/", "http://0.0.0.0:8000/",
    "http://[::ffff:127.0.0.1]:8000/", "http://2130706433:8000/", "http://localhost:8000/", "http://self.example:8000/",
    "http://audits.example.org/", "https://audits.example.org:8443/", "ws://127.0.0.1:8000/ws",
])
def test_the_services_own_addresses_are_refused_even_when_private_ones_are_allowed(url):
    guard = Guard(allow_private=True, resolver=lambda host, port: {"self.example": ["127.0.0.1"]}.get(host, ["::1"]))
    guard.protect(8000, names=["audits.example.org"])
    message = guard.check(url, REQUEST_SCHEMES)
    assert message is not None and message.endswith("is not allowed (the service's own address)"), message


def test_other_ports_of_this_machine_stay_open_with_allow_private():
    guard = Guard(allow_private=True, resolver=lambda host, port: ["127.0.0.1"])
    guard.protect(8000)
    assert guard.check("http://127.0.0.1:8001/", PAGE_SCHEMES) is None
    assert guard.check("http://intranet.example:8080/", PAGE_SCHEMES) is None
    assert guard.check("http://93.184.215.14:8000/", PAGE_SCHEMES) is None  # not an address of this machine
