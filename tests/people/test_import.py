"""Importing people: CSV files from HR (Danish Excel included) and bulk JSON from intranets."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.app import create_app
from praksis.kit.db import system_session, tenant_session
from praksis.kit.locks import try_transaction_lock
from praksis.people import csv_import
from praksis.people.models import Person
from praksis.people.schemas import ImportResult
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory, make_settings
from tests.people.support import (
    BULK,
    IMPORT,
    PEOPLE,
    all_items,
    assert_problem,
    hr,
    make_unit,
)

BOM = "\ufeff"
CSV = {"content-type": "text/csv"}


def send_csv(
    client: TestClient,
    auth: HeaderFactory,
    text: str | bytes,
    dry_run: bool | None = None,
    tenant: str = HEDENSTED,
) -> Any:
    body = text.encode() if isinstance(text, str) else text
    params = {} if dry_run is None else {"dry_run": str(dry_run).lower()}
    return client.post(IMPORT, content=body, params=params, headers={**hr(auth, tenant), **CSV})


def imported(client: TestClient, auth: HeaderFactory, tenant: str = HEDENSTED) -> dict[str, Any]:
    """The imported people (those with an external id), by external id."""
    return {
        p["external_id"]: p
        for p in all_items(client, PEOPLE, hr(auth, tenant))
        if p["external_id"] is not None
    }


def people_in_database(engine: Engine) -> int:
    with system_session(engine) as session:
        return session.exec(
            select(func.count()).select_from(Person).where(Person.external_id.is_not(None))  # type: ignore[union-attr]
        ).one()


def outcomes(result: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    return [(line["line"], line["external_id"], line["outcome"]) for line in result["lines"]]


def errors_of(result: dict[str, Any], line: int) -> set[str | None]:
    found = next(entry for entry in result["lines"] if entry["line"] == line)
    return {error["field"] for error in found["errors"]}


@pytest.fixture
def units(client: TestClient, auth: HeaderFactory) -> dict[str, dict[str, Any]]:
    forvaltning = make_unit(client, auth, "Fritid & Fællesskab", "forvaltning", external_id="FF")
    baerum = make_unit(client, auth, "Bærum", "afdeling", forvaltning, external_id="BÆRUM")
    læring = make_unit(client, auth, "Læring", "afdeling", forvaltning, external_id="LÆR")
    return {"FF": forvaltning, "BÆRUM": baerum, "LÆR": læring}


def test_csv_with_semicolons_and_bom_upserts_by_external_id(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    first = (
        BOM + "external_id;name;email;job_title;org_unit_external_id\r\n"
        "HR-1;Søren Ærø Åkjær;soren@hedensted.dk;Pædagog;BÆRUM\r\n"
        "HR-2;Else Østergaard;else@hedensted.dk;Leder;LÆR\r\n"
    )
    response = send_csv(client, auth, first)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    result = response.json()
    assert ImportResult.model_validate_json(response.content).model_dump(mode="json") == result
    assert result["dry_run"] is False
    assert result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert outcomes(result) == [(2, "HR-1", "created"), (3, "HR-2", "created")]
    people = imported(client, auth)
    søren = people["HR-1"]
    assert søren["name"] == "Søren Ærø Åkjær"
    assert søren["job_title"] == "Pædagog"
    assert søren["org_unit_id"] == units["BÆRUM"]["id"]
    assert result["lines"][0]["person_id"] == søren["id"]
    assert (
        "Søren Ærø Åkjær".encode()
        in client.get(f"{PEOPLE}/{søren['id']}", headers=hr(auth)).content
    )

    second = (
        BOM + "external_id;name;email;job_title;org_unit_external_id\r\n"
        "HR-1;Søren Ærø Åkjær;soren@hedensted.dk;Pædagog;BÆRUM\r\n"
        "HR-2;Else Østergaard;else@hedensted.dk;Afdelingsleder;BÆRUM\r\n"
        "HR-3;Åse Ærenlund;;;\r\n"
    )
    result = send_csv(client, auth, second).json()
    assert result["summary"] == {"created": 1, "updated": 1, "unchanged": 1, "rejected": 0}
    assert outcomes(result) == [
        (2, "HR-1", "unchanged"),
        (3, "HR-2", "updated"),
        (4, "HR-3", "created"),
    ]
    people = imported(client, auth)
    assert people["HR-1"] == søren
    assert people["HR-2"]["job_title"] == "Afdelingsleder"
    assert people["HR-2"]["org_unit_id"] == units["BÆRUM"]["id"]
    assert people["HR-3"]["email"] is None and people["HR-3"]["org_unit_id"] is None
    assert len(people) == 3


def test_csv_with_commas_quotes_and_any_header_case_and_order(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    text = (
        "Name, EXTERNAL_ID ,Org_Unit_External_Id,Email\n"
        '"Åkjær, Søren",HR-1,BÆRUM,soren@hedensted.dk\n'
        '"Hansen ""Bærum"" Bo",HR-2,,\n'
    )
    result = send_csv(client, auth, text).json()
    assert result["summary"]["created"] == 2, result
    people = imported(client, auth)
    assert people["HR-1"]["name"] == "Åkjær, Søren"
    assert people["HR-1"]["org_unit_id"] == units["BÆRUM"]["id"]
    assert people["HR-2"]["name"] == 'Hansen "Bærum" Bo'


def test_excel_sep_line_is_honoured_and_lines_count_from_the_top_of_the_file(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    text = "sep=;\r\nexternal_id;name\r\n\r\nHR-1;Anne, Bo og Carl\r\n;;\r\nHR-2;\r\n"
    result = send_csv(client, auth, text).json()
    assert outcomes(result) == [(4, "HR-1", "created"), (6, "HR-2", "rejected")]
    assert imported(client, auth)["HR-1"]["name"] == "Anne, Bo og Carl"


def test_bad_csv_line_is_rejected_and_others_are_written(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    text = (
        "external_id;name;email;job_title;org_unit_external_id\n"
        "HR-1;Søren Ærø Åkjær;soren@hedensted.dk;Pædagog;BÆRUM\n"  # 2 fine
        "HR-2;;anne@hedensted.dk;;\n"  # 3 no name
        "HR-3;Bo;bo-at-hedensted.dk;;\n"  # 4 not an email
        "HR-4;Carl;;;UKENDT\n"  # 5 unknown org unit
        "HR-5;Dorte;;;\n"  # 6 repeated below
        "HR-6;" + "x" * 201 + ";;;\n"  # 7 too long
        'HR-7;"Erik\tEriksen";;;\n'  # 8 control character
        "HR-8;Frida;;\n"  # 9 too few fields
        "HR-5;Dorte igen;;;\n"  # 10 repeated
        ";Gitte;;;\n"  # 11 no external id
        'HR-9;"Hans\nHansen";;;\n'  # 12-13 a line break inside a name
        "HR-10;Ida Ærenlund;;;LÆR\n"  # 14 fine
    )
    response = send_csv(client, auth, text)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 10}
    assert [line for line, _, outcome in outcomes(result) if outcome == "created"] == [2, 14]
    assert errors_of(result, 3) == {"name"}
    assert errors_of(result, 4) == {"email"}
    assert errors_of(result, 5) == {"org_unit_external_id"}
    assert errors_of(result, 6) == errors_of(result, 10) == {"external_id"}
    assert errors_of(result, 7) == {"name"}
    assert errors_of(result, 8) == {"name"}
    assert errors_of(result, 9) == {None}
    assert errors_of(result, 11) == {"external_id"}
    assert errors_of(result, 12) == {"name"}
    assert all(line["person_id"] is None for line in result["lines"] if line["errors"])
    assert all(error["message"] for line in result["lines"] for error in line["errors"])
    assert sorted(imported(client, auth)) == ["HR-1", "HR-10"]


def test_dry_run_writes_nothing(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any], engine: Engine
) -> None:
    send_csv(client, auth, "external_id,name\nHR-1,Søren\nHR-2,Else\n")
    before = imported(client, auth)
    text = "external_id,name,job_title\nHR-1,Søren,Pædagog\nHR-2,Else,\nHR-3,Åse,\nHR-4,,\n"
    response = send_csv(client, auth, text, dry_run=True)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["dry_run"] is True
    assert outcomes(result) == [
        (2, "HR-1", "updated"),
        (3, "HR-2", "unchanged"),
        (4, "HR-3", "created"),
        (5, "HR-4", "rejected"),
    ]
    assert result["lines"][0]["person_id"] == before["HR-1"]["id"]
    assert result["lines"][2]["person_id"] is None
    assert imported(client, auth) == before
    assert people_in_database(engine) == 2
    bulk = {"people": [{"external_id": "HR-9", "name": "Bo"}]}
    dry = client.post(BULK, json=bulk, params={"dry_run": "true"}, headers=hr(auth)).json()
    assert dry["summary"]["created"] == 1
    assert people_in_database(engine) == 2


def test_absent_column_leaves_a_field_and_an_empty_cell_clears_it(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    send_csv(
        client,
        auth,
        "external_id;name;email;job_title;org_unit_external_id\n"
        "HR-1;Søren;soren@hedensted.dk;Pædagog;BÆRUM\n",
    )
    result = send_csv(client, auth, "external_id;name\nHR-1;Søren\n").json()
    assert outcomes(result) == [(2, "HR-1", "unchanged")]
    result = send_csv(client, auth, "external_id;name;job_title\nHR-1;Søren;\n").json()
    assert outcomes(result) == [(2, "HR-1", "updated")]
    søren = imported(client, auth)["HR-1"]
    assert søren["job_title"] is None
    assert søren["email"] == "soren@hedensted.dk"
    assert søren["org_unit_id"] == units["BÆRUM"]["id"]


def test_the_import_records_and_clears_the_day_someone_left(
    client: TestClient, auth: HeaderFactory
) -> None:
    result = send_csv(
        client,
        auth,
        "external_id;name;left_on\nHR-1;Søren;2026-06-30\nHR-2;Mette;30-06-2026\n"
        "HR-3;Bo;2026-02-30\nHR-4;Åse;\n",
    ).json()
    assert outcomes(result) == [
        (2, "HR-1", "created"),
        (3, "HR-2", "rejected"),
        (4, "HR-3", "rejected"),
        (5, "HR-4", "created"),
    ]
    assert errors_of(result, 3) == errors_of(result, 4) == {"left_on"}
    people = imported(client, auth)
    assert (people["HR-1"]["left_on"], people["HR-4"]["left_on"]) == ("2026-06-30", None)
    bulk = {"people": [{"external_id": "HR-1", "name": "Søren", "left_on": None}]}
    response = client.post(BULK, json=bulk, headers=hr(auth))
    assert outcomes(response.json()) == [(1, "HR-1", "updated")]
    assert imported(client, auth)["HR-1"]["left_on"] is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("external_id;name;telefon\nHR-1;Søren;12345678\n", "telefon"),
        ("external_id;email\nHR-1;soren@hedensted.dk\n", "name"),
        ("name;email\nSøren;soren@hedensted.dk\n", "external_id"),
        ("external_id;name;Name\nHR-1;Søren;Søren\n", "name"),
        ("", "header"),
        (BOM, "header"),
        ("\nHR-1;Søren\n", "header"),
        ("external_id;name;\nHR-1;Søren;\n", "unnamed"),
    ],
)
def test_a_file_with_a_bad_header_is_refused_as_a_whole(
    client: TestClient, auth: HeaderFactory, engine: Engine, text: str, fragment: str
) -> None:
    problem = assert_problem(send_csv(client, auth, text), 422)
    assert fragment in problem["detail"]
    assert problem["errors"]
    assert people_in_database(engine) == 0


def test_a_file_that_is_not_utf8_is_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    windows_1252 = "external_id;name\nHR-1;Søren Ærø Åkjær\n".encode("cp1252")
    problem = assert_problem(send_csv(client, auth, windows_1252), 422)
    assert "UTF-8" in problem["detail"]
    assert people_in_database(engine) == 0


def test_a_file_with_too_many_lines_is_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_import, "MAX_CSV_LINES", 3)
    text = "external_id,name\n" + "".join(f"HR-{n},Person {n}\n" for n in range(4))
    assert_problem(send_csv(client, auth, text), 422)
    assert people_in_database(engine) == 0


def test_an_unexpected_database_error_rejects_only_that_line(
    client: TestClient, auth: HeaderFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    send_csv(client, auth, "external_id,name\nHR-1,Søren\n")
    # As if another request created HR-1 between the checks and the write: the insert of
    # HR-1 breaks the unique constraint inside its savepoint; the other lines still land.
    monkeypatch.setattr(csv_import, "_people_by_external_id", lambda _session, _ids: {})
    text = "external_id,name\nHR-0,Åse\nHR-1,Søren Ærø\nHR-2,Else\n"
    response = send_csv(client, auth, text)
    assert response.status_code == 200, response.text
    result = response.json()
    assert outcomes(result) == [
        (2, "HR-0", "created"),
        (3, "HR-1", "rejected"),
        (4, "HR-2", "created"),
    ]
    assert errors_of(result, 3) == {None}
    people = imported(client, auth)
    assert sorted(people) == ["HR-0", "HR-1", "HR-2"]
    assert people["HR-1"]["name"] == "Søren"


def test_an_import_that_fails_after_writing_leaves_nothing_behind(
    client: TestClient, auth: HeaderFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_summary(**_counts: int) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(csv_import, "ImportSummary", broken_summary)
    response = send_csv(client, auth, "external_id,name\nHR-1,Søren\nHR-2,Else\n")
    assert_problem(response, 500)
    assert people_in_database(engine) == 0


def test_the_same_external_id_in_another_municipality_is_another_person(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    send_csv(client, auth, "external_id,name\nHR-1,Søren\n")
    result = send_csv(client, auth, "external_id,name\nHR-1,Hans\n", tenant=HORSENS).json()
    assert outcomes(result) == [(2, "HR-1", "created")]
    assert imported(client, auth)["HR-1"]["name"] == "Søren"
    assert imported(client, auth, HORSENS)["HR-1"]["name"] == "Hans"


def test_org_unit_of_another_municipality_is_unknown(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    make_unit(client, auth, "Horsens Børn", "forvaltning", tenant=HORSENS, external_id="HB")
    result = send_csv(client, auth, "external_id,name,org_unit_external_id\nHR-1,Bo,HB\n").json()
    assert errors_of(result, 2) == {"org_unit_external_id"}


def test_retried_import_with_the_same_idempotency_key_is_not_applied_twice(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = {**hr(auth), **CSV, "Idempotency-Key": "import-2026-11-24"}
    body = "external_id,name\nHR-1,Søren\n".encode()
    first = client.post(IMPORT, content=body, headers=headers)
    retry = client.post(IMPORT, content=body, headers=headers)
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"


def test_bulk_upserts_with_the_csv_import_rules_and_result(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any]
) -> None:
    writer = auth(HEDENSTED, "integration", scope="people:write", sub="intranet")
    first = {
        "people": [
            {
                "external_id": "HR-1",
                "name": "Søren Ærø Åkjær",
                "email": "soren@hedensted.dk",
                "job_title": "Pædagog",
                "org_unit_external_id": "BÆRUM",
            },
            {"external_id": "HR-2", "name": "Else Østergaard", "org_unit_external_id": "LÆR"},
        ]
    }
    response = client.post(BULK, json=first, headers=writer)
    assert response.status_code == 200, response.text
    assert response.json()["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    second = {
        "people": [
            {"external_id": "HR-1", "name": "Søren Ærø Åkjær"},
            {"external_id": "HR-2", "name": "Else Østergaard", "org_unit_external_id": None},
            {"external_id": "HR-3", "name": "", "email": "ikke en adresse"},
            {"external_id": "HR-4", "name": "Bo", "org_unit_external_id": "UKENDT"},
            {"external_id": "HR-5", "name": "Ny\x00linje"},
            {"external_id": "HR-6", "name": "Åse Ærenlund", "job_title": "  Sosu  "},
        ]
    }
    result = client.post(BULK, json=second, headers=writer).json()
    assert outcomes(result) == [
        (1, "HR-1", "unchanged"),
        (2, "HR-2", "updated"),
        (3, "HR-3", "rejected"),
        (4, "HR-4", "rejected"),
        (5, "HR-5", "rejected"),
        (6, "HR-6", "created"),
    ]
    assert errors_of(result, 3) == {"name", "email"}
    assert errors_of(result, 4) == {"org_unit_external_id"}
    assert errors_of(result, 5) == {"name"}
    people = imported(client, auth)
    assert people["HR-1"]["job_title"] == "Pædagog"
    assert people["HR-1"]["org_unit_id"] == units["BÆRUM"]["id"]
    assert people["HR-2"]["org_unit_id"] is None
    assert people["HR-6"]["job_title"] == "Sosu"
    assert sorted(people) == ["HR-1", "HR-2", "HR-6"]


def test_bulk_refuses_more_than_1000_people_and_malformed_items(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    many = {"people": [{"external_id": f"HR-{n}", "name": "X"} for n in range(1001)]}
    assert_problem(client.post(BULK, json=many, headers=hr(auth)), 422)
    for item in (
        {"name": "Bo"},
        {"external_id": 7, "name": "Bo"},
        {"external_id": "A", "name": "Bo", "phone": "1"},
    ):
        assert_problem(client.post(BULK, json={"people": [item]}, headers=hr(auth)), 422)
    assert people_in_database(engine) == 0
    repeated = {
        "people": [{"external_id": "HR-1", "name": "A"}, {"external_id": "HR-1", "name": "B"}]
    }
    result = client.post(BULK, json=repeated, headers=hr(auth)).json()
    assert [line["outcome"] for line in result["lines"]] == ["rejected", "rejected"]
    assert people_in_database(engine) == 0


def test_import_documents_its_csv_body_in_openapi() -> None:
    document = create_app(make_settings("sqlite://")).openapi()
    operation = document["paths"]["/api/v1/people/import"]["post"]
    assert operation["operationId"] == "import_people_csv"
    schema = operation["requestBody"]["content"]["text/csv"]["schema"]
    assert schema["type"] == "string"
    assert {p["name"] for p in operation["parameters"]} >= {"dry_run"}
    bulk = document["paths"]["/api/v1/people/bulk"]["post"]
    assert bulk["operationId"] == "import_people_bulk"
    assert operation["responses"]["200"] == bulk["responses"]["200"]


# --- batches ---------------------------------------------------------------------------------


@pytest.fixture
def batches_of_three(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "BATCH_SIZE", 3)


def test_lines_on_both_sides_of_a_batch_boundary_are_written_and_reported_in_order(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any], batches_of_three: None
) -> None:
    send_csv(client, auth, "external_id;name;org_unit_external_id\nHR-3;Carl;BÆRUM\nHR-4;Dorte;\n")
    text = (
        "external_id;name;org_unit_external_id\n"
        "HR-1;Anne;BÆRUM\nHR-2;Bo;LÆR\nHR-3;Carl;BÆRUM\n"  # batch 1: created, created, unchanged
        "HR-4;Dorte;LÆR\nHR-5;Erik;BÆRUM\nHR-6;Frida;\n"  # batch 2: updated, created, created
        "HR-7;Gitte;LÆR\n"  # batch 3
    )
    result = send_csv(client, auth, text).json()
    assert outcomes(result) == [
        (2, "HR-1", "created"),
        (3, "HR-2", "created"),
        (4, "HR-3", "unchanged"),
        (5, "HR-4", "updated"),
        (6, "HR-5", "created"),
        (7, "HR-6", "created"),
        (8, "HR-7", "created"),
    ]
    assert result["summary"] == {"created": 5, "updated": 1, "unchanged": 1, "rejected": 0}
    people = imported(client, auth)
    assert {key: people[key]["org_unit_id"] for key in ("HR-1", "HR-4", "HR-5", "HR-6")} == {
        "HR-1": units["BÆRUM"]["id"],
        "HR-4": units["LÆR"]["id"],
        "HR-5": units["BÆRUM"]["id"],
        "HR-6": None,
    }
    assert {line["person_id"] for line in result["lines"]} == {p["id"] for p in people.values()}


def test_an_external_id_repeated_in_a_later_batch_rejects_each_of_its_lines(
    client: TestClient, auth: HeaderFactory, engine: Engine, batches_of_three: None
) -> None:
    text = (
        "external_id,name\nHR-1,Anne\nHR-2,Bo\nHR-3,Carl\nHR-4,Dorte\nHR-1,Anne igen\nHR-5,Erik\n"
    )
    result = send_csv(client, auth, text).json()
    assert outcomes(result) == [
        (2, "HR-1", "rejected"),
        (3, "HR-2", "created"),
        (4, "HR-3", "created"),
        (5, "HR-4", "created"),
        (6, "HR-1", "rejected"),
        (7, "HR-5", "created"),
    ]
    for line in (2, 6):
        assert errors_of(result, line) == {"external_id"}
        entry = next(entry for entry in result["lines"] if entry["line"] == line)
        assert "lines 2, 6" in entry["errors"][0]["message"]
    assert sorted(imported(client, auth)) == ["HR-2", "HR-3", "HR-4", "HR-5"]


def test_a_bad_line_in_the_last_batch_rejects_that_line_only(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any], batches_of_three: None
) -> None:
    text = (
        "external_id,name,org_unit_external_id\n"
        + "".join(f"HR-{n},Person {n},BÆRUM\n" for n in range(1, 7))
        + "HR-7,Gitte,UKENDT\n"
    )
    result = send_csv(client, auth, text).json()
    assert result["summary"] == {"created": 6, "updated": 0, "unchanged": 0, "rejected": 1}
    assert outcomes(result)[-1] == (8, "HR-7", "rejected")
    assert errors_of(result, 8) == {"org_unit_external_id"}
    assert sorted(imported(client, auth)) == [f"HR-{n}" for n in range(1, 7)]


def test_a_database_refusal_in_a_later_batch_rejects_only_that_line(
    client: TestClient,
    auth: HeaderFactory,
    monkeypatch: pytest.MonkeyPatch,
    batches_of_three: None,
) -> None:
    send_csv(client, auth, "external_id,name\nHR-5,Erik\n")
    # HR-5 seems new (as if created by another request meanwhile): the second batch's INSERT
    # breaks the unique constraint, and its lines are written one by one
    monkeypatch.setattr(csv_import, "_people_by_external_id", lambda _session, _ids: {})
    text = "external_id,name\n" + "".join(f"HR-{n},Person {n}\n" for n in (1, 2, 3, 4, 5, 6, 7))
    result = send_csv(client, auth, text).json()
    assert [outcome for _, _, outcome in outcomes(result)] == ["created"] * 4 + [
        "rejected",
        "created",
        "created",
    ]
    assert errors_of(result, 6) == {None}
    people = imported(client, auth)
    assert sorted(people) == [f"HR-{n}" for n in range(1, 8)]
    assert people["HR-5"]["name"] == "Erik"


def test_a_line_too_many_after_whole_batches_refuses_the_file_and_writes_nothing(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    batches_of_three: None,
) -> None:
    monkeypatch.setattr(csv_import, "MAX_CSV_LINES", 7)
    text = "external_id,name\n" + "".join(f"HR-{n},Person {n}\n" for n in range(8))
    problem = assert_problem(send_csv(client, auth, text), 422)
    assert "more than 7 lines" in problem["detail"]
    assert people_in_database(engine) == 0


def test_bytes_that_are_not_utf8_late_in_a_large_file_are_named_and_nothing_is_written(
    client: TestClient, auth: HeaderFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_import, "READ_CHUNK", 5)
    head = "external_id,name\n" + "".join(f"HR-{n},Søren {n}\n" for n in range(2000))
    body = head.encode() + "HR-X,Åse\n".encode("cp1252")
    problem = assert_problem(send_csv(client, auth, body), 422)
    position = len(head.encode()) + len(b"HR-X,") + 1
    assert f"byte {position} cannot be read" in problem["detail"]
    assert people_in_database(engine) == 0


def test_thousands_of_lines_in_default_batches_and_a_streamed_body(
    client: TestClient, auth: HeaderFactory, units: dict[str, Any], engine: Engine
) -> None:
    lines = 2 * csv_import.BATCH_SIZE + 1
    text = "external_id;name;email;org_unit_external_id\r\n" + "".join(
        f"HR-{n};Søren Ærø {n};s{n}@hedensted.dk;{'BÆRUM' if n % 2 else 'LÆR'}\r\n"
        for n in range(lines)
    )
    encoded = text.encode()

    def chunks() -> Any:  # no Content-Length: sent chunked
        for start in range(0, len(encoded), 7_000):
            yield encoded[start : start + 7_000]

    response = client.post(IMPORT, content=chunks(), headers={**hr(auth), **CSV})
    assert response.status_code == 200, response.text
    assert response.json()["summary"]["created"] == lines
    assert people_in_database(engine) == lines
    changed = text.replace(";LÆR\r\n", ";BÆRUM\r\n")
    result = send_csv(client, auth, changed).json()
    assert result["summary"] == {
        "created": 0,
        "updated": csv_import.BATCH_SIZE + 1,  # the even lines
        "unchanged": csv_import.BATCH_SIZE,
        "rejected": 0,
    }
    assert [line["line"] for line in result["lines"]] == list(range(2, lines + 2))


# --- one import at a time ----------------------------------------------------------------------


@pytest.mark.postgres_only
def test_an_import_while_another_runs_in_the_municipality_answers_409_at_once(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Any
) -> None:
    bulk = {"people": [{"external_id": "HR-1", "name": "Bo"}]}
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as running:
        assert try_transaction_lock(running, f"{csv_import.IMPORT_LOCK}:{HEDENSTED}")
        for response in (
            send_csv(client, auth, "external_id,name\nHR-1,Søren\n"),
            send_csv(client, auth, "external_id,name\nHR-1,Søren\n", dry_run=True),
            client.post(BULK, json=bulk, headers=hr(auth)),
        ):
            problem = assert_problem(response, 409)
            assert problem["type"] == "urn:praksis:problem:import-in-progress"
        horsens = send_csv(client, auth, "external_id,name\nHR-1,Søren\n", tenant=HORSENS)
        assert horsens.json()["summary"]["created"] == 1
    assert send_csv(client, auth, "external_id,name\nHR-2,Else\n").status_code == 200
    assert sorted(imported(client, auth)) == ["HR-2"]


def test_import_documents_the_409_of_an_import_in_progress() -> None:
    document = create_app(make_settings("sqlite://")).openapi()
    for path in ("/api/v1/people/import", "/api/v1/people/bulk"):
        conflict = document["paths"][path]["post"]["responses"]["409"]
        assert "import-in-progress" in conflict["description"]
        assert "application/problem+json" in conflict["content"]
