"""The documentation cannot drift from the code: the README's layout section lists every module
and folder under bot/ (and nothing that is gone), and the product contract lives in the
repository, in docs/, not in a file outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
START, END = "<!-- layout:start -->", "<!-- layout:end -->"
NOT_LISTED = {"__init__.py", "__main__.py"}
MODULE = re.compile(r"\bbot/(?:\w+/)*\w+\.py\b")
FOLDER = re.compile(r"`(bot/(?:\w+/)+)`")
OUTSIDE_FILES = ("PRODUCT.md", "DESIGN.md")


def layout_section() -> str:
    text = README.read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1, (
        f"README.md needs exactly one {START} and one {END}"
    )
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip(), "README.md's layout section is empty"
    return section


def modules_on_disk() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "bot").rglob("*.py")
        if path.name not in NOT_LISTED and "__pycache__" not in path.parts
    }


def folders_on_disk() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix() + "/"
        for path in (ROOT / "bot").rglob("*")
        if path.is_dir() and path.name != "__pycache__" and any(path.glob("*.py"))
    }


def test_layout_lists_every_module_under_bot_and_only_those() -> None:
    listed = set(MODULE.findall(layout_section()))
    missing = sorted(modules_on_disk() - listed)
    stale = sorted(path for path in listed if not (ROOT / path).is_file())
    assert not missing and not stale, (
        "README.md's layout section (between the layout markers) is out of date:\n"
        + "".join(f"  not listed: {path}\n" for path in missing)
        + "".join(f"  listed but missing from bot/: {path}\n" for path in stale)
    )


def test_layout_lists_every_folder_under_bot_and_only_those() -> None:
    listed = set(FOLDER.findall(layout_section()))
    missing = sorted(folders_on_disk() - listed)
    stale = sorted(path for path in listed if not (ROOT / path).is_dir())
    assert not missing and not stale, (
        "README.md's layout section (between the layout markers) is out of date:\n"
        + "".join(f"  folder not listed: {path}\n" for path in missing)
        + "".join(f"  folder listed but missing: {path}\n" for path in stale)
    )


def test_the_product_contract_and_design_live_in_the_repository() -> None:
    for path in (README, DOCS / "product.md", DOCS / "design.md"):
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    citing = [
        f"{path.relative_to(ROOT).as_posix()}:{number}: {name}"
        for path in [README, *sorted(DOCS.rglob("*.md"))]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for name in OUTSIDE_FILES
        if name in line
    ]
    assert not citing, (
        "cite docs/product.md and docs/design.md, not the files outside the repository:\n" + "\n".join(citing)
    )
