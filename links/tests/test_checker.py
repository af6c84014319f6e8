"""The link checker never contacts private addresses, and reports what public sites answer."""

import ipaddress
import socket
from unittest import mock

import pytest

from links import checker
from links.checker import UnsafeAddress, check_url, is_public_address, resolve_public


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or make a request fails the test."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args} {kwargs}")

    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(checker, "http_request", forbidden)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://LOCALHOST.:8000/admin/",
        "http://app.localhost/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "https://2130706433/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://[::]/",
        "http://[64:ff9b::7f00:1]/",
    ],
)
def test_private_and_reserved_addresses_are_refused_without_a_request(no_network, url):
    result = check_url(url)
    assert result.status == "refused", result


def test_a_name_that_resolves_to_a_private_address_is_refused(no_network, monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80)),
        ],
    )
    assert check_url("http://sneaky.example.org/").status == "refused"
    with pytest.raises(UnsafeAddress):
        resolve_public("sneaky.example.org", 80)


def test_public_addresses_are_accepted():
    assert is_public_address(ipaddress.ip_address("93.184.215.14"))
    assert is_public_address(ipaddress.ip_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))
    assert not is_public_address(ipaddress.ip_address("::ffff:10.0.0.1"))


def _public_dns(monkeypatch, ip="93.184.215.14"):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))],
    )


def test_reachable_link_connects_to_the_checked_address(monkeypatch):
    _public_dns(monkeypatch)
    fake = mock.Mock(return_value=(200, ""))
    monkeypatch.setattr(checker, "http_request", fake)
    result = check_url("https://example.org/course?x=1")
    assert result.status == "ok"
    kwargs = fake.call_args.kwargs
    assert kwargs["ip"] == "93.184.215.14"
    assert kwargs["host"] == "example.org"
    assert kwargs["target"] == "/course?x=1"
    assert kwargs["scheme"] == "https" and kwargs["port"] == 443
    assert kwargs["timeout"] <= checker.CONNECT_TIMEOUT


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_are_broken(monkeypatch, status):
    _public_dns(monkeypatch)
    monkeypatch.setattr(checker, "http_request", mock.Mock(return_value=(status, "")))
    result = check_url("http://example.org/gone")
    assert result.status == "broken"
    assert str(status) in result.message


def test_head_refused_falls_back_to_get(monkeypatch):
    _public_dns(monkeypatch)
    fake = mock.Mock(side_effect=[(405, ""), (200, "")])
    monkeypatch.setattr(checker, "http_request", fake)
    assert check_url("http://example.org/").status == "ok"
    assert [c.kwargs["method"] for c in fake.call_args_list] == ["HEAD", "GET"]


def test_timeouts_and_connection_errors_are_broken(monkeypatch):
    _public_dns(monkeypatch)
    monkeypatch.setattr(checker, "http_request", mock.Mock(side_effect=TimeoutError()))
    assert check_url("http://example.org/").status == "broken"
    monkeypatch.setattr(
        checker, "http_request", mock.Mock(side_effect=ConnectionRefusedError("refused"))
    )
    assert check_url("http://example.org/").status == "broken"


def test_unknown_host_is_broken(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    assert check_url("http://no-such-host.invalid/").status == "broken"


def test_a_redirect_to_a_private_address_is_not_followed(monkeypatch):
    _public_dns(monkeypatch)
    fake = mock.Mock(return_value=(302, "http://127.0.0.1:6379/"))
    monkeypatch.setattr(checker, "http_request", fake)
    result = check_url("http://example.org/")
    assert result.status == "refused"
    assert fake.call_count == 1


def test_redirects_are_followed_a_bounded_number_of_times(monkeypatch):
    _public_dns(monkeypatch)
    fake = mock.Mock(return_value=(301, "/again"))
    monkeypatch.setattr(checker, "http_request", fake)
    result = check_url("http://example.org/")
    assert result.status == "broken"
    assert fake.call_count == checker.MAX_REDIRECTS + 1


def test_a_relative_redirect_is_followed(monkeypatch):
    _public_dns(monkeypatch)
    fake = mock.Mock(side_effect=[(301, "/new-place"), (200, "")])
    monkeypatch.setattr(checker, "http_request", fake)
    assert check_url("http://example.org/old").status == "ok"
    assert fake.call_args.kwargs["target"] == "/new-place"


@pytest.mark.parametrize("scheme, port", [("http", 80), ("https", 443)])
def test_pinned_connection_dials_the_checked_ip(monkeypatch, scheme, port):
    """The real HTTP layer opens its socket to the given IP, not to the host name."""
    dialled = []

    def fake_connect(address, timeout=None, *args, **kwargs):
        dialled.append((address, timeout))
        raise ConnectionRefusedError("stop here")

    monkeypatch.setattr(socket, "create_connection", fake_connect)
    with pytest.raises(ConnectionRefusedError):
        checker.http_request(
            ip="93.184.215.14",
            scheme=scheme,
            host="example.org",
            port=port,
            target="/",
            method="HEAD",
            timeout=2,
        )
    assert dialled == [(("93.184.215.14", port), 2)]
