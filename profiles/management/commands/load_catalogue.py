import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from profiles.models import Edition

CATALOGUE_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "catalogue"


def fixture_edition_codes(path: Path) -> set[str]:
    return {
        row["fields"]["code"]
        for row in json.loads(path.read_text())
        if row["model"] == "profiles.edition"
    }


class Command(BaseCommand):
    help = (
        "Load the catalogue editions shipped in fixtures/catalogue/. An edition "
        "already in the database is left alone, so edits made in the admin survive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Reload editions that already exist."
        )

    def handle(self, *args, force=False, **options):
        for fixture in sorted(CATALOGUE_FIXTURES.glob("*.json")):
            codes = fixture_edition_codes(fixture)
            present = set(
                Edition.objects.filter(code__in=codes).values_list("code", flat=True)
            )
            if present == codes and not force:
                self.stdout.write(
                    f"Catalogue {', '.join(sorted(codes))}: already loaded."
                )
                continue
            call_command("loaddata", str(fixture), verbosity=0)
            self.stdout.write(f"Catalogue {', '.join(sorted(codes))}: loaded.")
