import subprocess
import sys

MODULES = ["nlp", "nlp.types", "nlp.lexicon", "nlp.pipeline", "nlp.components", "nlp.segment",
           "nlp.themes", "nlp.phrases", "nlp.summary", "nlp.learning", "nlp.bench", "nlp.__main__", "nlp.analysis",
           "nlp.assign", "nlp.stance", "nlp.evaluate", "nlp.vectors"]


def test_import_nlp_does_not_import_flask_or_app():
    code = (
        "import sys, importlib\n"
        f"for m in {MODULES!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'app'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_nlp_builds_no_pipeline():
    code = (
        "import sys, nlp, nlp.pipeline\n"
        "assert nlp.pipeline._shared.cache_info().currsize == 0\n"
        "assert 'sklearn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
