"""The JSON Schemas of the file formats: the one definition used for validation and by editors."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import fastjsonschema

NAMES = ("member", "practice", "domain", "glossary")


def schema_text(name: str) -> str:
    """The schema's JSON text, as published."""
    return resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def validator(name: str):
    """A compiled ``jsonschema.Draft202012Validator`` for one of NAMES; imported when first needed, since most
    builds have no invalid file to explain."""
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(schema_text(name)))


@cache
def fast_check(name: str):
    """A compiled check that only says valid or not, ten times faster than ``validator``.

    Most files are valid; only those it rejects go through ``validator`` for explained problems.
    """
    compiled = fastjsonschema.compile(json.loads(schema_text(name)))

    def is_valid(data: object) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid
