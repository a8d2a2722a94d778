"""Answers stored before the pool existed were written in the transaction of
their respondent: copy them under new random keys, in a shuffled order, in this
migration's transaction, and delete the originals. On PostgreSQL the old row
versions stay on disk until VACUUM; run VACUUM (FULL) on surveys_response and
surveys_answer after upgrading."""

import random
import uuid

from django.db import migrations


def reshuffle(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    rng = random.SystemRandom()
    questionnaire_ids = (
        Response.objects.values_list("questionnaire_id", flat=True)
        .distinct()
        .order_by()
    )
    for questionnaire_id in list(questionnaire_ids):
        old = list(
            Response.objects.filter(questionnaire_id=questionnaire_id).values_list(
                "pk", "submitted_on"
            )
        )
        answers = {}
        for row in Answer.objects.filter(
            response__questionnaire_id=questionnaire_id
        ).values_list("response_id", "question_id", "lecturer_id", "value", "text"):
            answers.setdefault(row[0], []).append(row[1:])
        rng.shuffle(old)
        new_responses, new_answers = [], []
        for pk, submitted_on in old:
            response = Response(
                id=uuid.uuid4(),
                questionnaire_id=questionnaire_id,
                submitted_on=submitted_on,
            )
            new_responses.append(response)
            new_answers += [
                Answer(
                    response=response,
                    question_id=question_id,
                    lecturer_id=lecturer_id,
                    value=value,
                    text=text,
                )
                for question_id, lecturer_id, value, text in answers.get(pk, [])
            ]
        Answer.objects.filter(response__questionnaire_id=questionnaire_id).delete()
        Response.objects.filter(questionnaire_id=questionnaire_id).delete()
        rng.shuffle(new_answers)
        Response.objects.bulk_create(new_responses, batch_size=500)
        Answer.objects.bulk_create(new_answers, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_pending_pool")]

    operations = [migrations.RunPython(reshuffle, migrations.RunPython.noop)]
