import json

from django.core.management.base import BaseCommand

from gradebook.bench import grid_bench


class Command(BaseCommand):
    help = "Time the gradebook grid of a large course (made once): prints JSON figures."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=500)
        parser.add_argument("--evaluations", type=int, default=50)

    def handle(self, *args, learners, evaluations, **options):
        self.stdout.write(json.dumps(grid_bench(learners=learners, evaluations=evaluations)))
