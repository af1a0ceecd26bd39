"""Hostile staff files (alias bombs, FIFOs, devices, huge or deeply nested YAML) are reported
as problems at their path, never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.hostile_files import hostile_file
from tests.test_cli import faqbot


@pytest.mark.parametrize("kind", ["alias bomb", "self alias", "fifo", "device", "30 MB", "deep"])
def test_hostile_staff_files_are_problems_not_crashes(faq_copy: Path, kind: str) -> None:
    hostile_file(kind, faq_copy / "sinonimos.yaml")
    result = faqbot("check", str(faq_copy))
    assert result.returncode == 1, result.stderr
    assert f"{faq_copy / 'sinonimos.yaml'}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
