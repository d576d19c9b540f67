from datetime import timedelta

from django.db import migrations


def fill(apps, schema_editor):
    """Every learner's study days from their logs (what progress.study_days keeps after)."""
    User = apps.get_model("accounts", "User")
    StudyDay = apps.get_model("progress", "StudyDay")
    ReviewLog = apps.get_model("progress", "ReviewLog")
    AttemptQuestion = apps.get_model("quizzes", "AttemptQuestion")
    StudiedLesson = apps.get_model("studyguide", "StudiedLesson")
    for user_id in User.objects.values_list("pk", flat=True).iterator():
        days = set(ReviewLog.objects.filter(user_id=user_id).dates("reviewed_at", "day"))
        days.update(
            AttemptQuestion.objects.filter(
                attempt__user_id=user_id, answered_at__isnull=False
            ).dates("answered_at", "day")
        )
        days.update(StudiedLesson.objects.filter(user_id=user_id).dates("studied_at", "day"))
        rows, previous, streak = [], None, 0
        for day in sorted(days):
            streak = streak + 1 if previous is not None and day - previous == timedelta(1) else 1
            rows.append(StudyDay(user_id=user_id, day=day, streak=streak))
            previous = day
        StudyDay.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_study_days"),
        ("quizzes", "0002_attempt_score_checks"),
        ("studyguide", "0002_content_rules_exam_weight_question_style"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
