from django import forms
from django.utils.translation import gettext_lazy as _


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 16}),
        help_text=_("Link to another page by writing its name in double brackets: [[Page name]]."),
    )
    comment = forms.CharField(label=_("Summary of the change"), max_length=250, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["title"]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the wiki"), max_length=100, required=False)
