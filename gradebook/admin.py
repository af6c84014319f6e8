from django.contrib import admin

from gradebook.models import (
    Category,
    Certificate,
    Evaluation,
    GradebookSettings,
    Mark,
    ScaleLevel,
)


@admin.register(GradebookSettings)
class GradebookSettingsAdmin(admin.ModelAdmin):
    list_display = ["course", "pass_mark", "use_scale", "certificates_enabled"]
    list_filter = ["certificates_enabled", "use_scale"]
    search_fields = ["course__code", "course__title"]
    raw_id_fields = ["course"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "parent", "weight", "position"]
    search_fields = ["name", "course__code"]
    raw_id_fields = ["course", "parent"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "category", "source", "item_id", "weight", "min_score"]
    list_filter = ["source", "visible"]
    search_fields = ["name", "course__code"]
    raw_id_fields = ["course", "category"]


@admin.register(Mark)
class MarkAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "user", "score", "updated_at"]
    search_fields = ["evaluation__name", "user__username"]
    raw_id_fields = ["evaluation", "user"]


@admin.register(ScaleLevel)
class ScaleLevelAdmin(admin.ModelAdmin):
    list_display = ["course", "label", "min_percent"]
    search_fields = ["label", "course__code"]
    raw_id_fields = ["course"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "user", "course", "score", "issued_at", "generated_at"]
    search_fields = ["code", "user__username", "course__code"]
    raw_id_fields = ["course", "user"]
    readonly_fields = ["code", "issued_at", "generated_at"]
