"""Security headers on every response, a small body for requests without a file, and trusting a
reverse proxy only when told to."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

#: No inline scripts or styles anywhere; everything comes from our own static files.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Invitation links carry their token in the path: never send it to another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

#: Pages reached by a private link or holding a consultee's answers are never cached
PRIVATE_PREFIXES = ("/svar/", "/mine", "/consultations/", "/admin/")


def takes_files(view: Callable, *, max_bytes_setting: str = "MAX_CONTENT_LENGTH") -> Callable:
    """Declare a view that receives a file: its request may reach the setting `max_bytes_setting`."""
    view.takes_files = True
    view.max_bytes_setting = max_bytes_setting
    return view


def _text_bytes(form) -> int:
    return sum(len(key.encode()) + len(value.encode()) for key, value in form.items(multi=True))


def register(app: Flask) -> None:
    """Add the headers and the body cap; with PROXY_FIX=N, trust N proxies' X-Forwarded-* headers."""
    proxies = int(app.config.get("PROXY_FIX", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    def cap_bodies_without_files():
        # Text alone is far smaller than an upload, and a page that shows a refused form again
        # would otherwise echo up to MAX_CONTENT_LENGTH of it. First of all hooks: the CSRF
        # check reads the form.
        view = app.view_functions.get(request.endpoint or "")
        if not getattr(view, "takes_files", False):
            request.max_content_length = app.config["MAX_FORM_BYTES"]
        elif view.max_bytes_setting != "MAX_CONTENT_LENGTH":
            # A form with a file and text: the file may be large, its text stays within the cap of a
            # form without files (Werkzeug caps each text part, not their sum)
            request.max_content_length = app.config[view.max_bytes_setting]
            if request.method == "POST" and _text_bytes(request.form) > app.config["MAX_FORM_BYTES"]:
                raise RequestEntityTooLarge()

    app.before_request_funcs.setdefault(None, []).insert(0, cap_bodies_without_files)

    @app.after_request
    def secure_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith(PRIVATE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
