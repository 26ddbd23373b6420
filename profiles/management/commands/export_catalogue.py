import json

from django.core.management.base import BaseCommand

from profiles.management.commands.validate_catalogue import edition_from_option
from profiles.selectors import catalogue_data


class Command(BaseCommand):
    help = "Print a catalogue edition as JSON (as GET /api/v1/catalogue/<edition>)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition", help="Edition code (default: the current one)."
        )

    def handle(self, *args, edition=None, **options):
        data = catalogue_data(edition_from_option(edition))
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
