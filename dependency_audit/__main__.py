"""python -m dependency_audit: audit the locked dependencies with pip-audit.

--source osv       the public OSV service
--source snapshot  the advisory snapshot, served on loopback
--source auto      the public service where it is reachable, else the snapshot
--refresh          rebuild the snapshot from an OSV service first
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dependency_audit import fetch, server
from dependency_audit.lockfile import read_pins
from dependency_audit.snapshot import SNAPSHOT_PATH, Snapshot, load, save

ROOT = Path(__file__).resolve().parent.parent
STALE_AFTER_DAYS = 90


def reachable(url: str, timeout: float = 5) -> bool:
    """Whether the OSV service answers a query (through the proxy settings, as
    pip-audit will reach it)."""
    probe = {"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "0"}
    try:
        fetch.query(url, probe, timeout)
    except (OSError, ValueError):
        return False
    return True


def run_pip_audit(lock: Path, query_url: str) -> int:
    hashed = "--hash=" in lock.read_text(encoding="utf-8")
    sys.stdout.flush()  # our lines before pip-audit's
    with tempfile.TemporaryDirectory(prefix="certplanner-audit-") as cache:
        command = [
            sys.executable, "-m", "pip_audit",
            "--requirement", str(lock),
            "--disable-pip",  # the lock already pins every package
            *(["--require-hashes"] if hashed else ["--no-deps"]),
            "--vulnerability-service", "osv", "--osv-url", query_url,
            "--cache-dir", cache, "--progress-spinner", "off", "--aliases", "on",
        ]  # fmt: skip
        return subprocess.run(command, check=False, env=env_for(query_url)).returncode


def env_for(query_url: str) -> dict[str, str]:
    """pip-audit's environment: a loopback service is reached directly, whatever
    proxy the machine sets."""
    env = dict(os.environ)
    if fetch.is_loopback(query_url):
        for name in ("NO_PROXY", "no_proxy"):
            env[name] = ",".join(
                filter(None, [env.get(name, ""), *fetch.LOOPBACK_HOSTS])
            )
    return env


def refresh(pins: dict[str, str], url: str, path: Path) -> Snapshot:
    print(f"Fetching advisories of {len(pins)} packages from {url}")
    snapshot = Snapshot(
        taken=datetime.date.today(),
        source=f"OSV query service at {url}",
        packages=sorted(pins),
        vulns=fetch.advisories_for(sorted(pins), url),
    )
    save(snapshot, path)
    print(f"{path}: {len(snapshot.vulns)} advisories")
    return snapshot


def audit_with_snapshot(lock: Path, pins: dict[str, str], path: Path) -> int:
    snapshot = load(path)
    print(
        f"Advisory snapshot of {snapshot.taken} ({len(snapshot.vulns)} advisories; "
        f"source: {snapshot.source}); `./dev audit --refresh` renews it where the "
        "OSV service is reachable."
    )
    if snapshot.age_in_days() > STALE_AFTER_DAYS:
        print(f"warning: the snapshot is {snapshot.age_in_days()} days old")
    shortened = {
        name: since for name, since in snapshot.published_since.items() if name in pins
    }
    if shortened:
        print(
            "Only recent advisories kept for: "
            + ", ".join(f"{name} (since {since})" for name, since in shortened.items())
            + "; a release older than that is not vouched for."
        )
    uncovered = sorted(set(pins) - set(snapshot.packages))
    if uncovered:
        print(
            "The snapshot has never looked at these locked packages, so they cannot "
            f"be vouched for: {', '.join(uncovered)}. Refresh it, or collect their "
            f"advisories into {path.name} and list them under 'packages'."
        )
        return 1
    with server.serving(snapshot.vulns) as url:
        return run_pip_audit(lock, url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dependency_audit")
    # The development lock holds the application's packages and the tools that run
    # on developers' and CI machines.
    parser.add_argument(
        "--requirement", type=Path, default=ROOT / "requirements-dev.lock"
    )
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT_PATH)
    parser.add_argument("--source", choices=["auto", "osv", "snapshot"], default="auto")
    parser.add_argument("--osv-url", default=fetch.PUBLIC_QUERY_URL)
    parser.add_argument("--refresh", action="store_true")
    options = parser.parse_args(argv)

    pins = read_pins(options.requirement)
    if not pins:
        print(f"{options.requirement} pins no package (name==version).")
        return 2
    service_reachable = options.source == "osv" or (
        (options.refresh or options.source == "auto") and reachable(options.osv_url)
    )
    if options.refresh:
        if not service_reachable:
            print(f"Cannot refresh: {options.osv_url} is out of reach.")
            return 2
        try:
            refresh(pins, options.osv_url, options.snapshot)
        except (OSError, ValueError) as problem:
            print(f"Cannot refresh from {options.osv_url}: {problem}")
            return 2
    online = options.source == "osv" or (options.source == "auto" and service_reachable)
    print(f"Auditing {len(pins)} pinned packages of {options.requirement.name}")
    if online:
        print(f"Advisories from {options.osv_url}")
        return run_pip_audit(options.requirement, options.osv_url)
    return audit_with_snapshot(options.requirement, pins, options.snapshot)


if __name__ == "__main__":
    sys.exit(main())
