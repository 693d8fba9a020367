"""Shared test setup: Qt offscreen, the bundled samples, opt-in slow tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    name: ROOT / "samples" / f"{name}.legevakt.json"
    for name in ("liten-kommune", "interkommunal", "stor-legevakt")
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("LEGEVAKT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set LEGEVAKT_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sample_path():
    """``sample_path("interkommunal")`` → the bundled sample's file."""
    return lambda name: SAMPLES[name]
