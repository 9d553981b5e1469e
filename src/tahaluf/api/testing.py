"""Helpers for tests and benchmarks: a knowledge base filled from the bundled sample
corpus, and the server running on 127.0.0.1 in a background thread.

    with sample_kb(tmp / "kb.sqlite") as kb, serve_in_thread(Settings(...), kb=kb) as url:
        httpx.get(url + "/api/stats")
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from tahaluf.api.settings import Settings
from tahaluf.kb import KB

#: an article whose text and title are HTML and script: the UI must show them as text
HOSTILE_ARTICLE: dict[str, Any] = {
    "title": '<img src=x onerror="window.__pwned=\'title\'"><b>عنوان</b>',
    "text": ("<script>window.__pwned = 'script';</script>\n\n"
             "أعلن فيلق الشام اليوم انسحابه من جيش الفتح "
             '<img src=x onerror="window.__pwned=\'img\'"> في بيان رسمي '
             "<a href=\"javascript:window.__pwned='link'\">رابط</a>.\n\n"
             "<style>body{display:none}</style><iframe src=\"javascript:1\"></iframe>"),
    "published": "2016-01-02", "outlet": "<i>منبر</i>",
    "url": "javascript:window.__pwned='url'",
}


def sample_corpus() -> Path:
    return Path(str(resources.files("tahaluf") / "samples" / "corpus.jsonl"))


def sample_kb(path: Path, extra: Iterable[dict[str, Any]] = ()) -> KB:
    """A SQLite knowledge base at ``path`` with the sample corpus (and ``extra`` JSONL
    records) ingested through :meth:`KB.ingest`."""
    import tahaluf.kb

    kb = tahaluf.kb.open(f"sqlite:///{path}")
    inputs: list[str | Path] = [sample_corpus()]
    extra = list(extra)
    if extra:
        more = path.with_name(path.stem + "-extra.jsonl")
        more.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra),
                        encoding="utf-8")
        inputs.append(more)
    report = kb.ingest(inputs)
    if report.failed:
        raise RuntimeError(f"sample corpus failed to ingest: {report.failures}")
    return kb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(settings: Settings, *, kb: KB | None = None,
                    port: int | None = None) -> Iterator[str]:
    """Run the app with uvicorn on 127.0.0.1 in a thread; yields the base URL."""
    import uvicorn

    from tahaluf.api import create_app

    port = port or free_port()
    config = uvicorn.Config(create_app(settings, kb=kb), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="tahaluf-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
