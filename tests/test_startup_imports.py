"""Start-up loads only what the first screen needs: the PDF library loads on
the first export (in the export's own process), the JSON Schema validator on
the first import of JSON, a stage's view when the stage is first shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("reportlab", "jsonschema")
VIEWS = tuple(f"desktop_app.ui.views.{name}_view" for name in (
    "setup", "functions", "vendors", "customers", "metrics", "transition", "governance",
    "close"))


def loaded_after_smoke(path, watched=HEAVY) -> list[str]:
    code = ("import json, sys\n"
            "from desktop_app.app import main\n"
            "status = main([sys.argv[1], '--smoke'])\n"
            f"print(json.dumps([m for m in {tuple(watched)!r} if m in sys.modules]))\n"
            "sys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_opening_a_workshop_loads_no_pdf_or_schema_library(workshop_file):
    assert loaded_after_smoke(workshop_file) == []


def test_opening_a_workshop_loads_only_the_first_stage_s_view(workshop_file):
    assert loaded_after_smoke(workshop_file, VIEWS) == ["desktop_app.ui.views.setup_view"]
