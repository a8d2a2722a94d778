import pytest
from django.core.management import call_command

from .evaluation import QUERIES, evaluate

pytestmark = pytest.mark.django_db


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 60


@pytest.mark.slow
def test_chinese_aware_search_finds_what_trainees_type():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    recall, mrr, misses, _timings = evaluate()
    print(f"\nrecall@10 {recall:.3f}  MRR {mrr:.3f}  misses {misses}")
    assert recall >= 0.95, misses
    assert mrr >= 0.8, (mrr, misses)
