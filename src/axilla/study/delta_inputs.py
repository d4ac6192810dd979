"""The inputs of a study's ``delta:`` and ``radiogenomics:`` sections, read and checked.

:func:`delta_input_problems` lists every problem of the paired manifest, the omics table
and the signature outcome at once, and :func:`feature_choice_problems` every name listed
under ``features:`` that the study will not have as a feature column (known from the
extraction settings, :func:`extracted_feature_names`); ``axilla validate`` reports them
and ``axilla run`` stops on them before extracting anything (docs/delta.md).
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from axilla.errors import AxillaError
from axilla.features import ExtractionParams, load_params
from axilla.features.names import (INTENSITY_FAMILIES, SHAPE_FAMILIES, enabled_features,
                                   feature_name, image_type_prefixes)
from axilla.io import Problem, read_manifest, read_table, repeated_images
from axilla.io.clinical import text_among_numbers
from axilla.study.config import StudyConfig



def delta_input_problems(config: StudyConfig, root: Path) -> list[Problem]:
    """Problems of the delta manifest, the signature outcome and the omics table."""
    problems = []
    if config.delta is not None:
        problems += paired_manifest(config, root)[1]
        problems += outcome_problems(config, root)
    if config.radiogenomics is not None:
        problems += omics_table(config, root)[1]
    return problems


def paired_manifest(config: StudyConfig, root: Path
                    ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The delta manifest's rows per time point (``pre`` and ``post`` values as keys, the
    time-point column dropped) and its problems: those of any manifest, a missing
    time-point column, other time-point values, repeated images within a time point."""
    section = config.delta
    where = str(section.manifest)
    manifest, problems = read_manifest(root / section.manifest, root=root)
    column = section.timepoint_column
    if manifest.empty and problems:
        return {}, problems
    if column not in manifest.columns:
        return {}, problems + [Problem(where, f"no '{column}' column", (
            f"add a '{column}' column saying '{section.pre}' or '{section.post}' on every "
            "row (or set delta.timepoint_column)"))]
    other = manifest[~manifest[column].isin([section.pre, section.post])]
    problems += [Problem(f"patient {row.patient_id}", f"row {index + 2} of {where}: time "
                         f"point '{getattr(row, column)}' is neither '{section.pre}' nor "
                         f"'{section.post}'", "fix the value or set delta.pre / delta.post")
                 for index, row in zip(other.index, other.itertuples(index=False))]
    parts = {name: manifest[manifest[column] == name].drop(columns=column)
             for name in (section.pre, section.post)}
    for name, rows in parts.items():
        problems += repeated_images(rows, config.data.aggregate, f"{where} ({name})")
        if rows.empty:
            problems.append(Problem(where, f"no row has the time point '{name}'",
                                    f"list each patient's images at '{section.pre}' and "
                                    f"'{section.post}'"))
    return parts, problems


def omics_table(config: StudyConfig, root: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The omics table indexed by patient, and its problems (absent file, no
    ``patient_id``, repeated patients, text columns)."""
    name = str(config.radiogenomics.table)
    path = root / config.radiogenomics.table
    if not path.exists():
        return pd.DataFrame(), [Problem(name, "omics table not found",
                                        "check radiogenomics.table (relative to the study)")]
    table = read_table(path)
    if "patient_id" not in table.columns:
        return pd.DataFrame(), [Problem(name, "no 'patient_id' column",
                                        "add the patient key column")]
    problems = [Problem(f"patient {pid}", f"{name} has several rows for this patient",
                        "keep one row per patient")
                for pid in sorted(set(table["patient_id"][table["patient_id"].duplicated()]))]
    for column in table.columns.drop("patient_id"):
        cells = text_among_numbers(table, column)
        problems += [Problem(f"patient {table.at[row, 'patient_id']}",
                             f"'{column}' is '{value}', not a number, in {name}",
                             "write the number, or leave the cell empty if it is unknown")
                     for row, value in cells.items()]
        if cells.empty and not pd.api.types.is_numeric_dtype(table[column]):
            problems.append(Problem(name, f"column '{column}' is not numeric", "give one "
                                    "number per patient in every omics column, or drop the "
                                    "column"))
    return table.set_index("patient_id"), problems


def outcome_problems(config: StudyConfig, root: Path) -> list[Problem]:
    outcome = config.delta.signature_outcome
    path = root / config.data.clinical
    if outcome is None or not path.exists():   # an absent clinical table is data's problem
        return []
    columns = list(read_table(path).columns)
    if outcome in columns:
        return []
    close = difflib.get_close_matches(outcome, columns, n=1)
    return [Problem(str(config.data.clinical), f"delta.signature_outcome '{outcome}' is not "
                    "a column of the clinical table",
                    f"did you mean '{close[0]}'?" if close else "name a 0/1 column")]


def feature_choice_problems(config: StudyConfig, root: Path,
                            feature_table: pd.DataFrame | None = None) -> list[Problem]:
    """Each name under ``delta.features`` or ``radiogenomics.features`` that is not a
    feature column of the study, with the closest ones. The columns are those of
    ``feature_table`` (a study on ``data.features``) or those the extraction settings
    give; where they cannot be known before extracting (``compat: ibsi``, settings or a
    manifest that cannot be read: reported on their own) the run's check stays."""
    chosen = {f"{where}.features": section.features for where, section in
              (("delta", config.delta), ("radiogenomics", config.radiogenomics))
              if section is not None and isinstance(section.features, list)}
    if not chosen:
        return []
    known, diagnostics = _study_feature_names(config, root, feature_table)
    if known is None:
        return []
    return [problem for where, names in chosen.items()
            for problem in unknown_feature_problems(
                [n for n in names if not (diagnostics and "diagnostics_" in n)], known, where)]


def _study_feature_names(config: StudyConfig, root: Path, feature_table: pd.DataFrame | None
                         ) -> tuple[list[str] | None, bool]:
    """The study's feature columns (None where unknown before extracting), and whether
    it also has ``diagnostics_*`` columns (``additionalInfo``), left to the run."""
    if config.data.features is not None:
        return (None if feature_table is None else
                [str(c) for c in feature_table.columns if c != "patient_id"]), False
    params, blocks = _study_params(config, root), _manifest_blocks(config, root)
    if params is None or blocks is None:
        return None, False
    return ([prefix + name for prefix in blocks for name in extracted_feature_names(params)],
            params.setting["additionalInfo"])


def unknown_feature_problems(names: list[str], known: list[str], where: str) -> list[Problem]:
    """One problem per name of ``names`` not in ``known``, with the closest known names."""
    known_set = set(known)
    problems = []
    for name in names:
        if name in known_set:
            continue
        close = [f"'{c}'" for c in difflib.get_close_matches(name, known, n=3)]
        either = " or ".join(filter(None, [", ".join(close[:-1]), *close[-1:]]))
        fix = f"did you mean {either}?" if close else \
            "name a feature column of the study (features.parquet of a run lists them)"
        problems.append(Problem(where, f"'{name}' is not a feature of this study", fix))
    return problems


def extracted_feature_names(params: ExtractionParams, dimensions=(2, 3)) -> list[str]:
    """The feature names ``axilla.features.extract`` gives with ``params`` for an image of
    any of ``dimensions``, without extracting: ``{imageType}_{family}_{Feature}`` for the
    enabled families and each filtered image (wavelet sub-bands, LoG sigmas and LBP3D
    levels follow from the settings). ``diagnostics_*`` (``additionalInfo``) are not
    listed, nor is it known here whether an image is too small for a LoG sigma."""
    names = []
    for dimension in dimensions:
        shape = [f for f in SHAPE_FAMILIES if f in params.feature_classes and
                 not (f == "shape" and dimension == 2)]
        names += [feature_name("original", family, feature) for family in shape
                  for feature in enabled_features(family, params.feature_classes[family])]
        families = [f for f in params.feature_classes if f in INTENSITY_FAMILIES]
        for image_type in params.image_types:
            for prefix in image_type_prefixes(image_type, params.for_image_type(
                    image_type), dimension):
                names += [feature_name(prefix, family, feature) for family in families
                          for feature in enabled_features(family,
                                                          params.feature_classes[family])]
    return list(dict.fromkeys(names))


def _study_params(config: StudyConfig, root: Path) -> ExtractionParams | None:
    """The study's extraction settings, None where they fail (``_extraction_problems``
    of validate reports why) or name features by IBSI tag (``compat: ibsi``)."""
    try:
        params = load_params(config.extraction.settings(root))
    except AxillaError:
        return None
    return None if params.setting["compat"] == "ibsi" else params


def _manifest_blocks(config: StudyConfig, root: Path) -> list[str] | None:
    """The prefix of each sequence and ROI of the manifest in feature names (``t1c_tumour_``;
    none with one block, as ``axilla.cohort.extract`` names them); None when the manifest
    cannot be read (its problems are reported by validate)."""
    manifest, _ = read_manifest(root / config.data.manifest)
    if manifest.empty or not {"sequence", "roi"} <= set(manifest.columns):
        return None
    blocks = list(dict.fromkeys(zip(manifest["sequence"], manifest["roi"])))
    return [f"{sequence}_{roi}_" for sequence, roi in blocks] if len(blocks) > 1 else [""]
