from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

CATALOGUE_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "catalogue"


class Command(BaseCommand):
    help = "Load the catalogue fixtures shipped in fixtures/catalogue/."

    def handle(self, *args, **options):
        fixtures = sorted(CATALOGUE_FIXTURES.glob("*.json"))
        if not fixtures:
            self.stdout.write("No catalogue fixtures to load.")
            return
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=0)
            self.stdout.write(f"Loaded {fixture.name}.")
