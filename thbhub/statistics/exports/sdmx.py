"""SDMX exports of the dataflow THBHUB:THB(2.0) (see ``structure``).

SDMX-CSV 2.0 and SDMX-ML 2.1 generic data, written with the standard
library so the platform needs no SDMX package at run time; the tests read
both back with the sdmx1 library against the shipped structure.

A suppressed cell has no value and OBS_CONF C; every other cell OBS_CONF F.
A cell that is not known has no value and no OBS_STATUS. The Eurostat flag
of a cell (e p d b) is its OBS_STATUS.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from django.utils import timezone

from thbhub.statistics.cells import SUPPRESSED_FLAG
from thbhub.statistics.exports.structure import (
    AGENCY,
    COMMON,
    CONFIDENTIAL,
    DATAFLOW,
    DIMENSIONS,
    FREE,
    MESSAGE,
    OBS_COMMENT,
    OBS_CONF,
    OBS_STATUS,
    PRIMARY_MEASURE,
    STRUCTURE_ID,
    TIME_DIMENSION,
    VERSION,
)
from thbhub.statistics.standard import Observation

GENERIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
ET.register_namespace("gen", GENERIC)


def _attributes(obs: Observation) -> dict[str, str]:
    attributes = {OBS_CONF: CONFIDENTIAL if obs.flag == SUPPRESSED_FLAG else FREE}
    if obs.flag and obs.flag != SUPPRESSED_FLAG:
        attributes[OBS_STATUS] = obs.flag
    if obs.note:
        attributes[OBS_COMMENT] = obs.note
    return attributes


def _key(obs: Observation) -> dict[str, str]:
    return {dimension: obs.coordinate(column) for column, dimension in DIMENSIONS.items()}


def write_sdmx_csv(observations: Sequence[Observation]) -> bytes:
    """SDMX-CSV 2.0: one row per observation, action I (information)."""
    columns = [
        "STRUCTURE",
        "STRUCTURE_ID",
        "ACTION",
        *DIMENSIONS.values(),
        TIME_DIMENSION,
        PRIMARY_MEASURE,
        OBS_STATUS,
        OBS_CONF,
        OBS_COMMENT,
    ]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for obs in observations:
        writer.writerow(
            {
                "STRUCTURE": "dataflow",
                "STRUCTURE_ID": STRUCTURE_ID,
                "ACTION": "I",
                **_key(obs),
                TIME_DIMENSION: str(obs.year),
                PRIMARY_MEASURE: "" if obs.value is None else str(obs.value),
                **_attributes(obs),
            }
        )
    return buffer.getvalue().encode("utf-8")


def write_sdmx_ml(observations: Sequence[Observation], *, message_id: str) -> bytes:
    """SDMX-ML 2.1 generic data, every dimension at the observation level."""
    root = ET.Element(f"{{{MESSAGE}}}GenericData")
    header = ET.SubElement(root, f"{{{MESSAGE}}}Header")
    ET.SubElement(header, f"{{{MESSAGE}}}ID").text = message_id
    ET.SubElement(header, f"{{{MESSAGE}}}Test").text = "false"
    ET.SubElement(header, f"{{{MESSAGE}}}Prepared").text = (
        timezone.now().replace(microsecond=0).isoformat()
    )
    ET.SubElement(header, f"{{{MESSAGE}}}Sender", {"id": AGENCY})
    structure = ET.SubElement(
        header,
        f"{{{MESSAGE}}}Structure",
        {"structureID": DATAFLOW, "dimensionAtObservation": "AllDimensions"},
    )
    reference = ET.SubElement(structure, f"{{{COMMON}}}Structure")
    ET.SubElement(reference, "Ref", {"agencyID": AGENCY, "id": DATAFLOW, "version": VERSION})
    dataset = ET.SubElement(root, f"{{{MESSAGE}}}DataSet", {"structureRef": DATAFLOW})
    for obs in observations:
        element = ET.SubElement(dataset, f"{{{GENERIC}}}Obs")
        key = ET.SubElement(element, f"{{{GENERIC}}}ObsKey")
        for dimension, code in (*_key(obs).items(), (TIME_DIMENSION, str(obs.year))):
            ET.SubElement(key, f"{{{GENERIC}}}Value", {"id": dimension, "value": code})
        value = "NaN" if obs.value is None else str(obs.value)
        ET.SubElement(element, f"{{{GENERIC}}}ObsValue", {"value": value})
        attributes = ET.SubElement(element, f"{{{GENERIC}}}Attributes")
        for attribute, text in _attributes(obs).items():
            ET.SubElement(attributes, f"{{{GENERIC}}}Value", {"id": attribute, "value": text})
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
