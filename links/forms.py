from django import forms
from django.utils.translation import gettext_lazy as _

from links.models import Link, LinkCategory, complete_url, http_url_validator


class LinkCategoryForm(forms.ModelForm):
    class Meta:
        model = LinkCategory
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class WebAddressField(forms.CharField):
    """A web address; "www.example.org" is completed to "https://www.example.org"."""

    def to_python(self, value):
        return complete_url(super().to_python(value))


class LinkForm(forms.ModelForm):
    url = WebAddressField(
        label=_("URL"),
        max_length=2000,
        validators=[http_url_validator],
        # Not type="url": the browser would refuse "www.example.org" before we complete it.
        widget=forms.TextInput(
            attrs={"placeholder": "https://", "inputmode": "url", "autocomplete": "url"}
        ),
    )

    class Meta:
        model = Link
        fields = ["title", "url", "category", "description", "new_window", "visible"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = LinkCategory.objects.filter(course=course)
        self.fields["category"].empty_label = _("(no category)")

    def clean_url(self):
        return self.cleaned_data["url"].strip()
