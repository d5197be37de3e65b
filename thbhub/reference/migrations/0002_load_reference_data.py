"""Load the shipped countries, code lists (version 1) and population."""

from django.db import migrations


def load(apps, schema_editor):
    from thbhub.reference import loading

    loading.load_countries(apps.get_model("reference", "Country"))
    loading.load_codelists(
        apps.get_model("reference", "CodeListVersion"),
        apps.get_model("reference", "Code"),
        loading.CODELISTS_V1_FILE,
    )
    loading.load_population(apps.get_model("reference", "Population"))


def unload(apps, schema_editor):
    apps.get_model("reference", "Population").objects.all().delete()
    apps.get_model("reference", "Code").objects.all().delete()
    apps.get_model("reference", "CodeListVersion").objects.all().delete()
    apps.get_model("reference", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
