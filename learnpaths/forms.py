import json

from django import forms
from django.utils.translation import gettext_lazy as _

from learnpaths.api import get_item_kind, item_kinds
from learnpaths.models import LearningPath, PathItem


class PathForm(forms.ModelForm):
    class Meta:
        model = LearningPath
        fields = ["title", "description", "visible", "requires"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        others = LearningPath.objects.filter(course=course)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["requires"].queryset = others
        self.fields["requires"].required = False


class ItemAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=255)
    parent = forms.ModelChoiceField(
        label=_("In the section"),
        queryset=PathItem.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    url = forms.CharField(
        label=_("Address of a page of this course"),
        max_length=1000,
        required=False,
        help_text=_("Copy it from your browser, for example /courses/CODE/description/."),
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    target = forms.ChoiceField(label=_("Object of the course"), required=False)

    def __init__(self, *args, path, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path
        addable = [kind for kind in item_kinds() if kind.addable]
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in addable]
        # Read by builder.js to show only the field the chosen kind needs.
        self.fields["kind"].widget.attrs["data-fields"] = json.dumps(
            {kind.key: kind.field for kind in addable}
        )
        # Objects of other tools (documents, tests...), grouped by kind, as "kind:id".
        self.fields["target"].choices = [("", "---------")] + [
            (
                str(kind.label),
                [(f"{kind.key}:{pk}", label) for pk, label in kind.choices(path.course)],
            )
            for kind in addable
            if kind.field == "target" and kind.choices
        ]
        self.fields["parent"].queryset = PathItem.objects.filter(path=path, kind="section")

    def clean(self):
        data = super().clean()
        kind = get_item_kind(data.get("kind", ""))
        if kind is None:
            return data
        if kind.field == "url":
            url = (data.get("url") or "").strip()
            if "://" in url:
                # Accept a full address copied from the browser: keep the path only.
                from urllib.parse import urlsplit

                parts = urlsplit(url)
                url = parts.path + (f"?{parts.query}" if parts.query else "")
            if not url:
                self.add_error("url", _("Give the address of the page."))
            data["url"] = url
        if kind.field == "text" and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the text."))
        if kind.field == "target":
            prefix, _sep, pk = (data.get("target") or "").partition(":")
            if prefix != kind.key or not pk.isdigit():
                self.add_error("target", _("Choose an object of this kind."))
            else:
                data["target"] = int(pk)
        else:
            data["target"] = None
        return data


class ItemEditForm(forms.ModelForm):
    class Meta:
        model = PathItem
        fields = ["title", "visible", "url", "text", "prerequisite", "prerequisite_min_score"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        kind = get_item_kind(item.kind)
        field = kind.field if kind else ""
        if field != "url":
            del self.fields["url"]
        if field != "text":
            del self.fields["text"]
        self.fields["prerequisite"].queryset = (
            PathItem.objects.filter(path=item.path).exclude(pk=item.pk).exclude(kind="section")
        )
        self.fields["prerequisite"].required = False
        if kind and not kind.trackable:
            del self.fields["prerequisite"]
            del self.fields["prerequisite_min_score"]

    def clean(self):
        data = super().clean()
        if data.get("prerequisite_min_score") is not None and not data.get("prerequisite"):
            self.add_error("prerequisite", _("Choose the item whose score is required."))
        return data
