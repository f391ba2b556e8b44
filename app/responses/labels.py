"""The words of stored answers and of the Word receipt in each language the app speaks, rendered from
the catalogs when the app starts (the msgids are marked in app.snapshot, which stays free of
Flask so the receipt, the differences and the report writers can use them as plain data)."""
from __future__ import annotations

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as translate

from app import snapshot


def register(app: Flask) -> None:
    """Render the labels in every language the app speaks, for snapshot.labels_for."""
    from app.i18n import SUPPORTED_LOCALES

    with app.app_context():
        for language in SUPPORTED_LOCALES:
            with force_locale(language):
                # `translate` is gettext under a name the extractor does not read: the msgids are
                # variables here, marked with N_ in app.snapshot and app.positions
                snapshot.use_labels(language, snapshot.Labels(
                    *({key: translate(msgid) for key, msgid in part.items()}
                      for part in (snapshot.POSITIONS, snapshot.ADOPTED_BY, snapshot.RECEIPT_TEXTS,
                                   snapshot.POSITION_LETTERS_MSGIDS))))
