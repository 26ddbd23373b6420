"""Headless chromium (Debian's package) driven by Playwright's sync API."""

import os
import re
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


PHONE_WIDTH = 390


@pytest.fixture
def console_allowed():
    """Patterns of console errors a test expects (a 404 it opens on purpose)."""
    return []


@pytest.fixture
def new_page(browser, live_server, console_allowed):
    """Open a page in a fresh browser context (its own cookies) on the live server.

    Every page the test opens is watched: a console error or an uncaught exception
    fails the test, and every address it reached is opened again at phone width
    afterwards, where the document must not be wider than the screen."""
    contexts, problems, visited = [], [], {}

    def watch(page):
        def on_console(message):
            if message.type == "error" and not any(
                re.search(pattern, message.text) for pattern in console_allowed
            ):
                problems.append(f"console error on {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
        page.on(
            "framenavigated",
            lambda frame: (
                frame == page.main_frame and visited.setdefault(frame.url, page.context)
            ),
        )

    def open_page(viewport_width: int = 1280):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": viewport_width, "height": 900}
        )
        context.set_default_timeout(WAIT_MS)
        context.on("page", watch)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for url, context in list(visited.items()):  # each address once
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        phone = context.new_page()
        phone.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            problems.append(f"{urlsplit(url).path} is {width} px wide at 390 px")
        phone.close()
    for context in contexts:
        context.close()
    assert problems == [], "\n".join(problems)


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.wait_for_load_state()
