"""RTSTRUCT rasterisation against the IBSI phantom's NIfTI mask; DICOM SEG round trip."""
import numpy as np
import pydicom
import pytest
import SimpleITK as sitk
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import pack_bits
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from axilla.errors import GeometryError, InputError
from axilla.io.dicom_masks import (
    dicom_seg_segments, read_dicom_mask, read_dicom_seg, read_rtstruct, rtstruct_roi_names)
from axilla.preprocess.robustness import dice
from tests.helpers import shared_path
from tests.preprocess.phantoms import image_from_array

PHANTOM = ("data", "ibsi", "ibsi1", "ct_radiomics_phantom")


def read_series(folder):
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(folder)))
    return reader.Execute()


def test_ibsi_ct_phantom_rtstruct_matches_nifti_mask():
    image = read_series(shared_path(*PHANTOM, "dicom", "image"))
    rtstruct = shared_path(*PHANTOM, "dicom", "mask", "DCM_RS_00060.dcm")
    expected = sitk.ReadImage(str(shared_path(*PHANTOM, "nifti", "mask", "mask.nii.gz")))
    assert rtstruct_roi_names(rtstruct) == ["GTV-1"]
    mask = read_rtstruct(rtstruct, image, "GTV-1")
    # IBSI's NIfTI mask was converted from this RTSTRUCT by Zwanenburg; measured Dice 1.0
    # (125,256 voxels each, no voxel differs). 0.99 leaves room only for edge voxels.
    assert dice(mask, expected) >= 0.99
    with pytest.raises(InputError, match="did you mean 'GTV-1'"):
        read_rtstruct(rtstruct, image, "GTV1")


def write_seg(mask: sitk.Image, path, labels: dict[int, str]):
    """A minimal BINARY DICOM SEG of a label image, one frame per segment and slice."""
    array = sitk.GetArrayFromImage(mask)
    direction = np.array(mask.GetDirection()).reshape(3, 3)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.SegmentationType = "SEG", "BINARY"
    ds.Rows, ds.Columns = array.shape[1], array.shape[2]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
    ds.SegmentSequence = Sequence([Dataset() for _ in labels])
    for item, (number, label) in zip(ds.SegmentSequence, labels.items()):
        item.SegmentNumber, item.SegmentLabel = number, label
    shared = Dataset()
    shared.PlaneOrientationSequence = Sequence([Dataset()])
    shared.PlaneOrientationSequence[0].ImageOrientationPatient = [
        *direction[:, 0].tolist(), *direction[:, 1].tolist()]
    shared.PixelMeasuresSequence = Sequence([Dataset()])
    shared.PixelMeasuresSequence[0].PixelSpacing = [mask.GetSpacing()[1], mask.GetSpacing()[0]]
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    frames, per_frame = [], []
    for number in labels:
        for k in range(array.shape[0]):
            frames.append(array[k] == number)
            frame = Dataset()
            frame.SegmentIdentificationSequence = Sequence([Dataset()])
            frame.SegmentIdentificationSequence[0].ReferencedSegmentNumber = number
            frame.PlanePositionSequence = Sequence([Dataset()])
            frame.PlanePositionSequence[0].ImagePositionPatient = list(
                mask.TransformIndexToPhysicalPoint((0, 0, k)))
            per_frame.append(frame)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.NumberOfFrames = len(frames)
    ds.PixelData = pack_bits(np.stack(frames).astype(np.uint8))
    ds.save_as(str(path), enforce_file_format=True)


@pytest.fixture
def label_image(seed):
    rng = np.random.default_rng(seed)
    labels = np.zeros((5, 12, 10), np.uint8)
    labels[1:4, 2:9, 2:7] = 1
    labels[rng.random(labels.shape) > 0.9] = 2  # scattered second segment
    image = image_from_array(labels, (0.7, 0.8, 2.5), origin=(-20.0, 13.5, 100.0))
    image.SetDirection((1, 0, 0, 0, -1, 0, 0, 0, -1))  # a flipped but orthonormal grid
    return image


def test_dicom_seg_round_trip(label_image, tmp_path):
    path = tmp_path / "seg.dcm"
    write_seg(label_image, path, {1: "tumour", 2: "node"})
    assert dicom_seg_segments(path) == {1: "tumour", 2: "node"}
    back = read_dicom_seg(path, label_image)
    assert np.array_equal(sitk.GetArrayFromImage(back), sitk.GetArrayFromImage(label_image))
    node = read_dicom_mask(path, label_image, 2)
    assert np.array_equal(sitk.GetArrayFromImage(node), sitk.GetArrayFromImage(label_image) == 2)


def test_dicom_seg_off_grid_is_a_geometry_error(label_image, tmp_path):
    path = tmp_path / "seg.dcm"
    write_seg(label_image, path, {1: "tumour", 2: "node"})
    shifted = sitk.Image(label_image)
    shifted.SetOrigin((-20.35, 13.5, 100.0))  # half a voxel along x
    with pytest.raises(GeometryError, match="grid"):
        read_dicom_seg(path, shifted)


def test_wrong_modality_is_named(label_image, tmp_path):
    path = tmp_path / "seg.dcm"
    write_seg(label_image, path, {1: "tumour"})
    with pytest.raises(InputError, match="expected a DICOM RTSTRUCT"):
        read_rtstruct(path, label_image, "GTV-1")
    assert pydicom.dcmread(path).Modality == "SEG"


def write_rtstruct(path, contours_mm, name="Lesion"):
    """A minimal RTSTRUCT with one ROI made of the given closed planar contours (n x 3 mm)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality = "RTSTRUCT"
    roi = Dataset()
    roi.ROINumber, roi.ROIName = 7, name
    ds.StructureSetROISequence = Sequence([roi])
    item = Dataset()
    item.ReferencedROINumber = 7
    item.ContourSequence = Sequence()
    for points in contours_mm:
        contour = Dataset()
        contour.ContourGeometricType = "CLOSED_PLANAR"
        contour.NumberOfContourPoints = len(points)
        contour.ContourData = [float(v) for v in np.asarray(points).ravel()]
        item.ContourSequence.append(contour)
    ds.ROIContourSequence = Sequence([item])
    ds.save_as(str(path), enforce_file_format=True)


def square(x0, x1, y0, y1, z):
    return [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]


def test_rtstruct_inner_contour_cuts_a_hole(tmp_path):
    grid = image_from_array(np.zeros((3, 10, 10), np.uint8), (1.0, 1.0, 2.0), origin=(0, 0, 0))
    path = tmp_path / "rs.dcm"
    # outer square over voxel centres 1..8, inner over 4..5, on slice z = 2 mm (index 1)
    write_rtstruct(path, [square(0.5, 8.5, 0.5, 8.5, 2.0), square(3.5, 5.5, 3.5, 5.5, 2.0)])
    mask = sitk.GetArrayFromImage(read_rtstruct(path, grid, "Lesion"))
    expected = np.zeros((3, 10, 10), np.uint8)
    expected[1, 1:9, 1:9] = 1
    expected[1, 4:6, 4:6] = 0
    assert np.array_equal(mask, expected)


def test_rtstruct_contour_between_slices_is_a_geometry_error(tmp_path):
    grid = image_from_array(np.zeros((3, 10, 10), np.uint8), (1.0, 1.0, 2.0), origin=(0, 0, 0))
    path = tmp_path / "rs.dcm"
    write_rtstruct(path, [square(0.5, 8.5, 0.5, 8.5, 3.0)])  # z = 3 mm: halfway between slices
    with pytest.raises(GeometryError, match="one image slice"):
        read_rtstruct(path, grid, "Lesion")
