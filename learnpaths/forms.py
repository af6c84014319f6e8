from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from learnpaths.kinds import get_item_kind, item_kinds, kind_pickables
from learnpaths.models import LearningPath, PathItem


class PathForm(forms.ModelForm):
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("free", _("Free: learners open the items in any order")),
            ("forced", _("Forced: each item opens once the one before it is done")),
        ],
        initial="free",
    )

    class Meta:
        model = LearningPath
        fields = [
            "title",
            "description",
            "visible",
            "requires",
            "display",
            "available_from",
            "available_until",
            "max_attempts",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "available_from": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "available_until": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        others = LearningPath.objects.filter(course=course)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["order"].initial = "forced" if self.instance.forced_order else "free"
        self.fields["requires"].queryset = others
        self.fields["requires"].required = False
        self.fields["order"].required = False
        self.fields["display"].required = False
        self.fields["max_attempts"].required = False
        for name in ("available_from", "available_until"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
            self.fields[name].widget.format = "%Y-%m-%dT%H:%M"

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end <= start:
            self.add_error("available_until", _("The path must close after it opens."))
        data["forced_order"] = data.pop("order", "free") == "forced"
        data["display"] = data.get("display") or LearningPath.Display.EMBEDDED
        data["max_attempts"] = data.get("max_attempts") or 0
        return data


class ItemAddForm(forms.Form):
    """One item: a kind and, by kind, an object of its tool (``target``), an address or a
    text. The title defaults to the object's own."""

    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    parent = forms.ModelChoiceField(
        label=_("In the section"),
        queryset=PathItem.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    url = forms.CharField(
        label=_("Address"),
        max_length=1000,
        required=False,
        help_text=_("An external address (https://...) or a page of this course."),
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, path, host: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path
        self.host = host
        addable = [kind for kind in item_kinds() if kind.addable]
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in addable]
        self.fields["parent"].queryset = PathItem.objects.filter(path=path, kind="section")

    def clean(self):
        data = super().clean()
        kind = get_item_kind(data.get("kind", ""))
        if kind is None:
            return data
        url = (data.get("url") or "").strip()
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and (parts.netloc == self.host or not kind.allows_url):
            # A page of the course copied from the browser: keep its path only.
            url = parts.path + (f"?{parts.query}" if parts.query else "")
        data["url"] = url
        if kind.field == "url" and not url:
            self.add_error("url", _("Give the address of the page."))
        if kind.field == "text" and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the text."))
        if kind.field == "target":
            if data.get("target") is None and not url and not kind.target_optional:
                self.add_error(None, _("Choose an object of this kind."))
        else:
            data["target"] = None
        if not (data.get("title") or "").strip():
            data["title"] = self._default_title(kind, data)
            if not data["title"]:
                self.add_error("title", _("Give the item a title."))
        return data

    def item_fields(self) -> dict:
        """The cleaned form as services.item_add's keyword arguments."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "parent": data.get("parent"),
            "url": data.get("url", ""),
            "text": data.get("text", ""),
            "target_id": data.get("target"),
        }

    def _default_title(self, kind, data) -> str:
        if data.get("target") is not None:
            for pickable in kind_pickables(kind, self.path.course):
                if pickable.id == data["target"]:
                    return pickable.title[:255]
        if kind.field == "target" and kind.target_optional and data.get("target") is None:
            return str(kind.label)
        if kind.field == "" and kind.key != "section":
            return str(kind.label)
        return (data.get("url") or "")[:255]


class ItemCreateForm(forms.Form):
    """A new object of a tool made on the spot (a web page, a test), added to the path."""

    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "rich-text"}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.key, kind.create_label or kind.label) for kind in item_kinds() if kind.create
        ]


class PathCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=255)


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
        typed_address = bool(kind and kind.allows_url and item.url and item.target_id is None)
        if field != "url" and not typed_address:
            del self.fields["url"]
        if field != "text":
            del self.fields["text"]
        self.fields["prerequisite"].queryset = (
            PathItem.objects.filter(path=item.path).exclude(pk=item.pk).exclude(kind="section")
        )
        self.fields["prerequisite"].required = False
        self.fields["prerequisite_min_score"].label = _("…scored at least (%)")
        self.fields["prerequisite_min_score"].help_text = _(
            "Empty: the required item only has to be done. A percentage of the item's maximum "
            "score, for example 50 for a test passed at half marks."
        )
        if kind and not kind.trackable:
            del self.fields["prerequisite"]
            del self.fields["prerequisite_min_score"]

    def clean(self):
        data = super().clean()
        if data.get("prerequisite_min_score") is not None and not data.get("prerequisite"):
            self.add_error("prerequisite", _("Choose the item whose score is required."))
        return data
