"""Every public function and class has a numpydoc ``Examples`` section with a doctest.

The doctests themselves run through ``--doctest-modules``; this test only checks that they
exist. Exception classes of :mod:`warindicators.errors` are exempt: the module docstring
holds their example.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

MODULES = (
    "warindicators",
    "warindicators.analysis",
    "warindicators.analysis.changepoints",
    "warindicators.analysis.trend",
    "warindicators.reports",
    "warindicators.sources.registry",
    "warindicators.indicators",
    "warindicators.regions",
    "warindicators.store",
    "warindicators.fetch",
)

_EXAMPLES = re.compile(r"^Examples\n-{8,}\n(?P<body>.*?)(?=^\S[^\n]*\n-{3,}\n|\Z)", re.M | re.S)


def _public_objects() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == "warindicators.errors"
            ):
                continue
            out.append((f"{modname}.{name}", obj))
    return out


def _has_examples(doc: str) -> bool:
    return any(
        any(line.lstrip().startswith(">>>") for line in m.group("body").splitlines())
        for m in _EXAMPLES.finditer(doc)
    )


_OBJECTS = _public_objects()


def test_objects_found() -> None:
    names = {name for name, _ in _OBJECTS}
    assert "warindicators.reports.build_report" in names
    assert "warindicators.analysis.trend.TheilSen" in names
    assert not any(name.startswith("warindicators.errors.") for name in names)


@pytest.mark.parametrize(("name", "obj"), _OBJECTS, ids=[name for name, _ in _OBJECTS])
def test_public_object_has_examples(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert _has_examples(doc), f"{name}: docstring needs an 'Examples' section with '>>>' lines"


def test_has_examples_helper() -> None:
    doc = "Summary.\n\nExamples\n--------\n>>> 1 + 1\n2\n"
    assert _has_examples(doc)
    assert not _has_examples("Summary.\n\nExamples\n--------\nSee the guide.\n")
    assert not _has_examples("Summary.\n\n>>> 1 + 1\n2\n")
    assert not _has_examples(
        "Summary.\n\nExamples\n--------\nNone here.\n\nNotes\n-----\n>>> 1 + 1\n2\n"
    )
