import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_fill_task_agency_and_case_open")]

    operations = [
        migrations.AlterField(
            model_name="casetask",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.institution",
            ),
        ),
    ]
