"""Headless chromium (Debian's package) driven by Playwright's sync API."""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Generous: waits end as soon as the page is ready; only a busy machine comes near it.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Per module: Playwright's event loop runs in the test thread while the browser is
# open, and code that calls asyncio.run() (pyHanko's validators) cannot run beside it.
@pytest.fixture(scope="module")
def browser():
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (its own cookies) on the live server."""
    contexts = []

    def open_page(viewport_width: int = 1280):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": viewport_width, "height": 900}
        )
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.wait_for_load_state()
