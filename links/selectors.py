from dataclasses import dataclass, field

from courses.models import Course
from courses.permissions import CourseAccess
from links.models import Link, LinkCategory


@dataclass
class CategoryGroup:
    category: LinkCategory | None  # None: the links without a category
    links: list[Link] = field(default_factory=list)


def visible_links(course: Course, access: CourseAccess):
    links = Link.objects.filter(course=course)
    if not access.can_tutor:
        links = links.filter(visible=True)
    return links


def link_groups(course: Course, access: CourseAccess) -> list[CategoryGroup]:
    """The course's links grouped by category, in order, in two queries whatever their number.

    Learners see only visible links, and no empty category.
    """
    categories = list(LinkCategory.objects.filter(course=course).order_by("position", "pk"))
    groups = {None: CategoryGroup(category=None)}
    for category in categories:
        groups[category.pk] = CategoryGroup(category=category)
    for link in visible_links(course, access).order_by("position", "pk"):
        groups[link.category_id].links.append(link)
    ordered = [groups[None]] + [groups[c.pk] for c in categories]
    if access.can_tutor:
        return [g for g in ordered if g.category is not None or g.links]
    return [g for g in ordered if g.links]


def get_link(course: Course, access: CourseAccess, link_id: int) -> Link | None:
    return visible_links(course, access).filter(pk=link_id).first()
