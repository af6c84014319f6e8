from django.db import transaction
from django.utils import timezone

from courses.models import Course
from links.models import Link, LinkCategory, complete_url


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def category_create(*, course: Course, title: str, description: str = "") -> LinkCategory:
    position = _next_position(LinkCategory.objects.filter(course=course))
    return LinkCategory.objects.create(
        course=course, title=title, description=description, position=position
    )


@transaction.atomic
def category_update(*, category: LinkCategory, title: str, description: str = "") -> LinkCategory:
    category.title, category.description = title, description
    category.save(update_fields=["title", "description"])
    return category


@transaction.atomic
def category_delete(*, category: LinkCategory) -> None:
    """Delete the category; its links stay in the course, without a category, at the end."""
    course = category.course
    start = _next_position(Link.objects.filter(course=course, category=None))
    for offset, link in enumerate(category.links.order_by("position", "pk")):
        link.category, link.position = None, start + offset
        link.save(update_fields=["category", "position"])
    category.delete()


def _move(items: list, item, direction: str) -> bool:
    """Renumber the siblings 0..n and swap item with its neighbour; False when at an end."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, sibling in enumerate(items):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True


@transaction.atomic
def category_move(*, category: LinkCategory, direction: str) -> bool:
    siblings = list(
        LinkCategory.objects.select_for_update()
        .filter(course_id=category.course_id)
        .order_by("position", "pk")
    )
    return _move(siblings, category, direction)


@transaction.atomic
def link_create(
    *,
    course: Course,
    title: str,
    url: str,
    category: LinkCategory | None = None,
    description: str = "",
    new_window: bool = True,
    visible: bool = True,
) -> Link:
    if category is not None and category.course_id != course.pk:
        raise ValueError("The category belongs to another course.")
    position = _next_position(Link.objects.filter(course=course, category=category))
    return Link.objects.create(
        course=course,
        category=category,
        title=title,
        url=complete_url(url),
        description=description,
        new_window=new_window,
        visible=visible,
        position=position,
    )


@transaction.atomic
def link_update(
    *,
    link: Link,
    title: str,
    url: str,
    category: LinkCategory | None = None,
    description: str = "",
    new_window: bool = True,
    visible: bool = True,
) -> Link:
    if category is not None and category.course_id != link.course_id:
        raise ValueError("The category belongs to another course.")
    if (category.pk if category else None) != link.category_id:
        link.position = _next_position(
            Link.objects.filter(course_id=link.course_id, category=category)
        )
    url = complete_url(url)
    if url != link.url:
        link.status, link.status_message, link.checked_at = Link.Status.UNCHECKED, "", None
    link.title, link.url, link.category = title, url, category
    link.description, link.new_window, link.visible = description, new_window, visible
    link.save()
    return link


@transaction.atomic
def link_set_visible(*, link: Link, visible: bool) -> Link:
    link.visible = visible
    link.save(update_fields=["visible", "updated_at"])
    return link


@transaction.atomic
def link_delete(*, link: Link) -> None:
    link.delete()


@transaction.atomic
def link_move(*, link: Link, direction: str) -> bool:
    siblings = list(
        Link.objects.select_for_update()
        .filter(course_id=link.course_id, category_id=link.category_id)
        .order_by("position", "pk")
    )
    return _move(siblings, link, direction)


def link_record_check(*, link: Link, status: str, message: str) -> None:
    Link.objects.filter(pk=link.pk).update(
        status=status, status_message=message[:300], checked_at=timezone.now()
    )
