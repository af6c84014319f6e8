from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Group, GroupCategory, Membership

_WINDOW = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
GROUP_FIELDS = [
    "category",
    "max_members",
    "self_registration",
    "self_unregistration",
    "registration_opens",
    "registration_closes",
    "documents",
    "forums",
    "wiki",
    "chat",
    "announcements",
    "agenda",
    "conference",
]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = GroupCategory
        fields = ["name", "groups_per_learner"]


class _CourseCategoryMixin:
    def _limit_categories(self, course):
        self.fields["category"].queryset = GroupCategory.objects.filter(course=course)
        for key in ("registration_opens", "registration_closes"):
            self.fields[key].widget = _WINDOW

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Joining must close after it opens."))
        return data


class GroupForm(_CourseCategoryMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "description", *GROUP_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self._limit_categories(course)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Group.objects.filter(course=self.course, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another group of the course has this name."))
        return name


class BulkGroupForm(_CourseCategoryMixin, forms.ModelForm):
    count = forms.IntegerField(label=_("Number of groups"), min_value=1, max_value=100, initial=5)
    prefix = forms.CharField(label=_("Name prefix"), max_length=150, initial=_("Group"))

    class Meta:
        model = Group
        fields = GROUP_FIELDS

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_categories(course)
        self.order_fields(["count", "prefix"])


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Course member"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=Membership.Role.choices, initial="member"
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class GroupDeleteForm(forms.Form):
    content = forms.ChoiceField(
        label=_("What becomes of the group's content"),
        choices=[
            ("keep", _("Move it to the course")),
            ("delete", _("Delete it with the group")),
        ],
        initial="keep",
        widget=forms.RadioSelect,
    )
