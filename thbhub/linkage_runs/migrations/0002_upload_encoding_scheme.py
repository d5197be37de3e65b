from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("linkage_runs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="encodingupload",
            name="scheme",
            # Every file uploaded before this column existed was of scheme 1.
            field=models.CharField(default="1", max_length=8, verbose_name="encoding scheme"),
            preserve_default=False,
        ),
    ]
