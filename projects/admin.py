from django.contrib import admin

from projects.models import (
    Article,
    ArticleAttachment,
    Assignment,
    Comment,
    Project,
    ProjectMember,
    Rating,
    Task,
)


class MemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "created_by", "created_at"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course", "created_by"]
    inlines = [MemberInline]


@admin.register(ProjectMember)
class ProjectMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "project__title"]
    raw_id_fields = ["project", "user"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "colour", "deadline"]
    list_filter = ["deadline"]
    search_fields = ["title", "project__title"]
    raw_id_fields = ["project"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "user", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["task__title", "user__username"]
    raw_id_fields = ["task", "user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "author", "task", "created_at"]
    search_fields = ["title", "content", "project__title"]
    raw_id_fields = ["project", "author", "task"]


@admin.register(ArticleAttachment)
class ArticleAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "size"]
    search_fields = ["name", "article__title"]
    raw_id_fields = ["article"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "author", "created_at"]
    search_fields = ["content", "article__title"]
    raw_id_fields = ["article", "author"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "value"]
    list_filter = ["value"]
    search_fields = ["article__title", "user__username"]
    raw_id_fields = ["article", "user"]
