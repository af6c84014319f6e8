"""What other apps may use from the links tool."""

from links.checker import CheckResult, UnsafeAddress, check_url, resolve_public

__all__ = ["CheckResult", "UnsafeAddress", "check_url", "resolve_public"]
