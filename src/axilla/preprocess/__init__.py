"""preprocess stage: resampling, N4, normalisation, DCE phases and kinetic maps, ROI
operations, semi-automatic segmentation, DICOM masks, robustness (ICC, Dice,
perturbations) and the named steps a study YAML lists."""
from axilla.preprocess.bias_field import n4_correct
from axilla.preprocess.dce import kinetic_maps, phase_list, select_phase, subtract
from axilla.io.dicom_masks import (
    dicom_seg_segments, read_dicom_mask, read_dicom_seg, read_rtstruct, rtstruct_roi_names)
from axilla.preprocess.normalise import NyulStandardiser, clip_percentiles, zscore
from axilla.preprocess.resample import resample, resample_to
from axilla.preprocess.robustness import (
    IccResult, dice, dilate_mask, erode_mask, feature_icc_table, icc, perturbed_masks,
    randomise_contour, translate_mask)
from axilla.preprocess.roi import (
    extract_slice, fill_holes, intratumoral_core, largest_component, largest_slice,
    largest_slice_index, otsu_body_mask, peritumoral_ring, split_labels)
from axilla.preprocess.segment import (
    Segmentation, load_parameters, save_segmentation, segment, segment_from_parameters)
from axilla.preprocess.steps import STEPS, Step, apply_steps, check_steps, methods_sentences

__all__ = [
    "n4_correct", "kinetic_maps", "phase_list", "select_phase", "subtract",
    "dicom_seg_segments", "read_dicom_mask", "read_dicom_seg", "read_rtstruct",
    "rtstruct_roi_names", "NyulStandardiser", "clip_percentiles", "zscore", "resample",
    "resample_to", "IccResult", "dice", "dilate_mask", "erode_mask", "feature_icc_table", "icc",
    "perturbed_masks", "randomise_contour", "translate_mask", "extract_slice", "fill_holes",
    "intratumoral_core", "largest_component", "largest_slice", "largest_slice_index",
    "otsu_body_mask", "peritumoral_ring", "split_labels", "Segmentation", "load_parameters",
    "save_segmentation", "segment", "segment_from_parameters", "STEPS", "Step", "apply_steps",
    "check_steps", "methods_sentences",
]
