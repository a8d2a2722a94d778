"""The people picker of the HR forms (nomination, substitution): what was typed,
who is chosen and who matches, always through the viewer's scope.

Without JavaScript the form is "search, then pick from the results"; with it,
themes/static/js/person-picker.js turns the same markup into a combobox fed by
``portal:people_search``, which answers with ``person_option`` of each match.
"""

from dataclasses import dataclass, field

from .selectors import PERSON_SEARCH_LIMIT, person_list, person_search


@dataclass
class PersonPicker:
    """One picker's state for its template (portal/_person_picker.html)."""

    name: str
    multiple: bool
    q: str = ""
    chosen: list = field(default_factory=list)
    results: list = field(default_factory=list)
    more: bool = False

    @property
    def searched(self) -> bool:
        return bool(self.q)

    @property
    def chosen_ids(self) -> list[int]:
        return [person.pk for person in self.chosen]


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def person_options(*, viewer, q: str, exclude_user=None) -> tuple[list, bool]:
    """The first matches of ``q`` in the viewer's scope, and whether there are more."""
    found = list(person_search(viewer=viewer, q=q, exclude_user=exclude_user)[
        : PERSON_SEARCH_LIMIT + 1
    ])  # fmt: skip
    return found[:PERSON_SEARCH_LIMIT], len(found) > PERSON_SEARCH_LIMIT


def person_picker(
    *, viewer, data, name: str, multiple: bool = True, exclude_user=None, chosen=None
) -> PersonPicker:
    """The picker for the field ``name`` from request ``data`` (GET or POST): the
    chosen people (ids outside the scope are dropped: the form refuses them) and
    the matches of ``q`` not chosen yet."""
    if chosen is None:
        ids = _ids(data.getlist(name) if hasattr(data, "getlist") else [])
        if not multiple:
            ids = ids[:1]
        chosen = list(
            person_list(viewer=viewer).filter(pk__in=ids).order_by("name", "pk")
            if ids
            else []
        )
    q = " ".join(data.get("q", "").split())[:40]
    results, more = person_options(viewer=viewer, q=q, exclude_user=exclude_user)
    taken = {person.pk for person in chosen}
    return PersonPicker(
        name=name,
        multiple=multiple,
        q=q,
        chosen=chosen,
        results=[person for person in results if person.pk not in taken],
        more=more,
    )


def person_option(person) -> dict:
    """A person as the picker shows them: never the national ID in clear."""
    return {
        "id": person.pk,
        "name": person.name,
        "employee_number": person.employee_number,
        "agency": person.agency.name,
        "job_title": person.job_title,
        "national_id_masked": person.national_id_masked,
    }
