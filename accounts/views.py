from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import ProfileForm
from accounts.services import user_set_language, user_update_profile


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            user=request.user, data=form.cleaned_data, avatar=form.cleaned_data.get("avatar")
        )
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", request.user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switch, remembered on the account of a signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        user_set_language(user=request.user, language=language)
    return response
