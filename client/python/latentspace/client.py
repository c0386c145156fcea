"""latentspace.Client: one method per RPC of the latentspace.v1 API, in Python's terms.

Samples go in as EventArrays (or lists of Event messages); answers come back as numpy arrays,
pandas DataFrames (nearest, score, distances) or the API's messages. Every failed call raises
LatentspaceError with the gRPC code and the server's message.
"""
import math
import warnings
from dataclasses import dataclass
from typing import List

import grpc
import numpy as np

from latentspace.errors import LatentspaceError, raises_latentspace_error
from latentspace.events import EventArrays, feature_table
from latentspace.v1 import (detector_service_pb2, detector_service_pb2_grpc,
                            embedding_service_pb2, embedding_service_pb2_grpc,
                            encoder_service_pb2, encoder_service_pb2_grpc, events_pb2,
                            job_service_pb2, job_service_pb2_grpc, proximity_service_pb2,
                            proximity_service_pb2_grpc, sample_service_pb2,
                            sample_service_pb2_grpc)

_MESSAGE_LIMIT = 256 * 1024 * 1024  # bytes, both ways: nearest's points, large batches
_FINAL_STATES = (job_service_pb2.JOB_STATE_SUCCEEDED, job_service_pb2.JOB_STATE_FAILED,
                 job_service_pb2.JOB_STATE_CANCELLED)


def _pandas(method):
    try:
        import pandas  # pylint: disable=import-outside-toplevel
    except ImportError:
        raise ImportError(f"{method}() returns a pandas DataFrame: install pandas "
                          "(Debian: python3-pandas)") from None
    return pandas


def _progress_bar(enabled, **kwargs):
    """A tqdm bar when asked for and tqdm is installed, else None."""
    if not enabled:
        return None
    try:
        from tqdm import tqdm  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return tqdm(**kwargs)


_EVENT_LEVELS = {"detector": events_pb2.EVENT_LEVEL_DETECTOR,
                 "truth": events_pb2.EVENT_LEVEL_TRUTH, "parton": events_pb2.EVENT_LEVEL_PARTON}


def _event_level(level):
    """The EventLevel of "detector", "truth" or "parton"."""
    if level not in _EVENT_LEVELS:
        raise ValueError(f"event_level: {level!r} is not one of {', '.join(_EVENT_LEVELS)}")
    return _EVENT_LEVELS[level]


def _warn(messages):
    """Each of an answer's warnings (e.g. truth-level events against detector-level models) as a
    Python warning, attributed to the caller's line."""
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=3)


def _batch(events=None, features=None, event_level="detector"):
    """An EventBatch from EventArrays / Event messages, or from feature rows (a 2-D array in the
    order of the model's features, or a DataFrame whose columns the server picks by name), at
    event_level."""
    if (events is None) == (features is None):
        raise ValueError("give events or features, not both and not neither")
    batch = events_pb2.EventBatch(level=_event_level(event_level))
    if events is not None:
        if isinstance(events, EventArrays):
            batch.columns.CopyFrom(events.to_columns())
        else:
            batch.events.events.extend(events)
        return batch
    if hasattr(features, "columns"):  # a pandas DataFrame: a table, columns by name
        batch.table.CopyFrom(feature_table(features))
        return batch
    rows = np.asarray(features, dtype=np.float64)
    if rows.ndim != 2:
        raise ValueError(f"features: a 2-D array of rows, not shape {rows.shape}")
    for row in rows.tolist():
        batch.feature_rows.rows.add(values=row)
    return batch


def _fields(message_type, options, method):
    """message_type(**options), refusing names it does not have (naming them and the fields)."""
    known = set(message_type.DESCRIPTOR.fields_by_name)
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"{method}() got unknown option(s) {', '.join(unknown)}; "
                        f"{message_type.DESCRIPTOR.name} has {', '.join(sorted(known))}")
    return message_type(**options)


@dataclass
class ModelContour:
    """One known model's density contour enclosing `mass` of its points."""
    model: str
    mass: float
    level: float
    polylines: List[np.ndarray]  # each (n, 2): x, y
    closed: List[bool]
    centroid: np.ndarray  # (2,)


@dataclass
class ContourSet:
    """GetContours' answer: the contours and the plane's extent (x_min, x_max, y_min, y_max)."""
    encoder: str
    encoder_version: int
    contours: List[ModelContour]
    extent: tuple

    @classmethod
    def from_response(cls, response):
        """From a GetContoursResponse message (also InterpretSelectionResponse's
        template_contours)."""
        contours = [ModelContour(
            c.model, c.mass, c.level,
            [np.array([[p.x, p.y] for p in line.points], dtype=np.float64).reshape(-1, 2)
             for line in c.polylines],
            [line.closed for line in c.polylines], np.array([c.centroid.x, c.centroid.y]))
            for c in response.contours]
        return cls(response.encoder, response.encoder_version, contours,
                   (response.x_min, response.x_max, response.y_min, response.y_max))


@dataclass
class FeatureMap:
    """The mean of one input feature over the latent plane: mean[iy, ix] (NaN where no point
    fell), count[iy, ix], extent (x_min, x_max, y_min, y_max)."""
    feature: str
    mean: np.ndarray
    count: np.ndarray
    extent: tuple


class Client:
    """A client of one latentd.

    address: "host:port". token: a bearer token (latentd --tokens). tls: connect with TLS
    (root_certificates: PEM bytes of the CA; None: the system's). timeout: seconds for every
    unary call (None: none); streams (uploads, watches, interpretation) have none.
    """

    def __init__(self, address="127.0.0.1:50051", token=None, tls=False,
                 root_certificates=None, timeout=30.0):
        options = [("grpc.max_receive_message_length", _MESSAGE_LIMIT),
                   ("grpc.max_send_message_length", _MESSAGE_LIMIT)]
        if tls or root_certificates is not None:
            credentials = grpc.ssl_channel_credentials(root_certificates=root_certificates)
            self._channel = grpc.secure_channel(address, credentials, options=options)
        else:
            self._channel = grpc.insecure_channel(address, options=options)
        self._metadata = [("authorization", f"Bearer {token}")] if token else []
        self._timeout = timeout
        self.address = address
        self._samples = sample_service_pb2_grpc.SampleServiceStub(self._channel)
        self._jobs = job_service_pb2_grpc.JobServiceStub(self._channel)
        self._encoders = encoder_service_pb2_grpc.EncoderServiceStub(self._channel)
        self._detectors = detector_service_pb2_grpc.DetectorServiceStub(self._channel)
        self._embedding = embedding_service_pb2_grpc.EmbeddingServiceStub(self._channel)
        self._proximity = proximity_service_pb2_grpc.ProximityServiceStub(self._channel)

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def wait_ready(self, timeout=10.0):
        """Waits until the channel connects; LatentspaceError UNAVAILABLE after `timeout` s."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise LatentspaceError(grpc.StatusCode.UNAVAILABLE,
                                   f"no latentd answered at {self.address} within {timeout} s",
                                   "connect") from None

    def _unary(self, method, request):
        return method(request, timeout=self._timeout, metadata=self._metadata)

    # ---- SampleService

    @raises_latentspace_error("SampleService.UploadSample")
    def upload(self, name, events, parameters=None, family="", overwrite=False,
               source_format="python", chunk_events=10000, progress=False,
               event_level="detector"):
        """Stores `events` (EventArrays or Event messages) as sample `name`, atomically, or a
        pandas DataFrame of per-event features as a feature table (its column names kept; train
        on some of them with train(..., preset="columns:A,B,C")).

        EventArrays travel as columns (EventColumns: each array's bytes), chunk_events events per
        message; Event messages one by one, which is much slower; a DataFrame as packed rows.

        parameters: the model's theory parameters ({"mgluino": 1600, ...}, masses in GeV);
        family: its family label (parameters are inferred within one family only);
        event_level: "detector" (reconstructed objects), "truth" (generator objects, unsmeared)
        or "parton"; nearest and interpret warn when a query's level differs from the known
        models'. Returns the stored Sample message.
        """
        header = sample_service_pb2.SampleHeader(name=name, parameters=parameters or {},
                                                 overwrite=overwrite,
                                                 source_format=source_format, family=family,
                                                 level=_event_level(event_level))
        total = len(events)
        bar = _progress_bar(progress, total=total, unit="events", desc=f"uploading {name}")

        def chunks():
            start = 0
            while True:
                stop = min(total, start + chunk_events)
                chunk = sample_service_pb2.UploadSampleRequest(complete=stop == total)
                if hasattr(events, "columns"):  # a DataFrame: a feature table
                    chunk.table.CopyFrom(feature_table(events, start, stop))
                elif isinstance(events, EventArrays):
                    chunk.columns.CopyFrom(events.slice(start, stop).to_columns())
                else:
                    chunk.events.extend(events[start:stop])
                if start == 0:
                    chunk.header.CopyFrom(header)
                yield chunk
                if bar is not None:
                    bar.update(stop - start)
                if stop == total:
                    return
                start = stop

        try:
            return self._samples.UploadSample(chunks(), metadata=self._metadata)
        finally:
            if bar is not None:
                bar.close()

    @raises_latentspace_error("SampleService.ListSamples")
    def samples(self):
        """Every stored sample (Sample messages), ordered by name."""
        return list(self._unary(self._samples.ListSamples,
                                sample_service_pb2.ListSamplesRequest()).samples)

    @raises_latentspace_error("SampleService.GetSample")
    def sample(self, name):
        return self._unary(self._samples.GetSample, sample_service_pb2.GetSampleRequest(name=name))

    @raises_latentspace_error("SampleService.DeleteSample")
    def delete_sample(self, name):
        self._unary(self._samples.DeleteSample, sample_service_pb2.DeleteSampleRequest(name=name))

    # ---- JobService

    @raises_latentspace_error("JobService.SubmitTraining")
    def _submit_training(self, request):
        return self._unary(self._jobs.SubmitTraining, request)

    @raises_latentspace_error("JobService.SubmitDetectorTraining")
    def _submit_detector_training(self, request):
        return self._unary(self._jobs.SubmitDetectorTraining, request)

    def train(self, encoder, samples, wait=True, progress=True, **options):
        """Trains encoder `encoder` on the stored `samples` (their names).

        options: any TrainingRequest field (epochs, seed, preset, events_per_set, test_fraction,
        ...). With wait, watches the job to its end (a tqdm bar when progress and tqdm is
        installed) and raises LatentspaceError if it fails or is cancelled. Returns the Job.
        """
        request = _fields(job_service_pb2.TrainingRequest, options, "train")
        request.encoder = encoder
        request.samples.extend(samples)
        job = self._submit_training(request)
        return self.watch(job.id, progress=progress, check=True) if wait else job

    def train_detector(self, detector, reference, wait=True, progress=True, **options):
        """Trains anomaly detector `detector` on the stored `reference` sample.

        options: any DetectorTrainingRequest field (kind, signal, epochs, seed, ...). wait and
        progress as train().
        """
        request = _fields(detector_service_pb2.DetectorTrainingRequest, options,
                          "train_detector")
        request.detector = detector
        request.reference = reference
        job = self._submit_detector_training(request)
        return self.watch(job.id, progress=progress, check=True) if wait else job

    @raises_latentspace_error("JobService.GetJob")
    def job(self, job_id):
        return self._unary(self._jobs.GetJob, job_service_pb2.GetJobRequest(id=job_id))

    @raises_latentspace_error("JobService.ListJobs")
    def jobs(self, state=job_service_pb2.JOB_STATE_UNSPECIFIED):
        """Jobs, every state by default (state: a JobState number)."""
        return list(self._unary(self._jobs.ListJobs,
                                job_service_pb2.ListJobsRequest(state=state)).jobs)

    @raises_latentspace_error("JobService.CancelJob")
    def cancel(self, job_id):
        return self._unary(self._jobs.CancelJob, job_service_pb2.CancelJobRequest(id=job_id))

    @raises_latentspace_error("JobService.WatchJob")
    def watch(self, job_id, progress=True, check=False, on_update=None):
        """Follows the job to its final state and returns that Job. on_update(job) sees every
        update; with check, a FAILED or CANCELLED job raises LatentspaceError (ABORTED)."""
        bar = _progress_bar(progress, total=100, desc=f"job {job_id}", unit="%")
        last = None
        try:
            for job in self._jobs.WatchJob(job_service_pb2.WatchJobRequest(id=job_id),
                                           metadata=self._metadata):
                last = job
                if on_update is not None:
                    on_update(job)
                if bar is not None:
                    bar.n = round(100 * job.progress.ratio)
                    loss = job.progress.validation_loss
                    bar.set_description_str(
                        f"job {job_id} epoch {job.progress.epoch}/{job.progress.epochs}" +
                        (f", validation loss {loss:.4g}" if math.isfinite(loss) else ""),
                        refresh=True)
        finally:
            if bar is not None:
                bar.close()
        if last is None or last.state not in _FINAL_STATES:
            raise LatentspaceError(grpc.StatusCode.UNAVAILABLE,
                                   f"the watch of job {job_id} ended before the job did",
                                   "JobService.WatchJob")
        if check and last.state != job_service_pb2.JOB_STATE_SUCCEEDED:
            state = job_service_pb2.JobState.Name(last.state)
            raise LatentspaceError(grpc.StatusCode.ABORTED,
                                   f"job {job_id} ended {state}: {last.error}",
                                   "JobService.WatchJob")
        return last

    # ---- EncoderService

    @raises_latentspace_error("EncoderService.ListEncoders")
    def encoders(self, all_versions=False):
        return list(self._unary(self._encoders.ListEncoders, encoder_service_pb2.
                                ListEncodersRequest(all_versions=all_versions)).encoders)

    @raises_latentspace_error("EncoderService.GetEncoder")
    def encoder(self, name, version=0):
        """The encoder's full view (Encoder message): feature names, known models, accuracies."""
        return self._unary(self._encoders.GetEncoder, encoder_service_pb2.GetEncoderRequest(
            encoder=encoder_service_pb2.EncoderRef(name=name, version=version)))

    @raises_latentspace_error("EncoderService.DeleteEncoder")
    def delete_encoder(self, name, version=0):
        """Deletes one version, or every version with version 0."""
        self._unary(self._encoders.DeleteEncoder, encoder_service_pb2.DeleteEncoderRequest(
            encoder=encoder_service_pb2.EncoderRef(name=name, version=version)))

    # ---- EmbeddingService

    @raises_latentspace_error("EmbeddingService.Embed")
    def _embed(self, request):
        return self._unary(self._embedding.Embed, request)

    def embed(self, encoder, events=None, features=None, version=0):
        """The latent points of consecutive sets of k accepted events: an (n_sets, 2) array.

        events: EventArrays or Event messages; features instead: feature rows (a 2-D array, or a
        DataFrame with the encoder's feature names as columns, in any order).
        """
        request = embedding_service_pb2.EmbedRequest(
            encoder=encoder_service_pb2.EncoderRef(name=encoder, version=version),
            batch=_batch(events, features))
        response = self._embed(request)
        return np.array([[p.x, p.y] for p in response.points], dtype=np.float64).reshape(-1, 2)

    # ---- ProximityService

    @raises_latentspace_error("ProximityService.QueryNearest")
    def _query_nearest(self, request):
        return self._unary(self._proximity.QueryNearest, request)

    def nearest(self, encoder, events=None, sample=None, features=None, version=0, prior=None,
                event_level="detector", points=None):
        """Which known models the sample is closest to: a DataFrame, most probable first.

        Columns: model, posterior, fraction (of the sample's sets it wins), distance (between
        centroids), mean_log_likelihood, family. attrs: encoder, encoder_version, sets,
        skipped_events, fit (the goodness-of-fit test against the first model: model, statistic,
        p_value, ...; None without one), fit_note, inferred (a DataFrame of the parameters
        inferred within the first model's family), inference_note, warnings (the server's
        caveats, each also issued as a UserWarning), response (the message).
        Give events, features, the name of a stored sample, or points: the sample's sets already
        embedded with this encoder version (an (n_sets, 2) array from embed(), which can be
        called on any number of chunks); prior: {model: weight}; event_level: that of the events
        ("detector", "truth" or "parton").
        """
        pandas = _pandas("nearest")
        request = proximity_service_pb2.QueryNearestRequest(
            encoder=encoder_service_pb2.EncoderRef(name=encoder, version=version),
            prior=prior or {})
        if sum(given is not None for given in (events, features, sample, points)) != 1:
            raise ValueError("give one of events, features, sample or points")
        if sample is not None:
            request.sample_name = sample
        elif points is not None:
            xy = np.asarray(points, dtype=np.float64)
            if xy.ndim != 2 or xy.shape[1] != 2:
                raise ValueError(f"points: an (n_sets, 2) array, not shape {xy.shape}")
            request.points.level = _event_level(event_level)
            for x, y in xy.tolist():
                request.points.points.add(x=x, y=y)
        else:
            request.events.CopyFrom(_batch(events, features, event_level))
        response = self._query_nearest(request)
        _warn(response.warnings)
        ranking = pandas.DataFrame(
            [{"model": m.model, "posterior": m.posterior, "fraction": m.fraction,
              "distance": m.distance, "mean_log_likelihood": m.mean_log_likelihood,
              "family": m.family} for m in response.ranking],
            columns=["model", "posterior", "fraction", "distance", "mean_log_likelihood",
                     "family"])
        inferred = pandas.DataFrame(
            [{"name": p.name, "value": p.value, "uncertainty": p.uncertainty,
              "statistical": p.statistical, "interpolation": p.interpolation,
              "extrapolated": p.extrapolated, "models": p.models, "note": p.note}
             for p in response.inferred],
            columns=["name", "value", "uncertainty", "statistical", "interpolation",
                     "extrapolated", "models", "note"])
        fit = None
        if response.HasField("fit"):
            fit = {"model": response.fit.model, "statistic": response.fit.statistic,
                   "reference_statistic": response.fit.reference_statistic,
                   "p_value": response.fit.p_value, "reference_sets": response.fit.reference_sets,
                   "permutations": response.fit.permutations}
        ranking.attrs.update(encoder=response.encoder, encoder_version=response.encoder_version,
                             sets=response.sets, skipped_events=response.skipped_events,
                             fit=fit, fit_note=response.fit_note, inferred=inferred,
                             inference_note=response.inference_note,
                             warnings=list(response.warnings), response=response)
        return ranking

    @raises_latentspace_error("ProximityService.GetContours")
    def contours(self, encoder, masses=(0.5,), grid_size=0, version=0):
        """Each known model's density contours enclosing `masses` of its points (ContourSet)."""
        response = self._unary(self._proximity.GetContours, proximity_service_pb2.
                               GetContoursRequest(encoder=encoder_service_pb2.EncoderRef(
                                   name=encoder, version=version), masses=masses,
                                   grid_size=grid_size))
        return ContourSet.from_response(response)

    @raises_latentspace_error("ProximityService.GetFeatureMap")
    def feature_map(self, encoder, feature, bins=0, version=0):
        """The mean of input `feature` over the latent plane (FeatureMap; bins 0: 32)."""
        r = self._unary(self._proximity.GetFeatureMap, proximity_service_pb2.
                        GetFeatureMapRequest(encoder=encoder_service_pb2.EncoderRef(
                            name=encoder, version=version), feature=feature, bins=bins))
        count = np.array(r.count, dtype=np.int64).reshape(r.ny, r.nx)
        mean = np.array(r.mean, dtype=np.float64).reshape(r.ny, r.nx)
        mean[count == 0] = np.nan
        return FeatureMap(r.feature, mean, count, (r.x_min, r.x_max, r.y_min, r.y_max))

    @raises_latentspace_error("ProximityService.GetDistanceMatrix")
    def _distance_matrix(self, request):
        return self._unary(self._proximity.GetDistanceMatrix, request)

    def distances(self, encoder, metric="centroid", version=0):
        """Distances between the known models (a models x models DataFrame).

        metric: "centroid", "sliced_wasserstein", "classifier_accuracy", "validation_confusion"
        or "test_confusion" (the encoder's sets, true model by row). attrs: response.
        """
        pandas = _pandas("distances")
        response = self._distance_matrix(proximity_service_pb2.GetDistanceMatrixRequest(
            encoder=encoder_service_pb2.EncoderRef(name=encoder, version=version)))
        if metric not in ("centroid", "sliced_wasserstein", "classifier_accuracy",
                          "validation_confusion", "test_confusion"):
            raise ValueError(f"metric = {metric!r}: centroid, sliced_wasserstein, "
                             "classifier_accuracy, validation_confusion or test_confusion")
        models = list(response.models)
        values = np.array(getattr(response, metric))
        if values.size != len(models) ** 2:
            raise LatentspaceError(grpc.StatusCode.FAILED_PRECONDITION,
                                   f"encoder {response.encoder} v{response.encoder_version} "
                                   f"recorded no {metric}", "ProximityService.GetDistanceMatrix")
        frame = pandas.DataFrame(values.reshape(len(models), len(models)), index=models,
                                 columns=models)
        frame.attrs["response"] = response
        return frame

    # ---- DetectorService

    @raises_latentspace_error("DetectorService.ListDetectors")
    def detectors(self, all_versions=False):
        return list(self._unary(self._detectors.ListDetectors, detector_service_pb2.
                                ListDetectorsRequest(all_versions=all_versions)).detectors)

    @raises_latentspace_error("DetectorService.GetDetector")
    def detector(self, name, version=0):
        return self._unary(self._detectors.GetDetector, detector_service_pb2.GetDetectorRequest(
            detector=detector_service_pb2.DetectorRef(name=name, version=version)))

    @raises_latentspace_error("DetectorService.DeleteDetector")
    def delete_detector(self, name, version=0):
        self._unary(self._detectors.DeleteDetector, detector_service_pb2.DeleteDetectorRequest(
            detector=detector_service_pb2.DetectorRef(name=name, version=version)))

    @raises_latentspace_error("DetectorService.ScoreEvents")
    def _score_events(self, request):
        return self._unary(self._detectors.ScoreEvents, request)

    def score(self, detector, events=None, sample=None, keep=0.0, version=0, features=None):
        """Anomaly scores, one row per accepted event: a DataFrame with index (position in the
        input, skipped events counted), event_id, score, reference_tail (share of the held-out
        reference scoring at least as high) and kept (above the cut keeping `keep` of the
        reference; every event without a cut). attrs: cut, kept_events, skipped_events.

        Give events, the name of a stored sample, or features: feature rows as embed() takes
        them (a DataFrame's columns picked by name, e.g. for a detector trained on columns)."""
        pandas = _pandas("score")
        request = detector_service_pb2.ScoreEventsRequest(
            detector=detector_service_pb2.DetectorRef(name=detector, version=version), keep=keep)
        if sample is not None:
            request.sample_name = sample
        else:
            request.events.CopyFrom(_batch(events, features))
        response = self._score_events(request)
        frame = pandas.DataFrame(
            {"index": [s.index for s in response.scores],
             "event_id": [s.event_id for s in response.scores],
             "score": [s.score for s in response.scores],
             "reference_tail": [s.reference_tail for s in response.scores],
             "kept": [s.kept for s in response.scores]})
        frame.attrs.update(detector=response.detector, detector_version=response.detector_version,
                           cut=response.cut, kept_events=response.kept_events,
                           skipped_events=response.skipped_events)
        return frame

    @raises_latentspace_error("DetectorService.InterpretSelectionWithProgress")
    def interpret(self, detector, encoder, events=None, sample=None, keep=0.01, models=None,
                  pseudo_experiments=0, level=0.0, seed=0, progress=True, on_progress=None,
                  event_level="detector", features=None):
        """Which known model, if any, explains the events the detector keeps at `keep` of its
        reference (docs/detectors.md): the InterpretSelectionResponse message (verdict, note,
        ranking with fitted signal fractions, intervals and p-values; its warnings are also
        issued as UserWarnings). level: the verdict's alpha; event_level: that of events.
        features instead of events: a DataFrame of per-event features, for a detector and an
        encoder trained on named columns (the server picks them by name).

        Streams the server's progress to a tqdm bar (progress) and to on_progress(progress
        message); interrupting (Ctrl-C) cancels the call and the server stops the work.
        """
        request = detector_service_pb2.InterpretSelectionRequest(
            detector=detector_service_pb2.DetectorRef(name=detector),
            encoder=encoder_service_pb2.EncoderRef(name=encoder), keep=keep,
            models=models or [], pseudo_experiments=pseudo_experiments, level=level, seed=seed)
        if sample is not None:
            request.sample_name = sample
        else:
            request.events.CopyFrom(_batch(events, features, event_level))
        bar = _progress_bar(progress, total=1, desc="interpreting")
        stream = self._detectors.InterpretSelectionWithProgress(request, metadata=self._metadata)
        answer = None
        try:
            for update in stream:
                if update.HasField("answer"):
                    answer = update.answer
                    continue
                if on_progress is not None:
                    on_progress(update.progress)
                if bar is not None:
                    bar.total = max(1, update.progress.total)
                    bar.n = update.progress.done
                    bar.set_description_str(update.progress.step, refresh=True)
        except KeyboardInterrupt:
            stream.cancel()
            raise
        finally:
            if bar is not None:
                bar.close()
        if answer is None:
            raise LatentspaceError(grpc.StatusCode.UNAVAILABLE,
                                   "the interpretation's stream ended without its answer",
                                   "DetectorService.InterpretSelectionWithProgress")
        _warn(answer.warnings)
        return answer
