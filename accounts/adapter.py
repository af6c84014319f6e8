from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from core.models import PlatformSettings


@dataclass(frozen=True)
class PlatformSite:
    """What allauth's e-mails call the "current site": the platform's name and address, not
    the host name the request happened to use ("Hello from 127.0.0.1:8123!")."""

    name: str
    domain: str

    @classmethod
    def current(cls) -> "PlatformSite":
        return cls(name=settings.PLATFORM_NAME, domain=urlsplit(settings.PLATFORM_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.PLATFORM_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth fills "current_site" from the request; every e-mail names the platform.
        super().send_mail(
            template_prefix, email, {**context, "current_site": PlatformSite.current()}
        )

    def is_open_for_signup(self, request):
        return PlatformSettings.load().allow_signup

    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the visitor was browsing in.
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)
