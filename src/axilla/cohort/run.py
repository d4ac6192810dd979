"""Extraction from a manifest file to ``features.parquet`` + ``failures.csv`` +
``warnings.csv`` + provenance."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from axilla.cohort.extract import CohortFeatures, extract_cohort
from axilla.io import cases, raise_if_any, read_manifest, repeated_images
from axilla.provenance import versions

DEFAULT_PARAMS = {"imageType": {"Original": {}}, "setting": {"binWidth": 25}}


def extract_manifest(manifest, params, output, *, workers: int = 1, scheduler=None,
                     aggregate: str | None = None, cache=None, steps=None,
                     alignment: str = "strict", image_roots=()) -> CohortFeatures:
    """Run :func:`extract_cohort` over a manifest file and write the tables.

    Images must lie under the manifest's folder or one of ``image_roots``
    (:func:`~axilla.io.read_manifest`).
    """
    table, problems = read_manifest(manifest, root=Path(manifest).parent,
                                    image_roots=image_roots)
    problems += repeated_images(table, aggregate, Path(manifest).name)
    raise_if_any(problems, str(manifest))
    settings = DEFAULT_PARAMS if params is None else \
        (yaml.safe_load(Path(params).read_text(encoding="utf-8")) if not isinstance(params, dict) else params)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    result = extract_cohort(cases(table), settings, steps=steps, workers=workers,
                            scheduler=scheduler, aggregate=aggregate, alignment=alignment,
                            cache_dir=cache or output.parent / ".axilla-cache")
    result.features.reset_index().to_parquet(output, index=False)
    result.failures.to_csv(output.with_name("failures.csv"), index=False)
    result.warnings.to_csv(output.with_name("warnings.csv"), index=False)
    output.with_suffix(".provenance.json").write_text(json.dumps(
        {"manifest": str(Path(manifest).resolve()), "settings": settings, "steps": steps or [],
         "versions": versions()}, indent=1, default=str), encoding="utf-8")
    return result
