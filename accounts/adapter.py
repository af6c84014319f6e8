from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from core.models import PlatformSettings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return PlatformSettings.load().allow_signup

    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the visitor was browsing in.
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)
