from django.core.management.base import BaseCommand, CommandError

from profiles.models import Edition
from profiles.selectors import catalogue_data
from rules.integrity import check_catalogue


def edition_from_option(code: str | None) -> Edition:
    edition = (
        Edition.objects.filter(code=code).first() if code else Edition.objects.current()
    )
    if edition is None:
        raise CommandError(
            f"No edition {code!r}."
            if code
            else "No published edition; load the catalogue."
        )
    return edition


class Command(BaseCommand):
    help = "Check a catalogue edition; exits non-zero listing its problems."

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition", help="Edition code (default: the current one)."
        )

    def handle(self, *args, edition=None, **options):
        selected = edition_from_option(edition)
        data = catalogue_data(selected)
        problems = check_catalogue(data)
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(
                f"{len(problems)} problem(s) in edition {selected.code}."
            )
        self.stdout.write(
            f"Edition {selected.code}: {len(data['test_cases'])} test cases, "
            f"{len(data['features'])} features, "
            f"{len(data['list_constraints'])} list rules: OK."
        )
