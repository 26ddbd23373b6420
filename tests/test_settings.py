import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from certplanner.env import database_from_url, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("", False),
        ("off", False),
    ],
)
def test_env_bool_reads_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG")


def test_env_int(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    assert env_int("X_INT", 1) == 42
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("X_INT", 1)
    monkeypatch.delenv("X_INT")
    assert env_int("X_INT", 7) == 7


def test_env_list(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST") == ["a.example", "b.example"]


def test_database_url_sqlite():
    assert database_from_url("sqlite:////tmp/x.db") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/tmp/x.db",
    }


def test_database_url_postgres():
    config = database_from_url("postgresql://u:p%40ss@db.local:5433/cp?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("u", "p@ss")
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.local",
        "5433",
        "cp",
    )
    assert config["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    "url",
    ["mysql://x/y", "postgresql://host:99999/db", "postgresql://host/", "sqlite://"],
)
def test_database_url_refuses_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="0",
        SECRET_KEY="p" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="certplanner.example.org",
        CERTPLANNER_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _manage("check", DEBUG="0", CERTPLANNER_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_without_secret_key_says_so_in_one_line(tmp_path):
    result = _manage("plan", "x.json", DEBUG="0", CERTPLANNER_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "certplanner: SECRET_KEY must be set when DEBUG is off."
    ]


COMMANDS = sorted(
    path.stem
    for path in ROOT.glob("*/management/commands/*.py")
    if not path.name.startswith("_")
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_on_a_checkout_without_settings(tmp_path, command):
    result = _manage(command, "--help", CERTPLANNER_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "usage: manage.py" in result.stdout


def test_plan_runs_on_a_fresh_checkout_and_says_what_to_set_up(tmp_path):
    example = str(ROOT / "fixtures" / "examples" / "csms.json")
    data = {
        "CERTPLANNER_DATA_DIR": str(tmp_path),
        # A fresh checkout's database, also when the suite runs on PostgreSQL.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'certplanner.sqlite3'}",
    }
    unprepared = _manage("plan", example, **data)
    assert unprepared.returncode == 2
    assert "Traceback" not in unprepared.stderr
    assert "python manage.py migrate" in unprepared.stderr
    assert _manage("migrate", "-v0", **data).returncode == 0
    assert _manage("load_catalogue", **data).returncode == 0
    planned = _manage("plan", example, **data)
    assert planned.returncode == 0, planned.stderr
    assert '"format":"certplanner.plan/1"' in planned.stdout
