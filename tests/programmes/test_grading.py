"""The Danish 7-point scale (HK/KL "Specialist i borgerkontakt": "de fleste fik 10 eller 12")."""

from __future__ import annotations

from typing import Any

import pytest

from praksis.kit.errors import InvalidInput
from praksis.programmes.models import Grading
from praksis.programmes.service import DANISH_7_POINT_GRADES, validate_result


@pytest.mark.parametrize("grade", [-3, 0, 2, 4, 7, 10, 12])
def test_grading_validation_accepts_every_grade_of_the_7_point_scale(grade: int) -> None:
    assert validate_result(Grading.danish_7_point, grade, None) == (grade, grade >= 2)


@pytest.mark.parametrize("grade", [1, 3, 11, 13, -2, 5, "00", "02", "12", 7.0, True, None])
def test_grading_validation_refuses_anything_else(grade: Any) -> None:
    with pytest.raises(InvalidInput):
        validate_result(Grading.danish_7_point, grade, None)


def test_grading_validation_scale_is_exactly_the_seven_grades() -> None:
    assert sorted(DANISH_7_POINT_GRADES) == [-3, 0, 2, 4, 7, 10, 12]


def test_grading_validation_02_passes_and_00_fails() -> None:
    assert validate_result(Grading.danish_7_point, 2, True) == (2, True)
    assert validate_result(Grading.danish_7_point, 0, False) == (0, False)
    with pytest.raises(InvalidInput):
        validate_result(Grading.danish_7_point, 0, True)


def test_grading_validation_for_pass_fail_and_ungraded_programmes() -> None:
    assert validate_result(Grading.pass_fail, None, True) == (None, True)
    assert validate_result(Grading.none, None, None) == (None, None)
    for grading, grade, passed in [
        (Grading.pass_fail, None, None),
        (Grading.pass_fail, 7, True),
        (Grading.none, 12, None),
        (Grading.none, None, True),
    ]:
        with pytest.raises(InvalidInput):
            validate_result(grading, grade, passed)
