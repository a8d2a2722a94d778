import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.recommendations.evaluation import evaluate
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db


def _selected(person, session):
    Enrolment.objects.create(
        session=session,
        user=person.user,
        agency=person.agency,
        status=EnrolmentStatus.SELECTED,
    )


@pytest.fixture
def history(catalog):
    """Before the cut: many took A then B; popular P by others. After: the
    trainees take B (or P); the engine should find B, popularity finds P."""
    agencies = make_agencies()
    today = timezone.localdate()
    as_of = today - datetime.timedelta(days=365)
    early = as_of - datetime.timedelta(days=200)
    a = make_course(catalog, title="Python 程式設計入門班")
    b = make_course(catalog, title="資料分析與視覺化實務班")
    popular = make_course(catalog, title="紓壓與正念練習班")
    a_old = make_session(a, start=early)
    b_old = make_session(b, start=early)
    p_old = make_session(popular, start=early)
    b_new = make_session(b, start=as_of + datetime.timedelta(days=30))
    p_new = make_session(popular, start=as_of + datetime.timedelta(days=30))
    for i in range(3):
        mentor = make_person(f"m{i}", agencies["it_unit"])
        _selected(mentor, a_old)
        _selected(mentor, b_old)
    for i in range(6):
        _selected(make_person(f"p{i}", agencies["edu"]), p_old)
    learners = [make_person(f"l{i}", agencies["it_unit"]) for i in range(2)]
    for learner in learners:
        _selected(learner, a_old)
        _selected(learner, b_new)  # the hidden truth
    wanderer = make_person("w", agencies["edu"])
    _selected(wanderer, p_new)  # cold start; popularity gets it right
    return {"as_of": as_of, "a": a, "b": b, "popular": popular}


def test_evaluation_scores_engine_and_baseline_on_hidden_enrolments(history):
    result = evaluate(as_of=history["as_of"], k=1)
    assert result.trainees == 3  # two learners and the wanderer
    assert result.bookable == 2  # B and P had sessions in the window
    # Learners: the engine ranks B first (also taken by colleagues); popularity P.
    # Wanderer: no history, both fall back to P.
    assert result.engine.recall == pytest.approx(1.0)
    assert result.baseline.recall == pytest.approx(1 / 3)
    assert result.engine.precision == pytest.approx(1.0)
    assert result.engine.coverage == pytest.approx(1.0)
    assert result.baseline.coverage == pytest.approx(0.5)


def test_evaluate_command_prints_both_methods_side_by_side(history):
    from io import StringIO

    out = StringIO()
    call_command("recommendations_evaluate", as_of=history["as_of"], k=1, stdout=out)
    text = out.getvalue()
    assert "precision@1" in text and "recall@1" in text and "coverage" in text
    engine_line = next(line for line in text.splitlines() if line.startswith("engine"))
    popularity_line = next(
        line for line in text.splitlines() if line.startswith("popularity")
    )
    assert engine_line.split()[1:3] == ["1.0000", "1.0000"]
    assert popularity_line.split()[2] == "0.3333"
    assert "3.00×" in text
