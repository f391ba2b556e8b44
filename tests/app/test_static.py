"""The stylesheets and fonts every page links to are installed and served from our own origin.

They are copied from node_modules/ by the make targets (scripts/vendor-assets); a failed or
skipped install shows here rather than as an unstyled page.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

STYLESHEETS = ["inter.css", "theme-digdir.css", "designsystemet.css", "app.css"]


def _linked_stylesheets(client) -> list[str]:
    page = client.get("/login").get_data(as_text=True)
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)


def test_base_links_designsystemet_its_theme_its_font_and_our_stylesheet_in_that_order(client):
    hrefs = _linked_stylesheets(client)
    assert [href.split("?")[0].rsplit("/", 1)[-1] for href in hrefs] == STYLESHEETS
    assert all(href.startswith("/static/") for href in hrefs)


def test_every_linked_stylesheet_is_served_as_css(client):
    bodies = {}
    for href in _linked_stylesheets(client):
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.mimetype == "text/css", href
        bodies[href.split("?")[0].rsplit("/", 1)[-1]] = response.get_data(as_text=True)
        response.close()
    assert ".ds-button" in bodies["designsystemet.css"] and ".ds-field" in bodies["designsystemet.css"]
    assert "--ds-color-accent-base-default" in bodies["theme-digdir.css"]
    assert "font-family: 'Inter'" in bodies["inter.css"]


def test_the_stylesheets_load_nothing_from_another_origin(client):
    """The CSP allows styles and fonts only from 'self' (and images as data: URLs)."""
    for href in _linked_stylesheets(client):
        response = client.get(href)
        css = response.get_data(as_text=True)
        response.close()
        assert "@import" not in css, href
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert url.startswith(("data:", "./", "../")) or not re.match(r"^[a-z]+:|^//", url), (href, url)


def test_the_fonts_the_font_stylesheet_names_are_served(client):
    href = next(h for h in _linked_stylesheets(client) if "/inter.css?" in h)
    response = client.get(href)
    fonts = re.findall(r"url\(([^)]+\.woff2)\)", response.get_data(as_text=True))
    response.close()
    assert len(fonts) >= 8
    for font in fonts:
        served = client.get(urljoin(href, font))
        assert served.status_code == 200, font
        assert served.mimetype == "font/woff2", font
        served.close()


def test_a_linked_file_is_kept_by_the_browser_for_a_year_under_its_digest(client):
    import hashlib
    from pathlib import Path

    href = next(h for h in _linked_stylesheets(client) if "/app.css?" in h)
    path, version = href.split("?v=")
    assert version == hashlib.sha256((Path(client.application.static_folder) / "css/app.css").read_bytes()).hexdigest()[:12]
    kept = client.get(href)
    assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for other in (path, f"{path}?v=0123456789ab"):  # no digest, or a stale one: asked again each time
        response = client.get(other)
        assert response.headers["Cache-Control"] == "no-cache"
        response.close()
    kept.close()


def test_a_changed_file_gets_a_new_address_and_names_outside_the_folder_none(app, tmp_path):
    import os

    from app.static_files import digest

    (tmp_path / "a.css").write_text("p { color: red }")
    first = digest(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("p { color: blue }")
    os.utime(tmp_path / "a.css", ns=(1, 10**18))  # a new modification time, whatever the clock's resolution
    assert digest(str(tmp_path), "a.css") not in (None, first)
    (tmp_path / "sub").mkdir()
    assert digest(str(tmp_path / "sub"), "../a.css") is None and digest(str(tmp_path), "missing.css") is None
    assert digest(str(tmp_path), "sub") is None  # a folder
    assert app.test_client().get("/static/../app/__init__.py?v=x").status_code == 404
