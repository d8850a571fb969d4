"""Learning groups and buddy pairs: Hedensted's læringsgrupper (4–6) and "buddys"."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.cohorts.helpers import (
    add_people,
    add_person,
    cohort_with_participants,
    create_cohort,
    create_group,
    create_pair,
    enrol_approved,
    hr,
    nominate,
)
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory


def groups_url(cohort_id: str) -> str:
    return f"/api/v1/cohorts/{cohort_id}/learning-groups"


def pairs_url(cohort_id: str) -> str:
    return f"/api/v1/cohorts/{cohort_id}/buddy-pairs"


def post_group(
    client: TestClient, auth: HeaderFactory, cohort_id: str, members: list[str], name: str = "G"
) -> Any:
    return client.post(
        groups_url(cohort_id), json={"name": name, "member_ids": members}, headers=hr(auth)
    )


def post_pair(client: TestClient, auth: HeaderFactory, cohort_id: str, a: str, b: str) -> Any:
    return client.post(pairs_url(cohort_id), json={"person_ids": [a, b]}, headers=hr(auth))


def groups(client: TestClient, auth: HeaderFactory, cohort_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(groups_url(cohort_id), headers=hr(auth)).json()[
        "items"
    ]
    return items


def pairs(client: TestClient, auth: HeaderFactory, cohort_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(pairs_url(cohort_id), headers=hr(auth)).json()["items"]
    return items


# --- learning groups --------------------------------------------------------------------------


def test_hr_admin_forms_a_learning_group_everyone_can_read(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 5)
    response = post_group(client, auth, cohort_id, people, name="Læringsgruppe Æblehaven")
    assert response.status_code == 201, response.text
    group = response.json()
    assert response.headers["location"] == f"{groups_url(cohort_id)}/{group['id']}"
    assert group["name"] == "Læringsgruppe Æblehaven"
    assert group["member_ids"] == sorted(people)
    assert group["cohort_id"] == cohort_id
    as_participant = auth(HEDENSTED, "participant")
    item = client.get(f"{groups_url(cohort_id)}/{group['id']}", headers=as_participant)
    assert item.json() == group
    assert client.get(groups_url(cohort_id), headers=as_participant).json()["items"] == [group]


@pytest.mark.parametrize(("size", "accepted"), [(3, False), (4, True), (6, True), (7, False)])
def test_learning_group_needs_four_to_six_members(
    client: TestClient, auth: HeaderFactory, size: int, accepted: bool
) -> None:
    # Hedensted: "I læringsgruppen (4-6 deltagere) er deltagerne gensidigt forpligtede".
    _programme, cohort_id, people = cohort_with_participants(client, auth, 7)
    response = post_group(client, auth, cohort_id, people[:size])
    assert response.status_code == (201 if accepted else 422), response.text
    assert len(groups(client, auth, cohort_id)) == (1 if accepted else 0)


def test_a_member_listed_twice_does_not_make_up_the_four(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    response = post_group(client, auth, cohort_id, [*people[:3], people[0]])
    assert response.status_code == 422
    assert groups(client, auth, cohort_id) == []


def test_learning_group_members_are_approved_participants_of_the_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, cohort_id, people = cohort_with_participants(client, auth, 3)
    only_nominated = add_person(client, "Kun indstillet")
    nominate(client, auth, programme_id, only_nominated, cohort_id=cohort_id)
    other_cohort = create_cohort(client, auth, programme_id, name="Hold 2")["id"]
    elsewhere = add_person(client, "Andet hold")
    enrol_approved(client, auth, programme_id, other_cohort, [elsewhere])
    foreign = add_person(client, "Horsens", tenant=HORSENS)
    for outsider in (only_nominated, elsewhere, foreign):
        response = post_group(client, auth, cohort_id, [*people, outsider])
        assert response.status_code == 422, response.text
        assert outsider in response.json()["detail"]
    assert groups(client, auth, cohort_id) == []


def test_nobody_is_in_two_learning_groups_of_a_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 8)
    first = create_group(client, auth, cohort_id, people[:4], "Gruppe 1")
    response = post_group(client, auth, cohort_id, people[3:8], name="Gruppe 2")
    assert response.status_code == 409
    assert people[3] in response.json()["detail"]
    assert [g["id"] for g in groups(client, auth, cohort_id)] == [first["id"]]
    second = create_group(client, auth, cohort_id, people[4:8], "Gruppe 2")
    moved = client.patch(
        f"{groups_url(cohort_id)}/{second['id']}",
        json={"member_ids": [people[0], *people[5:8]]},
        headers=hr(auth),
    )
    assert moved.status_code == 409
    assert groups(client, auth, cohort_id)[1]["member_ids"] == sorted(people[4:8])


def test_learning_group_names_are_unique_in_a_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 8)
    create_group(client, auth, cohort_id, people[:4], "Gruppe 1")
    assert post_group(client, auth, cohort_id, people[4:], name="Gruppe 1").status_code == 409


def test_replacing_members_drops_buddy_pairs_that_no_longer_fit(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 7)
    a, b, c, d, e, f, g = people
    group = create_group(client, auth, cohort_id, [a, b, c, d, e], "Gruppe 1")
    kept = create_pair(client, auth, cohort_id, a, b)
    create_pair(client, auth, cohort_id, c, d)
    response = client.patch(
        f"{groups_url(cohort_id)}/{group['id']}",
        json={"member_ids": [a, b, c, f, g], "name": "Gruppe Ø"},
        headers=hr(auth),
    )
    assert response.status_code == 200, response.text
    assert response.json()["member_ids"] == sorted([a, b, c, f, g])
    assert response.json()["name"] == "Gruppe Ø"
    assert pairs(client, auth, cohort_id) == [kept]
    # c lost their buddy and can pair again
    assert post_pair(client, auth, cohort_id, c, f).status_code == 201


def test_deleting_a_learning_group_removes_its_members_and_buddy_pairs(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    group = create_group(client, auth, cohort_id, people, "Gruppe 1")
    create_pair(client, auth, cohort_id, people[0], people[1])
    item = f"{groups_url(cohort_id)}/{group['id']}"
    assert client.delete(item, headers=auth(HEDENSTED, "leader")).status_code == 403
    assert client.delete(item, headers=hr(auth)).status_code == 204
    assert client.get(item, headers=hr(auth)).status_code == 404
    assert pairs(client, auth, cohort_id) == []
    assert post_group(client, auth, cohort_id, people).status_code == 201


def test_learning_group_is_found_only_under_its_own_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, cohort_id, people = cohort_with_participants(client, auth, 4)
    group = create_group(client, auth, cohort_id, people, "Gruppe 1")
    other = create_cohort(client, auth, programme_id, name="Hold 2")["id"]
    wrong = f"{groups_url(other)}/{group['id']}"
    assert client.get(wrong, headers=hr(auth)).status_code == 404
    assert client.patch(wrong, json={"name": "x"}, headers=hr(auth)).status_code == 404
    assert client.delete(wrong, headers=hr(auth)).status_code == 404
    assert groups(client, auth, cohort_id) == [group]


def test_groups_of_a_closed_cohort_do_not_change(client: TestClient, auth: HeaderFactory) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 8)
    group = create_group(client, auth, cohort_id, people[:4], "Gruppe 1")
    client.patch(f"/api/v1/cohorts/{cohort_id}", json={"status": "cancelled"}, headers=hr(auth))
    assert post_group(client, auth, cohort_id, people[4:]).status_code == 409
    item = f"{groups_url(cohort_id)}/{group['id']}"
    assert client.patch(item, json={"name": "Ny"}, headers=hr(auth)).status_code == 409
    assert client.delete(item, headers=hr(auth)).status_code == 409
    assert post_pair(client, auth, cohort_id, people[0], people[1]).status_code == 409
    assert groups(client, auth, cohort_id) == [group]


# --- buddy pairs ------------------------------------------------------------------------------


def test_buddies_pair_up_inside_their_learning_group(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    group = create_group(client, auth, cohort_id, people, "Gruppe 1")
    response = post_pair(client, auth, cohort_id, people[0], people[1])
    assert response.status_code == 201, response.text
    pair = response.json()
    assert pair["group_id"] == group["id"]
    assert pair["cohort_id"] == cohort_id
    assert pair["person_ids"] == [people[0], people[1]]
    assert response.headers["location"] == f"{pairs_url(cohort_id)}/{pair['id']}"
    item = client.get(f"{pairs_url(cohort_id)}/{pair['id']}", headers=auth(HEDENSTED, "leader"))
    assert item.json() == pair
    assert pairs(client, auth, cohort_id) == [pair]
    assert (
        client.delete(f"{pairs_url(cohort_id)}/{pair['id']}", headers=hr(auth)).status_code == 204
    )
    assert pairs(client, auth, cohort_id) == []


def test_buddies_must_share_a_learning_group(client: TestClient, auth: HeaderFactory) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 9)
    create_group(client, auth, cohort_id, people[:4], "Gruppe 1")
    create_group(client, auth, cohort_id, people[4:8], "Gruppe 2")
    no_group = people[8]
    for a, b in ((people[0], people[4]), (people[0], no_group), (no_group, people[5])):
        response = post_pair(client, auth, cohort_id, a, b)
        assert response.status_code == 422, response.text
        assert "same learning group" in response.json()["detail"]
    assert pairs(client, auth, cohort_id) == []


def test_a_buddy_pair_is_two_different_people(client: TestClient, auth: HeaderFactory) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 4)
    create_group(client, auth, cohort_id, people, "Gruppe 1")
    assert post_pair(client, auth, cohort_id, people[0], people[0]).status_code == 422
    three = {"person_ids": people[:3]}
    assert client.post(pairs_url(cohort_id), json=three, headers=hr(auth)).status_code == 422
    assert pairs(client, auth, cohort_id) == []


def test_nobody_is_in_two_buddy_pairs(client: TestClient, auth: HeaderFactory) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 6)
    a, b, c, d, _e, _f = people
    create_group(client, auth, cohort_id, people, "Gruppe 1")
    first = create_pair(client, auth, cohort_id, a, b)
    for pair in ((a, c), (c, b), (b, a)):
        response = post_pair(client, auth, cohort_id, *pair)
        assert response.status_code == 409, response.text
        assert "two buddy pairs" in response.json()["detail"]
    assert pairs(client, auth, cohort_id) == [first]
    assert post_pair(client, auth, cohort_id, c, d).status_code == 201


def test_buddy_pair_is_found_only_under_its_own_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, cohort_id, people = cohort_with_participants(client, auth, 4)
    create_group(client, auth, cohort_id, people, "Gruppe 1")
    pair = create_pair(client, auth, cohort_id, people[0], people[1])
    other = create_cohort(client, auth, programme_id, name="Hold 2")["id"]
    assert client.get(f"{pairs_url(other)}/{pair['id']}", headers=hr(auth)).status_code == 404
    assert client.delete(f"{pairs_url(other)}/{pair['id']}", headers=hr(auth)).status_code == 404
    assert pairs(client, auth, cohort_id) == [pair]


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_only_hr_admin_forms_groups_and_pairs(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 8)
    group = create_group(client, auth, cohort_id, people[:4], "Gruppe 1")
    pair = create_pair(client, auth, cohort_id, people[0], people[1])
    headers = auth(HEDENSTED, role)
    body = {"name": "Gruppe 2", "member_ids": people[4:]}
    group_item = f"{groups_url(cohort_id)}/{group['id']}"
    pair_item = f"{pairs_url(cohort_id)}/{pair['id']}"
    refused = [
        client.post(groups_url(cohort_id), json=body, headers=headers),
        client.patch(group_item, json={"name": "Ny"}, headers=headers),
        client.delete(group_item, headers=headers),
        client.post(pairs_url(cohort_id), json={"person_ids": people[2:4]}, headers=headers),
        client.delete(pair_item, headers=headers),
    ]
    assert [r.status_code for r in refused] == [403] * 5
    assert client.get(group_item, headers=headers).status_code == 200
    assert client.get(pair_item, headers=headers).status_code == 200
    assert groups(client, auth, cohort_id) == [group]
    assert pairs(client, auth, cohort_id) == [pair]


def test_lists_of_a_missing_cohort_are_not_found(client: TestClient, auth: HeaderFactory) -> None:
    missing = "01a20da9-9150-7f07-bada-fea0aca9ac24"
    assert client.get(groups_url(missing), headers=hr(auth)).status_code == 404
    assert client.get(pairs_url(missing), headers=hr(auth)).status_code == 404
    people = add_people(client, 4)
    assert post_group(client, auth, missing, people).status_code == 404


def test_withdrawing_leaves_the_learning_group_and_buddy_pair(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, people = cohort_with_participants(client, auth, 5)
    group = create_group(client, auth, cohort_id, people, "Gruppe 1")
    create_pair(client, auth, cohort_id, people[0], people[1])
    enrolments = client.get(
        "/api/v1/enrolments", params={"cohort_id": cohort_id}, headers=hr(auth)
    ).json()["items"]
    leaving = next(e for e in enrolments if e["person_id"] == people[0])
    response = client.post(
        f"/api/v1/enrolments/{leaving['id']}/withdraw", json={}, headers=hr(auth)
    )
    assert response.status_code == 200, response.text
    members = client.get(f"{groups_url(cohort_id)}/{group['id']}", headers=hr(auth)).json()
    assert members["member_ids"] == sorted(people[1:])
    assert pairs(client, auth, cohort_id) == []
