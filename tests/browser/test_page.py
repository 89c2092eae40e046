"""The analysts' page in a real browser: log in, screen a party, open a hit, record a review.

Screenshots of the main screens go to a temporary folder, or to the folder named by
``DUALUSE_SCREENSHOTS_DIR`` (``DUALUSE_SCREENSHOTS_DIR=docs/screenshots pytest tests/browser``
refreshes the ones in the docs), so a plain test run leaves the work tree unchanged.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from tests.browser.conftest import LiveServer

SHOTS = Path(os.environ.get("DUALUSE_SCREENSHOTS_DIR") or tempfile.mkdtemp(prefix="dualuse-shots-"))


def _login(page, server: LiveServer, role: str = "analyst") -> None:  # noqa: ANN001
    page.goto(server.url + "/")
    page.get_by_label("API key").fill(server.keys[role])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Screen a party").wait_for()


def test_wrong_key_is_refused_in_the_page(page, live_server: LiveServer) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/")
    page.get_by_label("API key").fill("du_00000000_" + "x" * 43)
    page.get_by_role("button", name="Log in").click()
    page.locator("#login-error").get_by_text("not valid", exact=False).wait_for()
    assert page.get_by_role("heading", name="Screen a party").is_hidden()


def test_log_in_screen_open_hit_and_review(page, live_server: LiveServer) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="Log in").wait_for()
    page.screenshot(path=str(SHOTS / "login.png"))
    _login(page, live_server)
    assert page.locator("#who-role").text_content() == "analyst"
    assert "ofac_sdn@2024-05-02" in page.locator("#versions").text_content()

    page.get_by_label("Name").fill("Akbar Motallebizadeh")
    page.get_by_label("Type").select_option("Person")
    page.get_by_label("Country").fill("Iran")
    page.get_by_label("Date of birth").fill("1963-07-23")
    page.get_by_role("button", name="Screen", exact=True).click()
    hit_link = page.get_by_role("button", name="MOTALLEBIZADEH, Akbar")
    hit_link.wait_for()
    assert page.locator(".decision").first.text_content() == "block"
    page.screenshot(path=str(SHOTS / "screen-result.png"), full_page=True)

    hit_link.focus()
    page.keyboard.press("Enter")  # keyboard works: the hit opens
    page.get_by_role("heading", name="Why it matched").wait_for()
    page.get_by_role("heading", name="Provenance").wait_for()
    entry = page.locator("#hit-entry")
    assert "ofac_sdn@2024-05-02" in entry.text_content()
    assert "sdn_2024-05-03_people.csv" in entry.text_content()
    explanation = page.locator("#hit-explanation").text_content()
    assert re.search(r"birth", explanation, re.I)

    page.get_by_label("False positive", exact=False).check()
    page.get_by_label("Reason").fill("Different person: passport and employer do not match.")
    page.screenshot(path=str(SHOTS / "hit-detail.png"), full_page=True)
    page.get_by_role("button", name="Record review").click()
    page.locator("#review-ok").get_by_text("Recorded").wait_for()
    past = page.locator("#review-past")
    past.get_by_text("analyst-browser", exact=False).wait_for()
    assert "false positive" in past.text_content()
    page.screenshot(path=str(SHOTS / "hit-reviewed.png"), full_page=True)

    page.get_by_role("button", name="History").click()
    page.get_by_role("heading", name="History").wait_for()
    page.locator("#history-table table").wait_for()
    assert "party:Akbar Motallebizadeh" in page.locator("#history-table").text_content()
    page.screenshot(path=str(SHOTS / "history.png"), full_page=True)


def test_script_in_a_name_is_shown_as_text(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _login(page, live_server)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    name = "<img src=x onerror=alert(1)> Qods Aviation Industries"
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Screen", exact=True).click()
    page.locator("#result article").wait_for()
    assert page.locator("#result img").count() == 0
    assert name in page.locator("#result").text_content()
    assert dialogs == []


def test_screener_cannot_review(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _login(page, live_server, "screener")
    page.get_by_label("Name").fill("Generation Trading FZE")
    page.get_by_role("button", name="Screen", exact=True).click()
    page.get_by_role("button", name="GENERATION TRADING FZE").click()
    page.get_by_role("heading", name="Why it matched").wait_for()
    assert page.get_by_text("needs the analyst role").is_visible()
    assert page.get_by_role("button", name="Record review").is_hidden()


def test_upload_an_order_file(page, live_server: LiveServer, tmp_path: Path) -> None:  # noqa: ANN001
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_id,buyer_name,buyer_country,end_user_name,end_user_country,hs_code\n"
        "UP-1,Grend Si LLC,RU,Grend Si LLC,RU,854231\n"
        "UP-2,Nordic Tools AB,SE,Nordic Tools AB,SE,820559\n",
        encoding="utf-8",
    )
    _login(page, live_server)
    page.get_by_role("button", name="Upload orders").click()
    page.get_by_label("Order file", exact=True).set_input_files(str(orders))
    page.get_by_role("button", name="Screen file").click()
    page.locator("#upload-result article").nth(1).wait_for()
    text = page.locator("#upload-result").text_content()
    assert "Order UP-1" in text and "Order UP-2" in text
    assert page.locator("#upload-result .decision").first.text_content() == "block"
    page.screenshot(path=str(SHOTS / "upload-result.png"), full_page=True)
