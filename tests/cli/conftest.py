"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest

from legevakt_app.cli import EXIT_OK, main
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> bytes:
    """liten-kommune solved (deterministically, so the test does not depend on the machine)
    and published, as the file a leader has: its bytes, solved once for the module."""
    path = tmp_path_factory.mktemp("publisert") / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    assert main(["solve", str(path), "--save", "--quiet", "--time-limit", "5",
                 "--deterministic"]) == EXIT_OK
    assert main(["export", str(path), "--ics-dir", str(path.parent / "kalendere"),
                 "--publish"]) == EXIT_OK
    return path.read_bytes()
