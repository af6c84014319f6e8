from django.contrib import admin

from assessments.models import (
    Accommodation,
    Answer,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionCategory,
    Quiz,
    QuizQuestion,
)


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "course"]
    search_fields = ["name", "course__code"]
    list_select_related = ["course"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "course", "category", "difficulty", "score"]
    list_filter = ["type", "difficulty"]
    search_fields = ["title", "course__code"]
    list_select_related = ["course", "category"]
    inlines = [AnswerInline]


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "published", "time_limit", "max_attempts"]
    list_filter = ["published", "feedback", "layout"]
    search_fields = ["title", "course__code"]
    list_select_related = ["course"]
    inlines = [QuizQuestionInline]


class AttemptAnswerInline(admin.TabularInline):
    model = AttemptAnswer
    extra = 0
    raw_id_fields = ["question", "graded_by"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "user", "state", "started_at", "submitted_at", "score", "max_score"]
    list_filter = ["state", "expired"]
    search_fields = ["quiz__title", "user__username"]
    list_select_related = ["quiz", "user"]
    raw_id_fields = ["user"]
    inlines = [AttemptAnswerInline]


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    list_display = ["course", "user", "group_id", "extra_percent", "extra_minutes"]
    search_fields = ["course__code", "user__username"]
    list_select_related = ["course", "user"]
    raw_id_fields = ["user"]
