import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pics.wizard.exports import plan_csv, to_json_text
from pics.wizard.services import check_raw


def load_json(path: str):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON ({exc})") from None


class Command(BaseCommand):
    help = (
        "Print the test plan of each PICS file as one JSON line, in file order. "
        "Invalid files: their problems go to stderr, the others are still planned, "
        "and the exit code is 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--csv", action="store_true", help="Write one plan as CSV.")

    def handle(self, *args, files, csv=False, **options):
        if csv and len(files) != 1:
            raise CommandError("--csv writes one plan: give exactly one file.")
        failed = False
        for path in files:
            try:
                checked = check_raw(load_json(path))
            except ValueError as exc:
                self.stderr.write(f"{path}: {exc}")
                failed = True
                continue
            for problem in checked.problems:
                if problem.severity == "error":
                    self.stderr.write(f"{path}: {problem.id}: {problem.message}")
            if not checked.is_valid:
                failed = True
                continue
            result = checked.plan()
            self.stdout.write(
                plan_csv(result) if csv else to_json_text(result, pretty=False)
            )
        if failed:
            sys.exit(2)
