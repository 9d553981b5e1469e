"""The web UI in a real browser: Python Playwright driving Debian's chromium against the
server on 127.0.0.1, with a store filled from the bundled sample corpus plus one hostile
article. Screenshots go to test-artifacts/. Without /usr/bin/chromium the tests skip
locally and fail when $CI is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tahaluf.api import Settings
from tahaluf.api.testing import HOSTILE_ARTICLE, sample_kb, serve_in_thread
from tahaluf.api.tokens import TokenStore

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _need_browser() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "python playwright is not installed"
    if problem is None and not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {problem}")
        pytest.skip(problem)
    return sync_playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    _need_browser()
    tmp = tmp_path_factory.mktemp("web")
    kb = sample_kb(tmp / "kb.sqlite", [HOSTILE_ARTICLE])
    store = TokenStore(tmp / "tokens.json")
    token = store.create("browser-test")
    with serve_in_thread(Settings(token_store=store.path), kb=kb) as url:
        yield {"url": url, "token": token}
    kb.close()


@pytest.fixture(scope="module")
def browser(server: dict[str, str]) -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: dict[str, str]) -> Iterator[Any]:
    """A page that may talk to the local server only, and records script errors.

    The server's Content-Security-Policy is bypassed: the escaping alone must keep the
    hostile article inert (and Playwright's own waits evaluate strings)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar",
                              bypass_csp=True)
    pg = ctx.new_page()
    pg.errors = []
    pg.outside = []
    pg.dialogs = []
    local = urlsplit(server["url"]).netloc

    def route(r: Any) -> None:
        if urlsplit(r.request.url).netloc == local:
            r.continue_()
        else:
            pg.outside.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.outside == [], f"the UI asked the internet for {pg.outside}"
    assert pg.dialogs == []
    ctx.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def open_view(page: Any, server: dict[str, str], hash_: str, view: str) -> None:
    page.goto(server["url"] + "/" + hash_)
    page.wait_for_selector(f'main[data-view="{view}"][aria-busy="false"]')


def test_home_lists_coalitions(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/", "home")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("#stats strong").first.inner_text().isdigit()
    assert page.locator('a.actor[data-actor="jaish-al-fatah"]').count() >= 1
    shot(page, "home")
    page.click("#lang-toggle")
    page.wait_for_selector('main[data-view="home"][aria-busy="false"]')
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.locator('a.actor[data-actor="jaish-al-fatah"]').first.inner_text() == "Jaish al-Fatah"
    shot(page, "home-en")
    page.click("#lang-toggle")


def test_search_shows_the_coalition_and_its_members(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/", "home")
    page.fill("#search-input", "جيش الفتح")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#members[data-count]")
    assert page.locator("#actor-name").inner_text().startswith("جيش الفتح")
    members = page.locator(".members-table tbody tr")
    assert members.count() >= 4
    ids = {members.nth(i).get_attribute("data-member") for i in range(members.count())}
    assert {"ahrar-al-sham", "failaq-al-sham"} <= ids
    # the membership timeline: one row per member, hatched bars where bounds are uncertain
    assert page.locator("#membership-chart .tl-row[data-member]").count() >= 4
    assert page.locator("#membership-chart .tl-bar.uncertain").count() >= 1
    assert page.locator("#membership-chart .tl-bar.certain").count() >= 1
    shot(page, "coalition")
    # another date: a member that left is gone
    page.fill("#members-date", "2016-06-01")
    page.dispatch_event("#members-date", "change")
    page.wait_for_selector('#members[data-on="2016-06-01"]')
    later = page.locator(".members-table tbody tr[data-member='failaq-al-sham']")
    assert later.count() == 0


def test_network_redraws_as_the_slider_moves(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/network?on=2013-06-01", "network")
    page.wait_for_selector('#net-status[data-on="2013-06-01"]')

    def edges() -> set[str]:
        return set(page.evaluate("T.cy.edges().map(e => e.id())"))

    before, certain_before = edges(), int(page.get_attribute("#net-status", "data-certain"))
    assert len(before) == int(page.get_attribute("#net-status", "data-edges"))
    shot(page, "network-2013")
    # move the slider to 2015-06-01
    page.eval_on_selector("#net-slider", """el => {
        const base = Date.parse('2011-03-15T00:00:00Z');
        el.value = Math.round((Date.parse('2015-06-01T00:00:00Z') - base) / 86400000);
        el.dispatchEvent(new Event('input', {bubbles: true}));
    }""")
    page.wait_for_selector('#net-status[data-on="2015-06-01"]')
    after, certain_after = edges(), int(page.get_attribute("#net-status", "data-certain"))
    assert after != before
    assert certain_after > certain_before
    assert len(after) == int(page.get_attribute("#net-status", "data-edges"))
    assert "failaq-al-sham>jaish-al-fatah#0" in after
    assert "on=2015-06-01" in page.url
    shot(page, "network-2015")
    # only the certain memberships: solid edges only, fewer of them
    page.check("#net-certain")
    page.wait_for_selector('#net-status[data-only-certain="1"]')
    assert len(edges()) == certain_after <= len(after)  # likely ones (dashed) drop out
    assert page.evaluate("T.cy.edges('.uncertain').length") == 0
    shot(page, "network-2015-certain")


def test_map_draws_syria_and_filters_events(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/map", "map")
    page.wait_for_selector("#map-status[data-events]")
    every = int(page.get_attribute("#map-status", "data-events"))
    assert every > 0
    assert page.locator("#map path.leaflet-interactive").count() >= 1  # the border
    assert page.locator(".gov-label").count() == 14
    shot(page, "map")
    page.fill("#map-start", "2015-01-01")
    page.fill("#map-end", "2015-12-31")
    page.fill("#map-actor", "جيش الفتح")
    page.click("#map-apply")
    page.wait_for_function(
        f"document.querySelector('#map-status').dataset.events !== '{every}'")
    some = int(page.get_attribute("#map-status", "data-events"))
    assert 0 < some < every
    shot(page, "map-filtered")


def test_evidence_sentence_is_highlighted(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/actor/failaq-al-sham", "actor")
    link = page.locator(".history-table a.doc-link").first
    fact_id = link.get_attribute("data-fact")
    link.click()
    page.wait_for_selector('main[data-view="doc"][aria-busy="false"]')
    active = page.locator("#doc-text .hl-active")
    assert active.count() >= 1
    text = "".join(active.all_inner_texts())
    assert len(text) > 20
    assert page.locator(f'.evidence-list li.active[data-fact="{fact_id}"]').count() == 1
    bg = page.eval_on_selector("#doc-text .hl-active", "el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # the highlighted text is the sentence the API gives as evidence for that fact
    sentence = page.evaluate(f"T.api('/api/facts/{fact_id}').then(r => r.evidence.map(e => e.sentence))")
    assert any(text.strip() in s or s in text for s in sentence)
    shot(page, "document-evidence")


def test_review_with_a_token_is_kept_after_reload(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/review", "review")
    first = page.locator(".review-table tbody tr").first
    fact_id = first.get_attribute("data-fact")
    # without a token the server refuses, and the page says so
    first.locator("button.btn-accept").click()
    page.wait_for_selector(".review-table .error")
    assert "401" in page.locator(".review-table .error").first.inner_text()
    # with the token
    page.fill("#token-input", server["token"])
    page.click("#token-save")
    page.wait_for_function("document.querySelector('#token-msg').textContent.includes('browser-test')")
    first.locator("button.btn-accept").click()
    page.wait_for_selector(f'.review-table tr[data-fact="{fact_id}"][data-status="accepted"]')
    shot(page, "review")
    page.reload()
    page.wait_for_selector('main[data-view="review"][aria-busy="false"]')
    assert page.locator(f'.review-table tr[data-fact="{fact_id}"]').count() == 0  # not pending
    open_view(page, server, f"#/fact/{fact_id}", "fact")
    assert page.locator("#fact-status .status-accepted").count() == 1
    assert "token:browser-test" in page.locator("main").inner_text()
    # reject from the fact page, then reload
    page.click("#btn-reject")
    page.wait_for_selector("#fact-status .status-rejected")
    page.reload()
    page.wait_for_selector('main[data-view="fact"][aria-busy="false"]')
    assert page.locator("#fact-status .status-rejected").count() == 1
    open_view(page, server, "#/review", "review")
    assert page.locator("ul.contradictions li").count() >= 1


def test_hostile_article_renders_inert(page: Any, server: dict[str, str]) -> None:
    open_view(page, server, "#/documents?offset=0", "documents")
    link = page.locator("main table a", has_text="<img")
    assert link.count() == 1, "the title is shown as text"
    link.click()
    page.wait_for_selector('main[data-view="doc"][aria-busy="false"]')
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__pwned = 'script';</script>" in text
    assert 'onerror="window.__pwned' in text
    for tag in ("script", "img", "iframe", "style", "a", "b", "i"):
        assert page.locator(f"#doc-text {tag}").count() == 0, tag
    assert page.locator("main h1").inner_text().startswith("<img")
    assert page.locator("main h1 img").count() == 0
    # the javascript: URL is not made a link
    assert page.locator('a[href^="javascript"]').count() == 0
    # click its evidence: the sentence with the markup is highlighted, still as text
    page.locator(".evidence-list a.select-fact").first.click()
    hl = "".join(page.locator("#doc-text .hl-active").all_inner_texts())
    assert "<img src=x" in hl
    shot(page, "hostile-article")
    # the same sentence on the fact page and in the coalition's event table
    fact_id = page.locator(".evidence-list li").first.get_attribute("data-fact")
    open_view(page, server, f"#/fact/{fact_id}", "fact")
    assert "<img src=x" in page.locator(".reports").inner_text()
    open_view(page, server, "#/actor/jaish-al-fatah", "actor")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script, main iframe").count() == 0


def test_api_docs_work_offline(page: Any, server: dict[str, str]) -> None:
    page.goto(server["url"] + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/network" in p for p in paths)
    shot(page, "api-docs")


def test_compare_page_shows_agreed_missing_and_only_in_store(page: Any,
                                                             server: dict[str, str]) -> None:
    open_view(page, server, "#/compare", "compare")
    page.fill("#compare-text", "coalition,date,member,source\n"
                               "جيش الفتح,2016-03-01,فيلق الشام,<b>my notes</b>\n"
                               "جيش الفتح,2016-03-01,جبهة النصرة,\n"
                               "جيش الفتح,2016-03-01,<img src=x onerror=\"window.__pwned=1\">,\n")
    page.click("#compare-go")
    page.wait_for_selector('#compare-result[data-done="1"] .compare-group')
    group = page.locator('.compare-group[data-coalition="jaish-al-fatah"][data-on="2016-03-01"]')
    assert group.locator('.agreed li[data-member="jabhat-al-nusra"]').count() == 1
    assert group.locator('.missing li[data-member="failaq-al-sham"]').count() == 1
    only = group.locator('.only li[data-member="ahrar-al-sham"]')
    assert only.count() == 1 and only.locator("q").count() == 1  # with the store's proof
    assert page.locator("#compare-overall .recall").inner_text() == "0.50"
    assert "<b>my notes</b>" in group.locator(".missing").inner_text()
    assert "<img src=x" in page.locator("#compare-unresolved").inner_text()
    assert page.locator("#compare-result img, #compare-result b").count() == 0
    shot(page, "compare")
    page.fill("#compare-text", "coalition,date,member\nجيش الفتح,March 2016,فيلق الشام\n")
    page.click("#compare-go")
    page.wait_for_selector('#compare-result[data-done="1"] .error')
    assert "is not YYYY-MM-DD" in page.locator("#compare-result .problems").inner_text()
    assert page.evaluate("window.__pwned") is None
