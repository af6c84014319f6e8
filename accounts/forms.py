import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

MAX_AVATAR_BYTES = 5 * 1024 * 1024


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form adds to its own (e-mail, username, password)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())],
    )
    avatar = forms.ImageField(label=_("Avatar"), required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "official_code", "phone", "language", "timezone"]

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and avatar.size > MAX_AVATAR_BYTES:
            raise forms.ValidationError(_("The image is larger than 5 MB."))
        return avatar
