"""docs/python.md's walkthrough, run as a user would run it, against the session's latentd."""
import subprocess
import sys
from pathlib import Path

from conftest import DATA


def test_the_walkthrough_runs_and_draws_its_picture(latentd, tmp_path):
    script = Path(__file__).resolve().parent.parent / "examples" / "walkthrough.py"
    picture = tmp_path / "latent.png"
    result = subprocess.run([sys.executable, str(script), "--server", latentd, "--data",
                             str(DATA), "--out", str(picture)], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[0] == "walk_squark", result.stdout  # the first row of the ranking
    assert any(line.startswith("fit to walk_squark: p = ") for line in lines)
    assert picture.stat().st_size > 10000
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_docs_python_md_shows_the_walkthrough_as_it_is():
    script = Path(__file__).resolve().parent.parent / "examples" / "walkthrough.py"
    page = (Path(__file__).resolve().parents[3] / "docs" / "python.md").read_text()
    assert "```python\n" + script.read_text() + "```" in page
