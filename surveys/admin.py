from django.contrib import admin

from surveys.models import (
    Answer,
    Invitation,
    Option,
    Participation,
    Question,
    Respondent,
    Response,
    Survey,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required"]
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "anonymous", "published", "opens_at", "closes_at"]
    list_filter = ["anonymous", "published"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course", "created_by"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "survey", "kind", "position", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["text", "survey__title"]
    raw_id_fields = ["survey", "condition_option"]
    inlines = [OptionInline]


@admin.register(Option)
class OptionAdmin(admin.ModelAdmin):
    list_display = ["text", "question", "position"]
    search_fields = ["text", "question__text"]
    raw_id_fields = ["question"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "submitted_on"]
    list_filter = ["submitted_on"]
    search_fields = ["survey__title"]
    raw_id_fields = ["survey"]


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ["response", "user", "email"]
    search_fields = ["email", "user__username"]
    raw_id_fields = ["response", "user"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "option", "number", "text"]
    search_fields = ["text", "question__text"]
    raw_id_fields = ["response", "question", "option"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "survey", "user", "sent_at", "reminders"]
    search_fields = ["email", "survey__title", "user__username"]
    raw_id_fields = ["survey", "user"]
    exclude = ["token"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["survey", "user", "invitation"]
    search_fields = ["survey__title", "user__username"]
    raw_id_fields = ["survey", "user", "invitation"]
