"""The client against a real latentd: every service, answers in numpy and pandas, and errors as
LatentspaceError with the gRPC code and the server's message."""
import warnings

import grpc
import numpy as np
import pandas as pd
import pytest

import latentspace
from latentspace import LatentspaceError
from latentspace.v1 import job_service_pb2


def test_uploads_are_stored_and_refusals_name_what_was_wrong(client, signals, trained):
    stored = {s.name: s for s in client.samples()}
    train, _ = signals["squark_1800_800"]
    assert stored["squark_1800_800"].num_events == len(train)
    assert stored["squark_1800_800"].source_format == "python"
    assert client.sample("squark_1800_800").parameters["m"] == 1.0
    with pytest.raises(LatentspaceError) as refused:
        client.upload("squark_1800_800", train.slice(0, 10))
    assert refused.value.code == grpc.StatusCode.ALREADY_EXISTS
    assert "squark_1800_800" in refused.value.message
    assert refused.value.method == "SampleService.UploadSample"
    bad = latentspace.events_from_arrays([1], ["j"], [100.0], [0.0], [0.0], [50.0], [-5.0],
                                         [0.0])
    with pytest.raises(LatentspaceError) as invalid:
        client.upload("negative_met", bad)
    assert invalid.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "met" in invalid.value.message
    assert "negative_met" not in {s.name for s in client.samples()}
    # Columns whose lengths disagree (EventArrays built without events_from_arrays' checks) are
    # refused by the server, naming the chunk and the column.
    short = latentspace.EventArrays(np.array([2]), np.array([1, 1]), np.array([100.0]),
                                    np.zeros(2), np.zeros(2), np.array([120.0, 50.0]),
                                    np.array([10.0]), np.array([0.0]))
    with pytest.raises(LatentspaceError) as ragged:
        client.upload("ragged", short)
    assert ragged.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "chunk 1: column pt holds 8 bytes; 2 objects" in ragged.value.message
    assert "ragged" not in {s.name for s in client.samples()}
    # Event messages and columns store the same sample.
    as_messages = client.upload("both_ways", train.slice(0, 50).to_events())
    as_columns = client.upload("both_ways", train.slice(0, 50), overwrite=True)
    assert as_columns.checksum == as_messages.checksum and as_columns.num_events == 50
    client.delete_sample("both_ways")
    with pytest.raises(LatentspaceError) as missing:
        client.sample("no_such_sample")
    assert missing.value.code == grpc.StatusCode.NOT_FOUND
    client.upload("to_delete", train.slice(0, 20))
    client.delete_sample("to_delete")
    assert "to_delete" not in {s.name for s in client.samples()}


def test_training_options_are_checked_and_jobs_are_listed(client, trained):
    with pytest.raises(TypeError, match="unknown option.*epochz"):
        client.train("x", ["squark_1800_800"], epochz=3)
    jobs = client.jobs(job_service_pb2.JOB_STATE_SUCCEEDED)
    assert {job.encoder for job in jobs} >= {"py"}
    encoder = client.encoder("py")
    assert [m.name for m in encoder.models] == ["zprime_monojet_2000_50", "squark_1800_800"]
    assert client.job(encoder.job_id).state == job_service_pb2.JOB_STATE_SUCCEEDED


def test_embed_gives_one_point_per_set(client, signals, trained):
    _, held = signals["zprime_monojet_2000_50"]
    k = client.encoder("py").events_per_set
    points = client.embed("py", events=held.slice(0, 200))
    assert points.shape[1] == 2 and 0 < points.shape[0] <= 200 // k
    assert np.isfinite(points).all()
    names = list(client.encoder("py").feature_names)
    rows = pd.DataFrame(np.ones((3 * k, len(names))), columns=names[::-1])  # any column order
    assert client.embed("py", features=rows).shape == (3, 2)
    with pytest.raises(LatentspaceError) as missing:
        client.embed("py", features=rows.drop(columns=[names[0]]))
    assert missing.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert f"the table has no column '{names[0]}'" in missing.value.message
    with pytest.raises(ValueError, match="column 'label' holds object"):
        client.embed("py", features=rows.assign(label="a"))


def test_feature_tables_train_on_named_columns_and_are_queried_by_name(client):
    rng = np.random.default_rng(11)

    def table(mean, rows):
        return pd.DataFrame({"PTJ1": rng.normal(mean, 20, rows), "MET": rng.normal(2 * mean, 30, rows),
                             "HT": rng.normal(3 * mean, 40, rows), "run": np.arange(rows)})

    for name, mean in (("table_low", 100.0), ("table_high", 160.0)):
        stored = client.upload(name, table(mean, 600), family="toy", parameters={"m": mean})
        assert list(stored.columns) == ["PTJ1", "MET", "HT", "run"] and stored.num_events == 600
    client.train("py-table", ["table_low", "table_high"], preset="columns:PTJ1,MET,HT", epochs=30,
                 seed=5, initialisations=1, progress=False)
    assert list(client.encoder("py-table").feature_names) == ["PTJ1", "MET", "HT"]
    # Held-out rows, their columns in another order: the true model ranks first.
    for name, mean in (("table_low", 100.0), ("table_high", 160.0)):
        held = table(mean, 200)[["run", "HT", "MET", "PTJ1"]]
        assert client.nearest("py-table", features=held)["model"].iloc[0] == name
    # A detector of the low table's columns: the high model's rows score as the more anomalous.
    client.train_detector("py-table-ae", "table_low", preset="columns:PTJ1,MET,HT", epochs=40,
                          seed=3, progress=False)
    low = client.score("py-table-ae", features=table(100.0, 300))["score"].median()
    high = client.score("py-table-ae", features=table(160.0, 300))["score"].median()
    assert high > low
    # The rows the detector keeps, forward-modelled against the stored tables.
    answer = client.interpret("py-table-ae", "py-table", features=table(160.0, 300), keep=0.1,
                              pseudo_experiments=40, progress=False)
    assert answer.data_events == 300 and answer.kept_events > 100
    assert answer.verdict in ("signal", "background", "unexplained")
    assert answer.ranking[0].model == "table_high"  # table_low is the reference itself
    with pytest.raises(LatentspaceError) as refused:
        client.train("py-table-bad", ["table_low", "squark_1800_800"], preset="columns:PTJ1,MET")
    assert refused.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "sample 'squark_1800_800' holds events" in refused.value.message


def test_an_hdf5_table_stores_what_its_dataframe_stores(client, tmp_path):
    import h5py  # pylint: disable=import-outside-toplevel
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"PTJ1": rng.normal(100, 20, 50), "MET": rng.normal(200, 30, 50)})
    with h5py.File(tmp_path / "t.h5", "w") as file:
        file.create_dataset("t", data=frame.to_numpy()).attrs["columns"] = list(frame.columns)
    direct = client.upload("h5_direct", frame)
    from_file = client.upload("h5_file", latentspace.read_hdf5_table(tmp_path / "t.h5"))
    assert list(from_file.columns) == ["PTJ1", "MET"] and from_file.num_events == 50
    assert from_file.checksum == direct.checksum


def test_nearest_names_the_true_model_with_posteriors_summing_to_one(client, signals, trained):
    for name, (_, held) in signals.items():
        ranking = client.nearest("py", events=held)
        assert list(ranking.columns)[:2] == ["model", "posterior"]
        assert ranking["model"].iloc[0] == name
        assert ranking["posterior"].sum() == pytest.approx(1.0)
        assert ranking.attrs["encoder"] == "py" and ranking.attrs["sets"] > 0
        assert ranking.attrs["fit"]["model"] == name
        assert 0 < ranking.attrs["fit"]["p_value"] <= 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # detector-level events against detector-level models
        assert client.nearest("py", events=held).attrs["warnings"] == []
    with pytest.warns(UserWarning, match="the query's events are truth level"):
        as_truth = client.nearest("py", events=held, event_level="truth")
    assert "known models are not" in as_truth.attrs["warnings"][0]
    with pytest.raises(ValueError, match="event_level: 'hadron'"):
        client.nearest("py", events=held, event_level="hadron")
    # The same sets embedded first and sent as points: the same answer.
    points = client.embed("py", events=held)
    from_points, from_events = client.nearest("py", points=points), client.nearest("py", events=held)
    assert list(from_points["model"]) == list(from_events["model"])
    assert from_points["posterior"].to_list() == pytest.approx(from_events["posterior"].to_list())
    with pytest.raises(ValueError, match="one of events, features, sample or points"):
        client.nearest("py", events=held, points=points)
    by_name = client.nearest("py", sample="squark_1800_800")
    assert by_name["model"].iloc[0] == "squark_1800_800"
    with pytest.raises(LatentspaceError) as missing:
        client.nearest("no_such_encoder", sample="squark_1800_800")
    assert missing.value.code == grpc.StatusCode.NOT_FOUND
    assert "no_such_encoder" in missing.value.message


def test_contours_maps_and_distances(client, trained):
    contours = client.contours("py", masses=[0.5, 0.9])
    assert {(c.model, c.mass) for c in contours.contours} == {
        (m, mass) for m in ("zprime_monojet_2000_50", "squark_1800_800") for mass in (0.5, 0.9)}
    assert all(line.shape[1] == 2 for c in contours.contours for line in c.polylines)
    x_min, x_max, y_min, y_max = contours.extent
    assert x_min < x_max and y_min < y_max
    feature = client.encoder("py").feature_names[0]
    feature_map = client.feature_map("py", feature, bins=16)
    assert feature_map.mean.shape == (16, 16) and feature_map.count.sum() > 0
    distances = client.distances("py")
    assert list(distances.index) == list(distances.columns)
    assert np.allclose(distances.to_numpy(), distances.to_numpy().T)
    assert np.allclose(np.diag(distances.to_numpy()), 0)
    with pytest.raises(ValueError, match="metric = 'euclid'"):
        client.distances("py", metric="euclid")


def test_scores_and_an_interpretation_with_its_progress(client, signals, trained):
    _, held = signals["squark_1800_800"]
    scores = client.score("py-ae", events=held.slice(0, 300), keep=0.1)
    assert list(scores.columns) == ["index", "event_id", "score", "reference_tail", "kept"]
    assert scores["kept"].sum() == scores.attrs["kept_events"] > 0
    steps = []
    answer = client.interpret("py-ae", "py", events=held.slice(0, 300), keep=0.2,
                              models=["squark_1800_800", "zprime_monojet_2000_50"],
                              pseudo_experiments=40, progress=False,
                              on_progress=lambda p: steps.append(p.step))
    assert answer.verdict in ("signal", "background", "unexplained")
    assert [fit.model for fit in answer.ranking][0] in ("squark_1800_800",
                                                         "zprime_monojet_2000_50")
    assert steps and steps[0] == "scoring events"
    with pytest.raises(LatentspaceError) as refused:
        client.interpret("py-ae", "py", events=held.slice(0, 300), keep=0)
    assert refused.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "keep = 0" in refused.value.message


def test_an_unreachable_server_is_unavailable():
    with latentspace.Client("127.0.0.1:1", timeout=2) as nobody:
        with pytest.raises(LatentspaceError) as unreachable:
            nobody.samples()
        assert unreachable.value.code == grpc.StatusCode.UNAVAILABLE
