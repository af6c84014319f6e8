from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agenda.models import Event
from core.uploads import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_SIZE, check_upload
from courses.models import Enrollment

REMINDER_CHOICES = [
    ("", _("No reminder")),
    ("15", _("15 minutes before")),
    ("60", _("1 hour before")),
    ("1440", _("1 day before")),
    ("10080", _("1 week before")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class EventForm(forms.Form):
    """An event in the viewer's own time zone; course events add audience fields."""

    title = forms.CharField(label=_("Title"), max_length=250)
    all_day = forms.BooleanField(label=_("All day"), required=False)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    repeat = forms.ChoiceField(label=_("Repeat"), choices=Event.Repeat.choices, required=False)
    repeat_until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day an occurrence may fall on."),
    )
    location = forms.CharField(label=_("Location"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 6}),
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Event.Audience.choices,
        initial=Event.Audience.ALL,
        widget=forms.RadioSelect,
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Learners who see it"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for the audience “Chosen learners”."),
    )
    groups = forms.TypedMultipleChoiceField(
        label=_("Groups who see it"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for the audience “Chosen groups”."),
    )
    reminder_minutes = forms.TypedChoiceField(
        label=_("E-mail reminder"),
        choices=REMINDER_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, course=None, allow_platform=False, groups=(), **kwargs):
        """``groups``: (id, name) of the course's groups an event may be addressed to."""
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["groups"].choices = list(groups)
        if course is None or not groups:
            del self.fields["groups"]
            if course is not None:
                self.fields["audience"].choices = [
                    choice
                    for choice in Event.Audience.choices
                    if choice[0] != Event.Audience.GROUPS
                ]
        if course is None:
            del self.fields["audience"]
            del self.fields["recipients"]
            if allow_platform:
                self.fields["platform"] = forms.BooleanField(
                    label=_("Platform event (everybody sees it)"), required=False
                )
        else:
            users = get_user_model().objects.filter(
                enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER
            )
            self.fields["recipients"].queryset = users.order_by(
                "last_name", "first_name", "username"
            )
            self.fields["recipients"].label_from_instance = lambda user: (
                f"{user.display_name} ({user.username})"
            )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for upload in files:
            try:
                check_upload(upload, max_size=ATTACHMENT_MAX_SIZE, extensions=ATTACHMENT_EXTENSIONS)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self):
        data = super().clean()
        start_date, end_date = data.get("start_date"), data.get("end_date")
        if not data.get("all_day") and start_date and not data.get("start_time"):
            self.add_error("start_time", _("Give a start time, or tick “All day”."))
        if start_date and end_date and end_date < start_date:
            self.add_error("end_date", _("The end comes before the start."))
        elif (
            start_date
            and not data.get("all_day")
            and data.get("start_time")
            and data.get("end_time")
            and (end_date or start_date) == start_date
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The end comes before the start."))
        until = data.get("repeat_until")
        if data.get("repeat") and until and start_date and until < start_date:
            self.add_error("repeat_until", _("The repetition ends before the first day."))
        if data.get("audience") == Event.Audience.USERS and not data.get("recipients"):
            self.add_error("recipients", _("Choose at least one learner."))
        if data.get("audience") == Event.Audience.GROUPS and not data.get("groups"):
            self.add_error("groups", _("Choose at least one group."))
        return data

    @staticmethod
    def initial_for(event: Event) -> dict:
        from agenda.recurrence import zone

        tz = zone(event.timezone)
        start = event.start.astimezone(tz)
        initial = {
            "title": event.title,
            "all_day": event.all_day,
            "start_date": start.date(),
            "start_time": None if event.all_day else start.time(),
            "repeat": event.repeat,
            "location": event.location,
            "description": event.description,
            "audience": event.audience,
            "recipients": list(event.recipients.all()),
            "groups": list(event.group_links.values_list("group_id", flat=True)),
            "reminder_minutes": event.reminder_minutes,
        }
        if event.end:
            end = event.end.astimezone(tz)
            if event.all_day:
                from datetime import timedelta

                initial["end_date"] = (end - timedelta(days=1)).date()
            else:
                initial["end_date"], initial["end_time"] = end.date(), end.time()
        if event.repeat_until:
            initial["repeat_until"] = event.repeat_until.astimezone(tz).date()
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("iCalendar file (.ics)"),
        help_text=_("Events exported from another calendar program."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".ics", ".ical", ".ifb", ".icalendar")):
            raise forms.ValidationError(_("Choose a file ending in .ics."))
        return upload
