"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest

from legevakt_app.cli import EXIT_OK, main
from tests.conftest import SAMPLES


@pytest.fixture
def liten(tmp_path):
    """A copy of liten-kommune the test may change."""
    path = tmp_path / "liten.legevakt.json"
    path.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    return path


def unchanged_sample(path) -> None:
    """The copy at ``path`` is as the sample was, and no .bak was written: nothing saved."""
    assert path.read_bytes() == SAMPLES["liten-kommune"].read_bytes()
    assert not path.with_name(path.name + ".bak").exists()


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
