import pytest

from portal.fees.templatetags.fees_tags import ntd


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(31325, "NT$31,325"), (800, "NT$800"), (0, "NT$0"), (1234567, "NT$1,234,567")],
)
def test_amounts_are_grouped_as_taiwan_writes_them(amount, shown):
    assert ntd(amount) == shown


def test_no_amount_shows_nothing():
    assert ntd(None) == ""
