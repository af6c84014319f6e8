import factory

from courses.tests.factories import CourseFactory
from groups.models import Group, GroupCategory, Membership


class GroupCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupCategory

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.MEMBER
