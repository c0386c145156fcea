"""Events from Python data into the API's Event messages (GeV, radians), and feature tables.

Three ways in: jagged numpy arrays of physics objects (per-event object counts plus flat per-object
arrays, the layout of awkward arrays and of most ntuples once flattened), Dark Machines CSV files
(MeV, as the challenge wrote them), and pandas DataFrames of per-event features with named columns
(feature tables). The server checks every value again and names the event (or row) and the field
(or column) it refuses.
"""
import gzip
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from latentspace.v1 import events_pb2

# Dark Machines' object codes and the API's ObjectType numbers.
OBJECT_TYPES = {
    "j": events_pb2.OBJECT_TYPE_JET,
    "b": events_pb2.OBJECT_TYPE_BJET,
    "e-": events_pb2.OBJECT_TYPE_ELECTRON,
    "e+": events_pb2.OBJECT_TYPE_POSITRON,
    "m-": events_pb2.OBJECT_TYPE_MUON,
    "m+": events_pb2.OBJECT_TYPE_ANTIMUON,
    "g": events_pb2.OBJECT_TYPE_PHOTON,
}


@dataclass
class EventArrays:
    """Events as columns. Event i has counts[i] objects: the next counts[i] entries of the
    per-object arrays (type, pt, eta, phi, e). Energies and momenta in GeV, angles in radians.

    type holds ObjectType numbers (latentspace.v1.events_pb2.OBJECT_TYPE_JET, ...).
    Build one with events_from_arrays (which checks the shapes) or read_darkmachines_csv.
    """

    counts: np.ndarray
    type: np.ndarray
    pt: np.ndarray
    eta: np.ndarray
    phi: np.ndarray
    e: np.ndarray
    met: np.ndarray
    met_phi: np.ndarray
    weight: Optional[np.ndarray] = None
    event_id: Optional[Sequence[str]] = None

    def __len__(self):
        return len(self.counts)

    def slice(self, start, stop):
        """Events start..stop-1 as EventArrays (clamped to the events there are, as Python's
        slices are)."""
        start, stop = min(start, len(self)), max(start, min(stop, len(self)))
        offsets = self._offsets()
        first, last = offsets[start], offsets[stop]
        return EventArrays(
            self.counts[start:stop], self.type[first:last], self.pt[first:last],
            self.eta[first:last], self.phi[first:last], self.e[first:last], self.met[start:stop],
            self.met_phi[start:stop], None if self.weight is None else self.weight[start:stop],
            None if self.event_id is None else self.event_id[start:stop])

    def to_events(self):
        """The events as a list of latentspace.v1.Event messages."""
        offsets = self._offsets()
        types, pts, etas = self.type.tolist(), self.pt.tolist(), self.eta.tolist()
        phis, es = self.phi.tolist(), self.e.tolist()
        events = []
        for i, (met, met_phi) in enumerate(zip(self.met.tolist(), self.met_phi.tolist())):
            event = events_pb2.Event(met=met, met_phi=met_phi)
            if self.weight is not None:
                event.weight = float(self.weight[i])
            if self.event_id is not None:
                event.event_id = str(self.event_id[i])
            for j in range(offsets[i], offsets[i + 1]):
                event.objects.add(type=types[j], pt=pts[j], eta=etas[j], phi=phis[j], e=es[j])
            events.append(event)
        return events

    def to_columns(self):
        """The events as one latentspace.v1.EventColumns message: each array packed
        little-endian as bytes (the fast way to send many events)."""
        if len(self.counts) and int(self.counts.max()) >= 2**32:
            raise ValueError(f"counts: {int(self.counts.max())} objects in one event: at most "
                             f"{2**32 - 1}")
        outside = (self.type < 0) | (self.type > 255)
        if outside.any():
            first = int(np.flatnonzero(outside)[0])
            raise ValueError(f"type[{first}] = {self.type[first]}: not an ObjectType number "
                             "(1..7)")

        def packed(values, dtype="<f8"):
            return np.ascontiguousarray(values, dtype=dtype).tobytes()

        columns = events_pb2.EventColumns(
            object_counts=packed(self.counts, "<u4"), object_types=packed(self.type, "u1"),
            e=packed(self.e), pt=packed(self.pt), eta=packed(self.eta), phi=packed(self.phi),
            met=packed(self.met), met_phi=packed(self.met_phi))
        if self.weight is not None:
            columns.weight = packed(self.weight)
        if self.event_id is not None:
            columns.event_ids.extend(str(event_id) for event_id in self.event_id)
        return columns

    def _offsets(self):
        offsets = np.zeros(len(self.counts) + 1, dtype=np.int64)
        np.cumsum(self.counts, out=offsets[1:])
        return offsets


def _object_types(types):
    """ObjectType numbers from numbers or Dark Machines codes ("j", "b", "e-", ...)."""
    types = np.asarray(types)
    if types.dtype.kind in "iu":
        return types.astype(np.int32)
    codes = np.empty(len(types), dtype=np.int32)
    for i, code in enumerate(types.tolist()):
        if code not in OBJECT_TYPES:
            raise ValueError(f"type[{i}] = {code!r}: not an object code "
                             f"({', '.join(OBJECT_TYPES)}) or an ObjectType number")
        codes[i] = OBJECT_TYPES[code]
    return codes


def events_from_arrays(counts, type, pt, eta, phi, e, met, met_phi, weight=None,
                       event_id=None):  # pylint: disable=redefined-builtin
    """EventArrays from per-event counts and flat per-object arrays (any array-likes).

    type: ObjectType numbers or Dark Machines codes ("j", "b", "e-", "e+", "m-", "m+", "g").
    GeV and radians. Raises ValueError naming the array whose length does not match.
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.dtype.kind not in "iu":
        raise ValueError(f"counts: a 1-D integer array of objects per event, not {counts.dtype} "
                         f"of shape {counts.shape}")
    if (counts < 0).any():
        first = int(np.flatnonzero(counts < 0)[0])
        raise ValueError(f"counts[{first}] = {counts[first]}: must not be negative")
    objects = int(counts.sum())
    per_object = {"type": type, "pt": pt, "eta": eta, "phi": phi, "e": e}
    arrays = {}
    for name, values in per_object.items():
        values = np.asarray(values) if name == "type" else np.asarray(values, dtype=np.float64)
        if values.shape != (objects,):
            raise ValueError(f"{name}: {values.shape[0] if values.ndim else 0} values for "
                             f"{objects} objects (the sum of counts)")
        arrays[name] = values
    per_event = {"met": met, "met_phi": met_phi, "weight": weight, "event_id": event_id}
    for name, values in per_event.items():
        if values is None:
            continue
        values = np.asarray(values) if name == "event_id" else np.asarray(values,
                                                                          dtype=np.float64)
        if values.shape != counts.shape:
            raise ValueError(f"{name}: {values.shape[0] if values.ndim else 0} values for "
                             f"{len(counts)} events")
        arrays[name] = values
    return EventArrays(counts.astype(np.int64), _object_types(arrays["type"]), arrays["pt"],
                       arrays["eta"], arrays["phi"], arrays["e"], arrays["met"],
                       arrays["met_phi"], arrays.get("weight"), arrays.get("event_id"))


def feature_table(frame, start=0, stop=None):
    """Rows start..stop of a DataFrame of per-event features as the API's FeatureTable: its column
    names and its values packed as little-endian doubles. Raises ValueError naming a column whose
    name is not a string or whose values are not numbers."""
    for name, dtype in frame.dtypes.items():
        if not isinstance(name, str):
            raise ValueError(f"features: column {name!r}: column names must be strings")
        if dtype.kind not in "iufb":
            raise ValueError(f"features: column {name!r} holds {dtype}, not numbers")
    values = np.ascontiguousarray(frame.iloc[start:stop].to_numpy(dtype="<f8"))
    return events_pb2.FeatureTable(columns=list(frame.columns), values=values.tobytes())


def read_darkmachines_csv(path):
    """The events of a Dark Machines CSV file (plain or .gz), converted from MeV to GeV.

    Each line: event id; process id; weight; MET; MET phi; then one field per object,
    "code,E,pt,eta,phi". Raises ValueError naming the file, line and field it cannot read.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    counts, types, pts, etas, phis, es = [], [], [], [], [], []
    mets, met_phis, weights, ids = [], [], [], []
    with opener(path, "rt") as lines:
        for number, line in enumerate(lines, start=1):
            fields = [f for f in line.strip().split(";") if f]
            if not fields:
                continue
            where = f"{path}:{number}"
            if len(fields) < 5:
                raise ValueError(f"{where}: {len(fields)} fields; a Dark Machines line has at "
                                 "least 5 (id;process;weight;MET;METphi)")
            try:
                weight, met, met_phi = (float(x) for x in fields[2:5])
            except ValueError:
                raise ValueError(f"{where}: weight, MET or MET phi is not a number: "
                                 f"{';'.join(fields[2:5])}") from None
            for k, obj in enumerate(fields[5:], start=1):
                parts = obj.split(",")
                if len(parts) != 5 or parts[0] not in OBJECT_TYPES:
                    raise ValueError(f"{where}: object {k} '{obj}' is not code,E,pt,eta,phi "
                                     f"with a code of {', '.join(OBJECT_TYPES)}")
                try:
                    energy, pt, eta, phi = (float(x) for x in parts[1:])
                except ValueError:
                    raise ValueError(f"{where}: object {k} '{obj}' has a field that is not a "
                                     "number") from None
                types.append(OBJECT_TYPES[parts[0]])
                es.append(energy / 1000)
                pts.append(pt / 1000)
                etas.append(eta)
                phis.append(phi)
            counts.append(len(fields) - 5)
            ids.append(fields[0])
            weights.append(weight)
            mets.append(met / 1000)
            met_phis.append(met_phi)
    return EventArrays(np.array(counts, dtype=np.int64), np.array(types, dtype=np.int32),
                       np.array(pts), np.array(etas), np.array(phis), np.array(es),
                       np.array(mets), np.array(met_phis), np.array(weights), ids)
