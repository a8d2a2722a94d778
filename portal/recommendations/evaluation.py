"""Offline evaluation: hide each trainee's latest enrolments, recommend, compare.

The hold-out is a time split: the engine is built as of ``as_of`` (it sees only
enrolments in sessions that started before), and each trainee's truth is the
courses they were selected for in the following ``holdout_days`` that they had
not taken before. Both the engine and the popularity baseline recommend only
courses bookable in that window, so neither can be credited for a course that
was not on offer.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from portal.enrolment.models import Enrolment, EnrolmentStatus

from .engine import TOP_N, Engine, popularity_baseline


@dataclass
class Scores:
    precision: float
    recall: float
    coverage: float
    hit_rate: float


@dataclass
class Evaluation:
    as_of: datetime.date
    until: datetime.date
    trainees: int
    bookable: int
    k: int
    engine: Scores
    baseline: Scores


def holdout_truth(*, as_of, until) -> dict:
    """user id -> courses selected in sessions starting in [as_of, until)."""
    truth = defaultdict(set)
    for user_id, course_id in (
        Enrolment.objects.filter(
            status=EnrolmentStatus.SELECTED,
            session__start_date__gte=as_of,
            session__start_date__lt=until,
        )
        .values_list("user_id", "session__course_id")
        .iterator(chunk_size=20000)
    ):
        truth[user_id].add(course_id)
    return truth


def evaluate(*, as_of=None, holdout_days=365, k=TOP_N, sample=None, seed=1):
    as_of = as_of or timezone.localdate() - datetime.timedelta(days=holdout_days)
    until = as_of + datetime.timedelta(days=holdout_days)
    truth = holdout_truth(as_of=as_of, until=until)
    engine = Engine(as_of=as_of, horizon_days=holdout_days)
    users = sorted(truth)
    if sample and sample < len(users):
        users = sorted(random.Random(seed).sample(users, sample))
    totals = {
        name: {"precision": 0.0, "recall": 0.0, "hits": 0, "seen": set()}
        for name in ("engine", "baseline")
    }
    evaluated = 0
    for start in range(0, len(users), 2000):
        for user_id, trainee in engine.trainees(users[start : start + 2000]).items():
            new = truth[user_id] - trainee.taken
            if not new:
                continue  # only retakes in the window: nothing new to find
            evaluated += 1
            lists = {
                "engine": [r.course_id for r in engine.recommend(trainee, n=k)],
                "baseline": popularity_baseline(engine, trainee, n=k),
            }
            for name, recommended in lists.items():
                hits = len(new.intersection(recommended))
                total = totals[name]
                total["precision"] += hits / k
                total["recall"] += hits / len(new)
                total["hits"] += hits > 0
                total["seen"].update(recommended)

    def scores(total):
        n = evaluated or 1
        return Scores(
            precision=total["precision"] / n,
            recall=total["recall"] / n,
            coverage=len(total["seen"]) / (len(engine.bookable) or 1),
            hit_rate=total["hits"] / n,
        )

    return Evaluation(
        as_of=as_of,
        until=until,
        trainees=evaluated,
        bookable=len(engine.bookable),
        k=k,
        engine=scores(totals["engine"]),
        baseline=scores(totals["baseline"]),
    )


def report(evaluation: Evaluation) -> str:
    k = evaluation.k
    rows = [
        f"History before {evaluation.as_of}; held out: new courses taken from "
        f"{evaluation.as_of} to {evaluation.until}.",
        f"Trainees evaluated: {evaluation.trainees:,}; bookable courses: "
        f"{evaluation.bookable:,}.",
        "",
        f"{'method':<12} {f'precision@{k}':>13} {f'recall@{k}':>10} "
        f"{'coverage':>9} {f'hit rate@{k}':>12}",
    ]
    for name, scores in (
        ("engine", evaluation.engine),
        ("popularity", evaluation.baseline),
    ):
        rows.append(
            f"{name:<12} {scores.precision:>13.4f} {scores.recall:>10.4f} "
            f"{scores.coverage:>9.1%} {scores.hit_rate:>12.1%}"
        )
    base = evaluation.baseline.recall
    ratio = evaluation.engine.recall / base if base else float("inf")
    rows.append(f"\nrecall@{k}: engine / popularity = {ratio:.2f}×")
    return "\n".join(rows)
