"""How people are named on every face: one rule for lists, mails, exports and the API."""


def display_name(user) -> str:
    """The profile's name; for a user without one, their full name or username."""
    person = getattr(user, "person", None)
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()


def person_label(person, *, with_national_id: bool = False) -> str:
    """A person to pick from a list: 王小明（資訊局）, or 王小明（資訊局，A*******89）."""
    if with_national_id:
        return (
            f"{person.name}（{person.agency.name}，{person.national_id_masked or '—'}）"
        )
    return f"{person.name}（{person.agency.name}）"
