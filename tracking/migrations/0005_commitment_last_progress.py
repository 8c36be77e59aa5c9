from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def fill_last_progress(apps, schema_editor):
    """Commitments with updates take the time of their latest one."""
    Commitment = apps.get_model("commitments", "Commitment")
    ProgressUpdate = apps.get_model("tracking", "ProgressUpdate")
    latest = (
        ProgressUpdate.objects.filter(commitment=OuterRef("pk"))
        .values("commitment")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    Commitment.objects.update(last_progress_at=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0004_progress_update_append_only"),
        ("commitments", "0003_goalposts_search_progress"),
    ]

    operations = [
        migrations.RunPython(fill_last_progress, migrations.RunPython.noop),
    ]
