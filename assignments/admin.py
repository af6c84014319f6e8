from django.contrib import admin

from assignments.models import Assignment, Attachment, Comment, Submission


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "kind", "deadline", "end_date", "visible"]
    list_filter = ["kind", "visible", "in_gradebook", "share_works"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course"]
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "assignment", "size"]
    search_fields = ["name", "assignment__title"]
    raw_id_fields = ["assignment"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "user", "submitted_at", "late", "score", "graded_at"]
    list_filter = ["late"]
    search_fields = ["assignment__title", "user__username", "user__last_name"]
    raw_id_fields = ["assignment", "user", "grader"]
    readonly_fields = ["notified_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["submission", "author", "created_at"]
    search_fields = ["text", "author__username"]
    raw_id_fields = ["submission", "author"]
