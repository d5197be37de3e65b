"""The SDMX data structure definition of THB Hub's data, built from the code lists.

    python -m thbhub.statistics.exports.structure

writes ``THB_HUB_DSD.xml`` beside this file. The shipped file is generated,
never edited by hand: a test compares it with what this module builds, so
it cannot drift from the code lists. It is an SDMX-ML 2.1 structure message
with the dataflow THBHUB:THB(2.0): one dimension per 6.1 breakdown, REF_AREA
(countries and the NATC SEE regions) and TIME_PERIOD, the measure OBS_VALUE,
and the attributes OBS_STATUS (Eurostat flags), OBS_CONF (C: suppressed by
disclosure control) and OBS_COMMENT (the row's note).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from thbhub.reference.loading import CODELISTS_FILE, COUNTRIES_FILE, parse_codelists, read_csv
from thbhub.statistics.standard import BREAKDOWNS, ISO_DETAIL, NOT_APPLICABLE

AGENCY = "THBHUB"
# 2.0: the SERVICE dimension (code lists version 2) changed the key.
VERSION = "2.0"
DATAFLOW = "THB"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW}({VERSION})"
DSD_FILE = Path(__file__).resolve().parent / "THB_HUB_DSD.xml"

MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
STRUCTURE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# SDMX dimension id of each 6.1 column, in key order.
DIMENSIONS: dict[str, str] = {
    "country": "REF_AREA",
    "measure": "MEASURE",
    **{column: column.upper() for column in BREAKDOWNS},
}
TIME_DIMENSION = "TIME_PERIOD"
PRIMARY_MEASURE = "OBS_VALUE"
OBS_STATUS = "OBS_STATUS"
OBS_CONF = "OBS_CONF"
OBS_COMMENT = "OBS_COMMENT"
CONFIDENTIAL = "C"
KOSOVO = "XK"
# As in thbhub.reference.models.KOSOVO_DESIGNATION_NOTE, untranslated: the
# shipped structure is in English.
KOSOVO_NOTE = (
    "* This designation is without prejudice to positions on status, and is in line "
    "with UNSCR 1244/99 and the ICJ Opinion on the Kosovo declaration of independence."
)
FREE = "F"

CONCEPTS: dict[str, str] = {
    "REF_AREA": "Reporting country or region",
    "MEASURE": "Measure",
    "STATUS": "Victim status",
    "SEX": "Sex",
    "AGE": "Age",
    "CITIZENSHIP": "Citizenship",
    "EXPLOITATION": "Form of exploitation",
    "EXPLOITATION_COUNTRY": "Country of exploitation",
    "IDENTIFIED_IN": "Identified by",
    "SERVICE": "Type of service",
    TIME_DIMENSION: "Reference year",
    PRIMARY_MEASURE: "Observation value",
    OBS_STATUS: "Observation status",
    OBS_CONF: "Confidentiality status",
    OBS_COMMENT: "Note",
}

ET.register_namespace("mes", MESSAGE)
ET.register_namespace("str", STRUCTURE)
ET.register_namespace("com", COMMON)


def _s(tag: str) -> str:
    return f"{{{STRUCTURE}}}{tag}"


def _name(parent: ET.Element, text: str) -> None:
    name = ET.SubElement(parent, f"{{{COMMON}}}Name")
    name.set(XML_LANG, "en")
    name.text = text


def _ref(parent: ET.Element, tag: str, **attributes: str) -> None:
    # Ref is unqualified in SDMX-ML 2.1.
    ET.SubElement(ET.SubElement(parent, _s(tag)), "Ref", attributes)


def _codelist(
    parent: ET.Element, identifier: str, name: str, codes: Iterable[tuple[str, str]]
) -> None:
    codelist = ET.SubElement(
        parent, _s("Codelist"), {"id": identifier, "agencyID": AGENCY, "version": VERSION}
    )
    _name(codelist, name)
    for code, label in codes:
        element = ET.SubElement(codelist, _s("Code"), {"id": code})
        _name(element, label)
        if code == KOSOVO:
            description = ET.SubElement(element, f"{{{COMMON}}}Description")
            description.set(XML_LANG, "en")
            description.text = KOSOVO_NOTE


def codelist_id(dimension: str) -> str:
    return f"CL_{dimension}"


def _code_lists() -> dict[str, list[tuple[str, str]]]:
    # Imported here: they need Django's settings, which main() sets up first.
    from thbhub.statistics.aggregates import REGIONS  # noqa: PLC0415
    from thbhub.statistics.deduplication import MEASURE as DEDUPLICATED  # noqa: PLC0415

    document = parse_codelists(CODELISTS_FILE)
    lists = {
        dimension: [(entry["code"], entry["label"]) for entry in entries]
        for dimension, entries in document["lists"].items()
    }
    countries = [
        (row["code"], "Kosovo*" if row["code"] == "XK" else row["name"])
        for row in read_csv(COUNTRIES_FILE, ["code", "name"])
    ]
    result: dict[str, list[tuple[str, str]]] = {
        "REF_AREA": [*countries, *((code, label) for code, label in REGIONS.items())],
        "MEASURE": [*lists["MEASURE"], (DEDUPLICATED, "Victims in the region, counted once")],
    }
    for column in BREAKDOWNS:
        dimension = column.upper()
        codes = list(lists[dimension])
        if column == "status":
            codes.append((NOT_APPLICABLE, "Not applicable"))
        if column in ISO_DETAIL:
            given = {code for code, _label in codes}
            codes.extend(country for country in countries if country[0] not in given)
        result[dimension] = codes
    result[OBS_STATUS] = lists["FLAG"]
    result[OBS_CONF] = [(FREE, "Free"), (CONFIDENTIAL, "Confidential, suppressed")]
    return result


def _concept_ref(parent: ET.Element, concept: str) -> None:
    _ref(
        parent,
        "ConceptIdentity",
        id=concept,
        maintainableParentID="CS_THB",
        maintainableParentVersion=VERSION,
        agencyID=AGENCY,
        package="conceptscheme",
        **{"class": "Concept"},
    )


def _enumeration(parent: ET.Element, dimension: str) -> None:
    representation = ET.SubElement(parent, _s("LocalRepresentation"))
    _ref(
        representation,
        "Enumeration",
        id=codelist_id(dimension),
        version=VERSION,
        agencyID=AGENCY,
        package="codelist",
        **{"class": "Codelist"},
    )


def build_structure() -> bytes:
    """The structure message, byte for byte as shipped."""
    root = ET.Element(f"{{{MESSAGE}}}Structure")
    header = ET.SubElement(root, f"{{{MESSAGE}}}Header")
    ET.SubElement(header, f"{{{MESSAGE}}}ID").text = "THB_HUB_DSD"
    ET.SubElement(header, f"{{{MESSAGE}}}Test").text = "false"
    # Fixed, so the generated file is the same on every run.
    ET.SubElement(header, f"{{{MESSAGE}}}Prepared").text = "2026-01-01T00:00:00"
    ET.SubElement(header, f"{{{MESSAGE}}}Sender", {"id": AGENCY})
    structures = ET.SubElement(root, f"{{{MESSAGE}}}Structures")

    codelists = ET.SubElement(structures, _s("Codelists"))
    for dimension, codes in _code_lists().items():
        _codelist(codelists, codelist_id(dimension), CONCEPTS[dimension], codes)

    concepts = ET.SubElement(structures, _s("Concepts"))
    scheme = ET.SubElement(
        concepts, _s("ConceptScheme"), {"id": "CS_THB", "agencyID": AGENCY, "version": VERSION}
    )
    _name(scheme, "Concepts of the THB Hub statistics")
    for concept, label in CONCEPTS.items():
        _name(ET.SubElement(scheme, _s("Concept"), {"id": concept}), label)

    dsds = ET.SubElement(structures, _s("DataStructures"))
    dsd = ET.SubElement(
        dsds, _s("DataStructure"), {"id": DATAFLOW, "agencyID": AGENCY, "version": VERSION}
    )
    _name(dsd, "Trafficking in human beings, THB Hub standard 6.1")
    components = ET.SubElement(dsd, _s("DataStructureComponents"))
    dimensions = ET.SubElement(components, _s("DimensionList"), {"id": "DimensionDescriptor"})
    for position, dimension in enumerate(DIMENSIONS.values(), start=1):
        element = ET.SubElement(
            dimensions, _s("Dimension"), {"id": dimension, "position": str(position)}
        )
        _concept_ref(element, dimension)
        _enumeration(element, dimension)
    time = ET.SubElement(
        dimensions,
        _s("TimeDimension"),
        {"id": TIME_DIMENSION, "position": str(len(DIMENSIONS) + 1)},
    )
    _concept_ref(time, TIME_DIMENSION)
    ET.SubElement(
        ET.SubElement(time, _s("LocalRepresentation")),
        _s("TextFormat"),
        {"textType": "ObservationalTimePeriod"},
    )
    attributes = ET.SubElement(components, _s("AttributeList"), {"id": "AttributeDescriptor"})
    for attribute in (OBS_STATUS, OBS_CONF, OBS_COMMENT):
        element = ET.SubElement(
            attributes, _s("Attribute"), {"id": attribute, "assignmentStatus": "Conditional"}
        )
        _concept_ref(element, attribute)
        if attribute == OBS_COMMENT:
            ET.SubElement(
                ET.SubElement(element, _s("LocalRepresentation")),
                _s("TextFormat"),
                {"textType": "String"},
            )
        else:
            _enumeration(element, attribute)
        relationship = ET.SubElement(element, _s("AttributeRelationship"))
        ET.SubElement(
            ET.SubElement(relationship, _s("PrimaryMeasure")), "Ref", {"id": PRIMARY_MEASURE}
        )
    measures = ET.SubElement(components, _s("MeasureList"), {"id": "MeasureDescriptor"})
    primary = ET.SubElement(measures, _s("PrimaryMeasure"), {"id": PRIMARY_MEASURE})
    _concept_ref(primary, PRIMARY_MEASURE)

    flows = ET.SubElement(structures, _s("Dataflows"))
    flow = ET.SubElement(
        flows, _s("Dataflow"), {"id": DATAFLOW, "agencyID": AGENCY, "version": VERSION}
    )
    _name(flow, "Trafficking in human beings (NATC SEE)")
    _ref(
        flow,
        "Structure",
        id=DATAFLOW,
        agencyID=AGENCY,
        version=VERSION,
        package="datastructure",
        **{"class": "DataStructure"},
    )
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def main() -> None:
    import django  # noqa: PLC0415 — only the command line needs the setup

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thbhub.config.settings")
    django.setup()
    DSD_FILE.write_bytes(build_structure())


if __name__ == "__main__":
    main()
