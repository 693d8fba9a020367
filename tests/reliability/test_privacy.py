"""Privacy: an exemption (fritak) stores category, scope and dates — never a reason."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from legevakt_app import domain
from legevakt_app.project_io import ProjectError, project_from_document

FORBIDDEN = ("reason", "diagnos", "medical", "health", "illness", "sick", "note", "comment",
             "text", "description", "grunn", "årsak", "arsak", "begrunn", "merknad",
             "kommentar", "sykdom", "helse", "medisinsk")


def models_in(model: type[BaseModel], seen: set | None = None) -> set[type[BaseModel]]:
    """Every pydantic model reachable from ``model`` through its fields."""
    seen = set() if seen is None else seen
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                models_in(tp, seen)
            stack.extend(typing.get_args(tp))
    return seen


def test_exemption_has_only_category_scope_and_dates():
    assert set(domain.Exemption.model_fields) == {"start", "end", "category", "scope"}
    # category and scope are closed lists, not free text where a reason could be typed
    for field in ("category", "scope"):
        assert typing.get_origin(domain.Exemption.model_fields[field].annotation) is \
            typing.Literal


@pytest.mark.parametrize("model", sorted(models_in(domain.Project), key=lambda m: m.__name__),
                         ids=lambda m: m.__name__)
def test_no_field_anywhere_could_hold_a_medical_reason(model):
    for name in model.model_fields:
        assert not any(word in name.lower() for word in FORBIDDEN), f"{model.__name__}.{name}"


def test_absences_are_a_closed_list_of_kinds():
    assert set(domain.Absence.model_fields) == {"start", "end", "kind"}
    assert set(typing.get_args(domain.AbsenceKind)) == {"ferie", "kurs", "permisjon", "annet"}


@pytest.mark.parametrize("field", ["reason", "grunn", "årsak", "diagnosis", "note"])
def test_a_file_with_a_reason_is_refused(sample_path, field):
    import json

    document = json.loads(sample_path("liten-kommune").read_text(encoding="utf-8"))
    doctor = next(d for d in document["doctors"] if d["exemptions"])
    doctor["exemptions"][0][field] = "sykmeldt"
    with pytest.raises(ProjectError) as info:
        project_from_document(document)
    (problem,) = info.value.problems
    assert problem.path.endswith(f"exemptions[0].{field}")
    assert "unknown field" in problem.message


def test_the_privacy_document_exists_and_covers_the_basics():
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8").lower()
    for must in ("fritak", "never", "recovery", ".ics", "stays on", "reason"):
        assert must in text, must
