#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certplanner.settings")
    # On a checkout, commands run in development mode: a production host sets
    # SECRET_KEY (and DEBUG=0), and then nothing is assumed.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    # A setting that cannot be read, or a database not set up, is the operator's to
    # fix: one line saying what to do, not a traceback.
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as problem:
        sys.stderr.write(f"certplanner: {problem}\n")
        sys.exit(2)
    except DatabaseError as problem:
        first_line = str(problem).strip().splitlines()[0] if str(problem) else ""
        sys.stderr.write(
            f"certplanner: database error ({first_line or type(problem).__name__}). "
            "Is the database migrated and the catalogue loaded? Run "
            "`python manage.py migrate` and `python manage.py load_catalogue` "
            "(`./dev run` does both).\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
