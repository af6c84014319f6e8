from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tracking.models import CourseDay, FollowedLearner, LoginDay, ToolDay
from tracking.services import may_follow


@admin.register(LoginDay)
class LoginDayAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "count", "first_at", "last_at"]
    list_filter = ["day"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
    date_hierarchy = "day"


@admin.register(CourseDay)
class CourseDayAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "day", "visits", "seconds", "last_at"]
    list_filter = ["day"]
    search_fields = ["user__username", "course__code"]
    raw_id_fields = ["user", "course"]
    date_hierarchy = "day"


@admin.register(ToolDay)
class ToolDayAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "tool", "day", "visits"]
    list_filter = ["tool", "day"]
    search_fields = ["user__username", "course__code", "tool"]
    raw_id_fields = ["user", "course"]
    date_hierarchy = "day"


class FollowedLearnerForm(forms.ModelForm):
    class Meta:
        model = FollowedLearner
        fields = ["follower", "learner"]

    def clean_follower(self):
        follower = self.cleaned_data["follower"]
        if not may_follow(follower):
            raise forms.ValidationError(
                _("%(user)s is neither an HR manager nor a tutor."),
                params={"user": follower.username},
            )
        return follower


@admin.register(FollowedLearner)
class FollowedLearnerAdmin(admin.ModelAdmin):
    form = FollowedLearnerForm
    list_display = ["follower", "learner", "created_at"]
    list_filter = ["follower__platform_role"]
    search_fields = ["follower__username", "learner__username", "learner__last_name"]
    list_select_related = ["follower", "learner"]
    autocomplete_fields = ["follower", "learner"]
