import pytest

from solver.solve import solve
from tests.solver.helpers import assert_valid


@pytest.fixture
def solved():
    """Solve and always pass the result through the independent checker."""

    def run(p, **kw):
        kw.setdefault("time_limit", 10)
        kw.setdefault("deterministic", True)
        result = solve(p, **kw)
        if result.rota.assignments:
            assert_valid(p, result.rota)
        return result

    return run
