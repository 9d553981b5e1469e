"""HTML pages reduced to their article text: scripts, styles, navigation and boilerplate
removed, paragraphs kept (one blank line between blocks)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from tahaluf.resources import load_yaml

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    lang: str | None
    #: the publication date as written in the page, when it is not a date
    published_raw: str | None = None


@functools.cache
def _spec() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    spec = load_yaml("boilerplate.yaml")
    return (tuple(spec["html_drop_tags"]), tuple(spec["html_drop_markers"]),
            tuple(spec["html_blocks"]))


def _meta(tree: HTMLParser, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and node.attributes.get("content"):
                return (node.attributes.get("content") or "").strip() or None
    return None


def _is_boilerplate(node: Node, markers: tuple[str, ...]) -> bool:
    attrs = node.attributes
    hay = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}".lower()
    if not hay.strip():
        return False
    words = re.split(r"[\s_\-]+", hay)
    return any(w in markers for w in words)


def parse_html(raw: str) -> HtmlArticle:
    tree = HTMLParser(raw)
    drop_tags, markers, blocks = _spec()
    title_node = tree.css_first("title")
    title = _meta(tree, "og:title") or (title_node.text(strip=True) if title_node else None)
    canonical = tree.css_first('link[rel="canonical"]')
    url = _meta(tree, "og:url") or (canonical.attributes.get("href") if canonical else None)
    outlet = _meta(tree, "og:site_name", "application-name")
    published = _meta(tree, "article:published_time", "datePublished", "pubdate", "date",
                      "DC.date.issued")
    published_raw = published
    if published:
        m = _DATE.search(published)
        published = m.group(1) if m else None
    if published:
        published_raw = None
    html_node = tree.css_first("html")
    lang = html_node.attributes.get("lang") if html_node else None

    tree.strip_tags(list(drop_tags))
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return HtmlArticle("", title, url, outlet, published, lang, published_raw)
    for node in list(root.traverse()):
        if node.tag not in ("-text", "html", "body", "article", "main") and _is_boilerplate(node, markers):
            node.decompose()
    paragraphs: list[str] = []
    for node in root.css(",".join(blocks)):
        # skip blocks nested in another block (li inside td, p inside blockquote)
        parent = node.parent
        nested = False
        while parent is not None and parent is not root:
            if parent.tag in blocks:
                nested = True
                break
            parent = parent.parent
        if nested:
            continue
        text = _SPACE.sub(" ", node.text(separator="", strip=False)).strip()
        if text:
            paragraphs.append(text)
    if not paragraphs:
        text = _SPACE.sub(" ", root.text(separator="\n", strip=True))
        paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return HtmlArticle("\n\n".join(paragraphs), title, url, outlet, published,
                       lang.split("-")[0] if lang else None, published_raw)
