import factory

from courses.tests.factories import CourseFactory
from learnpaths.models import LearningPath, PathItem


class LearningPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningPath

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Path {n}")


class PathItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathItem

    path = factory.SubFactory(LearningPathFactory)
    kind = "text"
    title = factory.Sequence(lambda n: f"Item {n}")
    text = "<p>Hello</p>"


def build_path(course, count: int, *, sections: int = 0) -> LearningPath:
    """A path of `count` text items (spread over `sections` sections), renumbered."""
    from learnpaths.services import path_renumber

    path = LearningPathFactory(course=course)
    parents = [None]
    for index in range(sections):
        parents.append(PathItemFactory(path=path, kind="section", position=index, text=""))
    PathItem.objects.bulk_create(
        PathItem(
            path=path,
            kind="text",
            title=f"Item {index}",
            text="<p>Hello</p>",
            parent=parents[index % len(parents)],
            position=index,
        )
        for index in range(count)
    )
    path_renumber(path)
    return path
