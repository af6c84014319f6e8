"""One CSRF token per page.

``django.middleware.csrf.get_token`` masks the secret afresh on every call (random bytes and a
cipher pass, ~0.08 ms of CPU); a page that hands the token to its scripts in several places (the
learning-path player: the SCORM runtime's config, the player's config, the page's forms) needs
only one: any masked token of the same secret is accepted.
"""

from django.middleware.csrf import get_token


def page_token(request) -> str:
    """The request's masked CSRF token, made at the first call and then reused (kept on the
    request). Also what the ``{% csrf_token %}`` tag and ``{{ csrf_token }}`` print when a
    view puts it in its context as ``csrf_token``."""
    token = getattr(request, "_page_csrf_token", None)
    if token is None:
        token = request._page_csrf_token = get_token(request)
    return token
