import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from forums.models import Forum, Post, Thread


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Forum {n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)
    last_post_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    content = "<p>Hello</p>"
