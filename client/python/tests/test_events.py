"""Events from arrays and Dark Machines files: shapes checked, codes mapped, MeV made GeV."""
import gzip

import numpy as np
import pytest

from latentspace import OBJECT_TYPES, events_from_arrays, read_darkmachines_csv, read_hdf5_table
from latentspace.v1 import events_pb2

from conftest import DATA, SIGNALS


def test_arrays_become_events_with_their_objects_in_order():
    events = events_from_arrays(counts=[2, 0, 1], type=["j", "b", "m-"],
                                pt=[100.0, 50.0, 30.0], eta=[0.1, -0.2, 1.5],
                                phi=[0.5, -1.0, 3.0], e=[120.0, 60.0, 70.0],
                                met=[200.0, 10.0, 35.0], met_phi=[0.0, 1.0, -2.0],
                                event_id=["a", "b", "c"])
    messages = events.to_events()
    assert len(events) == 3 and len(messages) == 3
    assert [len(m.objects) for m in messages] == [2, 0, 1]
    assert messages[0].objects[1].type == events_pb2.OBJECT_TYPE_BJET
    assert messages[0].objects[1].pt == 50.0
    assert messages[2].objects[0].type == events_pb2.OBJECT_TYPE_MUON
    assert messages[2].met == 35.0 and messages[2].event_id == "c"
    tail = events.slice(1, 3).to_events()
    assert tail[1].objects[0].eta == 1.5 and tail[0].event_id == "b"


def test_columns_pack_each_array_little_endian():
    events = events_from_arrays(counts=[2, 0, 1], type=["j", "b", "m-"],
                                pt=[100.0, 50.0, 30.0], eta=[0.1, -0.2, 1.5],
                                phi=[0.5, -1.0, 3.0], e=[120.0, 60.0, 70.0],
                                met=[200.0, 10.0, 35.0], met_phi=[0.0, 1.0, -2.0])
    columns = events.slice(0, 3).to_columns()
    assert np.frombuffer(columns.object_counts, "<u4").tolist() == [2, 0, 1]
    assert list(columns.object_types) == [events_pb2.OBJECT_TYPE_JET, events_pb2.OBJECT_TYPE_BJET,
                                          events_pb2.OBJECT_TYPE_MUON]
    assert np.frombuffer(columns.eta, "<f8").tolist() == [0.1, -0.2, 1.5]
    assert np.frombuffer(columns.met_phi, "<f8").tolist() == [0.0, 1.0, -2.0]
    assert columns.weight == b"" and len(columns.event_ids) == 0
    tail = events.slice(1, 3).to_columns()
    assert np.frombuffer(tail.pt, "<f8").tolist() == [30.0]
    with pytest.raises(ValueError, match=r"type\[0\] = 300: not an ObjectType number"):
        events_from_arrays([1], [300], [1.0], [0.0], [0.0], [1.0], [1.0], [0.0]).to_columns()


def test_shapes_and_codes_are_checked_naming_the_array():
    good = dict(counts=[1, 1], type=[1, 1], pt=[1.0, 2.0], eta=[0.0, 0.0], phi=[0.0, 0.0],
                e=[1.0, 2.0], met=[1.0, 1.0], met_phi=[0.0, 0.0])
    assert len(events_from_arrays(**good)) == 2
    with pytest.raises(ValueError, match=r"^eta: 1 values for 2 objects"):
        events_from_arrays(**{**good, "eta": [0.0]})
    with pytest.raises(ValueError, match=r"^met_phi: 3 values for 2 events"):
        events_from_arrays(**{**good, "met_phi": [0.0, 0.0, 0.0]})
    with pytest.raises(ValueError, match=r"type\[1\] = 'tau'"):
        events_from_arrays(**{**good, "type": ["j", "tau"]})
    with pytest.raises(ValueError, match=r"counts\[0\] = -1"):
        events_from_arrays(**{**good, "counts": [-1, 3]})


def test_darkmachines_files_are_read_in_gev():
    path = DATA / SIGNALS["squark_1800_800"]
    with gzip.open(path, "rt") as lines:
        first = lines.readline().strip().split(";")
        total = 1 + sum(1 for line in lines if line.strip())
    events = read_darkmachines_csv(path)
    assert len(events) == total
    assert events.event_id[0] == first[0]
    assert events.met[0] == pytest.approx(float(first[3]) / 1000)
    code, energy, pt, eta, _ = first[5].split(",")
    assert events.type[0] == OBJECT_TYPES[code]
    assert events.e[0] == pytest.approx(float(energy) / 1000)
    assert events.pt[0] == pytest.approx(float(pt) / 1000)
    assert events.eta[0] == pytest.approx(float(eta))
    assert int(np.sum(events.counts)) == len(events.pt)


def test_a_bad_line_is_named_with_its_file_and_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("1;p;1;1000;0;j,1000,900,0.1,0.2;\n2;p;1;1000;0;j,1000,x,0.1,0.2;\n")
    with pytest.raises(ValueError, match=r"bad.csv:2: object 1 'j,1000,x,0.1,0.2'"):
        read_darkmachines_csv(path)


def test_hdf5_tables_read_in_both_layouts_and_refuse_what_is_not_a_table(tmp_path):
    import h5py  # pylint: disable=import-outside-toplevel
    matrix = np.array([[250.5, 30.0, 2.0], [1000.0, -2.5, 4.0]])
    with h5py.File(tmp_path / "t.h5", "w") as file:
        file.create_dataset("matrix", data=matrix).attrs["columns"] = ["PTJ1", "MET", "NJ"]
        group = file.create_group("events")
        group.create_dataset("NJ", data=np.array([2, 4], dtype=np.int32))
        group.create_dataset("MET", data=np.array([30.0, -2.5], dtype=np.float32))
        file.create_dataset("unnamed", data=matrix)
        file.create_dataset("bad/flag", data=np.array([True, False]))
        file.create_dataset("bad/x", data=np.array([1.0, 2.0]))
        file.create_dataset("ragged/a", data=np.arange(3.0))
        file.create_dataset("ragged/b", data=np.arange(2.0))
        file.create_dataset("twice", data=matrix).attrs["columns"] = [b"a", b"b", b"a"]
    path = tmp_path / "t.h5"
    frame = read_hdf5_table(path, "matrix")
    assert list(frame.columns) == ["PTJ1", "MET", "NJ"] and frame.shape == (2, 3)
    assert frame["PTJ1"].tolist() == [250.5, 1000.0] and frame["NJ"].dtype == np.float64
    # The datasets of a group in the order of their names, as latentctl reads them.
    assert read_hdf5_table(path, "events").to_dict("list") == {"MET": [30.0, -2.5],
                                                               "NJ": [2.0, 4.0]}
    for dataset, message in (
            ("unnamed", "dataset '/unnamed' has no attribute 'columns' naming its 3 columns"),
            ("bad", "dataset '/bad/flag' holds bool, not numbers"),
            ("ragged", "dataset '/ragged/b' has 2 rows; 'a' has 3"),
            ("twice", "column 3 'a' has the name of an earlier column"),
            ("nowhere", "has no dataset or group 'nowhere'")):
        with pytest.raises(ValueError, match=message):
            read_hdf5_table(path, dataset)
