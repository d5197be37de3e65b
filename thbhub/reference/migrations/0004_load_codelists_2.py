"""Load version 2 of the code lists (the SERVICE list) and make it current."""

from django.db import migrations


def load(apps, schema_editor):
    from thbhub.reference import loading

    loading.load_codelists(
        apps.get_model("reference", "CodeListVersion"),
        apps.get_model("reference", "Code"),
        loading.CODELISTS_FILE,
    )


def unload(apps, schema_editor):
    version_model = apps.get_model("reference", "CodeListVersion")
    version_model.objects.filter(version="2").delete()
    version_model.objects.filter(version="1").update(is_current=True)


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_code_list_service_dimension")]
    operations = [migrations.RunPython(load, unload)]
