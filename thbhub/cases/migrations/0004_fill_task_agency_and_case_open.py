"""Copy each task's case agency and open state onto the task (data only)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    case_model = apps.get_model("cases", "Case")
    task_model = apps.get_model("cases", "CaseTask")
    cases = case_model.objects.filter(pk=OuterRef("case_id"))
    task_model.objects.update(agency_id=Subquery(cases.values("agency_id")[:1]))
    task_model.objects.filter(case__closed_on__isnull=False).update(case_open=False)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_task_agency_and_case_open")]

    # Going back drops the columns in 0003, so nothing has to be undone here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
