from decimal import Decimal

import factory

from assessments.models import Answer, Question, Quiz, QuizQuestion
from courses.tests.factories import CourseFactory


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Test {n}")
    published = True


def make_question(course, type, *, answers=(), config=None, score="1", title=None, quiz=None):
    """A question with answer rows given as dicts (text, correct, score, feedback, data)."""
    question = Question.objects.create(
        course=course,
        type=type,
        title=title or f"A {type} question",
        statement=f"<p>Statement of {type}</p>",
        score=Decimal(score),
        config=config or {},
    )
    for position, data in enumerate(answers):
        data = dict(data)
        if "score" in data:
            data["score"] = Decimal(str(data["score"]))
        Answer.objects.create(question=question, position=position, **data)
    if quiz is not None:
        position = quiz.quiz_questions.count() + 1
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return question
