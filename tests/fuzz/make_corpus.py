#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from real data.

Every seed comes from the bundled real Dark Machines samples (data/darkmachines), the malformed
files and the LHE file of tests/core/events/testdata, and the sample names and parameters of
samples.json: Dark Machines lines and small files (plain and gzip), HepMC3 and HepMC2 listings
whose final-state particles are the objects of real events (a neutrino carrying the MET, a b quark
tagging each b jet), the same events as stored records, the LHE file (plain and gzip), and API
messages (upload chunks, event batches, training requests) encoded with protoc; and the inputs in
which fuzzing found a bug.
Deterministic; run it from anywhere after changing what a seed should hold:
    python3 tests/fuzz/make_corpus.py
"""
import base64
import gzip
import json
import math
import pathlib
import shutil
import struct
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "darkmachines"
MALFORMED = ROOT / "tests" / "core" / "events" / "testdata" / "malformed"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
PROTO_TYPES = {"j": "JET", "b": "BJET", "e-": "ELECTRON", "e+": "POSITRON", "m-": "MUON",
               "m+": "ANTIMUON", "g": "PHOTON"}
PDG = {"j": 211, "b": 211, "e-": 11, "e+": -11, "m-": 13, "m+": -13, "g": 22}


def real_lines(name, count):
    with gzip.open(DATA / name, "rt") as f:
        return [next(f).rstrip("\n") for _ in range(count)]


def first_line_with(name, code, limit=5000):
    with gzip.open(DATA / name, "rt") as f:
        for _, line in zip(range(limit), f):
            if f";{code}," in line:
                return line.rstrip("\n")
    raise ValueError(f"no '{code}' object in the first {limit} events of {name}")


def parse(line):
    """A Dark Machines line as the reader reads it: GeV = MeV / 1000."""
    fields = line.rstrip(";").split(";")
    objects = []
    for text in fields[5:]:
        code, e, pt, eta, phi = text.split(",")
        objects.append((code, float(e) / 1000, float(pt) / 1000, float(eta), float(phi)))
    return {"id": fields[0], "process": fields[1], "weight": float(fields[2]),
            "met": float(fields[3]) / 1000, "met_phi": float(fields[4]), "objects": objects}


def record(event):
    """A stored event record (core/events/event_blob.h): little-endian, the object type as
    ObjectType's number (the order of PROTO_TYPES)."""
    event_id = event["id"].encode()
    out = struct.pack("<I", len(event_id)) + event_id
    out += struct.pack("<dddI", event["weight"], event["met"], event["met_phi"],
                       len(event["objects"]))
    for code, e, pt, eta, phi in event["objects"]:
        out += struct.pack("<Bdddd", list(PROTO_TYPES).index(code), e, pt, eta, phi)
    return out


def write(target, name, content):
    """Writes a seed unless the target already has one with the same content."""
    content = content if isinstance(content, bytes) else content.encode()
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    if all(seed.read_bytes() != content for seed in directory.iterdir()):
        (directory / name).write_bytes(content)


def momentum(pt, eta, phi):
    return pt * math.cos(phi), pt * math.sin(phi), pt * math.sinh(eta)


def final_state(event):
    """(pdg, status, px, py, pz, e) of particles that the HepMC3 reader turns back into the
    event's objects and MET."""
    particles = []
    for code, e, pt, eta, phi in event["objects"]:
        px, py, pz = momentum(pt, eta, phi)
        particles.append((PDG[code], 1, px, py, pz, max(e, math.sqrt(px * px + py * py + pz * pz))))
        if code == "b":
            particles.append((5, 2, px / 10, py / 10, pz / 10, math.hypot(pt, pz) / 10))
    met, phi = event["met"], event["met_phi"]
    particles.append((12, 1, met * math.cos(phi), met * math.sin(phi), 0.0, met))
    return particles


def hepmc3(events, attribute=None):
    out = ["HepMC::Version 3.02.05", "HepMC::Asciiv3-START_EVENT_LISTING"]
    for number, event in enumerate(events):
        particles = final_state(event)
        out += [f"E {number} 1 {len(particles) + 2}", f"W {event['weight']!r}", "U GEV MM"]
        if attribute:
            out.append(f"A 0 signal_process_id {attribute}")
        out += ["P 1 0 2212 0 0 6500 6500 0.938 4", "P 2 0 2212 0 0 -6500 6500 0.938 4",
                "V -1 0 [1,2]"]
        for i, (pdg, status, px, py, pz, e) in enumerate(particles, start=3):
            out.append(f"P {i} -1 {pdg} {px!r} {py!r} {pz!r} {e!r} 0 {status}")
    out.append("HepMC::Asciiv3-END_EVENT_LISTING")
    return "\n".join(out) + "\n"


def hepmc2(events):
    out = ["HepMC::Version 2.06.09", "HepMC::IO_GenEvent-START_EVENT_LISTING"]
    for number, event in enumerate(events):
        particles = final_state(event)
        out += [f"E {number} -1 -1 -1 -1 0 -1 1 1 2 0 1 {event['weight']!r}", "U GEV MM",
                f"V -1 0 0 0 0 0 2 {len(particles)} 0",
                "P 1 2212 0 0 6500 6500 0.938 4 0 0 -1 0",
                "P 2 2212 0 0 -6500 6500 0.938 4 0 0 -1 0"]
        for i, (pdg, status, px, py, pz, e) in enumerate(particles, start=3):
            out.append(f"P {i} {pdg} {px!r} {py!r} {pz!r} {e!r} 0 {status} 0 0 0 0")
    out.append("HepMC::IO_GenEvent-END_EVENT_LISTING")
    return "\n".join(out) + "\n"


def proto_event(event, with_id=True):
    objects = " ".join(
        f"objects {{ type: OBJECT_TYPE_{PROTO_TYPES[code]} e: {e!r} pt: {pt!r} eta: {eta!r} "
        f"phi: {phi!r} }}" for code, e, pt, eta, phi in event["objects"])
    event_id = f' event_id: "{event["id"]}"' if with_id else ""
    return (f"{{ {objects} met: {event['met']!r} met_phi: {event['met_phi']!r} "
            f"weight: {event['weight']!r}{event_id} }}")


def proto_columns(events):
    """The events as an EventColumns text: little-endian packed columns, octal-escaped bytes."""
    codes = {code: number for number, code in enumerate(PROTO_TYPES, start=1)}
    objects = [o for e in events for o in e["objects"]]
    columns = {
        "object_counts": struct.pack(f"<{len(events)}I", *(len(e["objects"]) for e in events)),
        "object_types": bytes(codes[o[0]] for o in objects),
        "e": struct.pack(f"<{len(objects)}d", *(o[1] for o in objects)),
        "pt": struct.pack(f"<{len(objects)}d", *(o[2] for o in objects)),
        "eta": struct.pack(f"<{len(objects)}d", *(o[3] for o in objects)),
        "phi": struct.pack(f"<{len(objects)}d", *(o[4] for o in objects)),
        "met": struct.pack(f"<{len(events)}d", *(e["met"] for e in events)),
        "met_phi": struct.pack(f"<{len(events)}d", *(e["met_phi"] for e in events)),
        "weight": struct.pack(f"<{len(events)}d", *(e["weight"] for e in events)),
    }
    text = " ".join(name + ': "' + "".join("\\%03o" % b for b in value) + '"'
                    for name, value in columns.items())
    return "{ " + text + " ".join(f' event_ids: "{e["id"]}"' for e in events) + " }"


def encode(message, text):
    return subprocess.run(
        ["protoc", f"--encode=latentspace.v1.{message}", f"--proto_path={ROOT / 'proto'}",
         "latentspace/v1/sample_service.proto", "latentspace/v1/job_service.proto"],
        input=text.encode(), capture_output=True, check=True).stdout


def main():
    samples = json.loads((DATA / "samples.json").read_text())["samples"]
    shutil.rmtree(CORPUS, ignore_errors=True)

    # One real line of each sample, lines with every kind of object, and the malformed files.
    lines = {}
    for sample in samples:
        lines[sample["name"]] = real_lines(sample["file"], 1)[0]
    for code, label in [("b", "bjet"), ("m+", "antimuon"), ("m-", "muon"), ("e-", "electron"),
                        ("e+", "positron"), ("g", "photon")]:
        lines[label] = first_line_with("stop2b1000_neutralino300_chan1.csv.gz", code)
    for name, line in lines.items():
        write("darkmachines_line_fuzzer", f"{name}.csv", line)
    for path in sorted(MALFORMED.glob("*.csv")):
        write("darkmachines_line_fuzzer", path.name, path.read_bytes().split(b"\n")[0])
    # The same events as stored records, and one with no objects.
    for name, line in lines.items():
        write("event_record_fuzzer", f"{name}.record", record(parse(line)))
    write("event_record_fuzzer", "no_objects.record",
          record({"id": "1", "weight": 1.0, "met": 0.0, "met_phi": 0.0, "objects": []}))

    # Small real files, plain, gzip, with CRLF and blank lines; the malformed files.
    for sample in samples[:3]:
        text = "\n".join(real_lines(sample["file"], 4)) + "\n"
        write("darkmachines_file_fuzzer", f"{sample['name']}.csv", text)
    stop = real_lines("stop2b1000_neutralino300_chan1.csv.gz", 12)
    write("darkmachines_file_fuzzer", "stop_1000_300.csv.gz",
          gzip.compress(("\n".join(stop) + "\n").encode(), mtime=0))
    write("darkmachines_file_fuzzer", "crlf_and_blank_lines.csv",
          "\r\n".join(stop[:3]) + "\r\n \r\n\t\n" + stop[3])
    for path in sorted(MALFORMED.iterdir()):
        write("darkmachines_file_fuzzer", path.name, path.read_bytes())

    # HepMC listings of real events.
    events = [parse(line) for line in lines.values()]
    write("hepmc3_reader_fuzzer", "real_events.hepmc3", hepmc3(events[:4]))
    write("hepmc3_reader_fuzzer", "real_events_with_process_id.hepmc3",
          hepmc3(events[6:8], attribute=1))
    # Particles whose mother is a particle (the vertices WriterAscii leaves implicit), as showered
    # records have them: the fast path counts those vertices as ReaderAscii does.
    write("hepmc3_reader_fuzzer", "implicit_vertices.hepmc3", "\n".join([
        "HepMC::Version 3.01.02", "HepMC::Asciiv3-START_EVENT_LISTING", "W nominal\\|up",
        "E 7 3 8", "U GEV MM", "W 1.5 0.5", "A 0 signal_process_id 3",
        "P 1 0 2212 0 0 6500 6500 0.938 4", "P 2 0 2212 0 0 -6500 6500 0.938 4", "V -1 0 [1,2]",
        "P 3 -1 21 120.5 -30.25 80 148.0 0 52", "P 4 -1 5 -60 40 -10 73.5 4.8 52",
        "P 5 3 211 70.5 -20 50 88.7 0.1396 1", "P 6 3 -211 50 -10.25 30 59.2 0.1396 1",
        "P 7 4 511 -59 39 -9.5 71.8 5.28 2", "P 8 -1 1000022 30 40 5 112 100 1",
        "HepMC::Asciiv3-END_EVENT_LISTING", ""]))
    write("hepmc3_reader_fuzzer", "real_events.hepmc2", hepmc2(events[4:8]))
    lhe = (ROOT / "tests" / "core" / "events" / "testdata" / "lhe" / "gluino_3events.lhe").read_text()
    write("lhe_reader_fuzzer", "gluino_3events.lhe", lhe)
    write("lhe_reader_fuzzer", "gluino_3events.lhe.gz", gzip.compress(lhe.encode(), mtime=0))
    write("hepmc3_reader_fuzzer", "real_events.hepmc3.gz",
          gzip.compress(hepmc3(events[8:10]).encode(), mtime=0))

    # Upload chunks: the first with the header, a later one marked complete.
    for sample in samples[1:4]:
        chunk = [parse(line) for line in real_lines(sample["file"], 3)]
        parameters = " ".join(f'parameters {{ key: "{k}" value: {v} }}'
                              for k, v in sample["parameters"].items())
        text = (f'header {{ name: "{sample["name"]}" {parameters} source_format: "darkmachines" }} '
                + " ".join(f"events {proto_event(e)}" for e in chunk))
        write("sample_upload_fuzzer", f"{sample['name']}_first_chunk.pb",
              encode("UploadSampleRequest", text))
    write("sample_upload_fuzzer", "columns_chunk.pb",
          encode("UploadSampleRequest", f"columns {proto_columns(chunk)}"))
    last = [parse(line) for line in lines.values()][6:]
    text = " ".join(f"events {proto_event(e, with_id=i % 2 == 0)}" for i, e in enumerate(last))
    write("sample_upload_fuzzer", "last_chunk.pb", encode("UploadSampleRequest", text + " complete: true"))

    # Embedding batches: real events, and darkmachines feature rows (E, pt, eta, phi of 4 jets;
    # MET) of real events.
    batch = [parse(line) for line in real_lines("glgl1600_neutralino800_chan1.csv.gz", 6)]
    write("event_batch_fuzzer", "events.pb", encode(
        "EventBatch", "events { " + " ".join(f"events {proto_event(e)}" for e in batch) + " }"))
    write("event_batch_fuzzer", "columns.pb", encode("EventBatch", f"columns {proto_columns(batch)}"))
    rows = []
    for event in batch:
        jets = [o for o in event["objects"] if o[0] in ("j", "b")][:4]
        if len(jets) == 4:
            values = [v for _, e, pt, eta, phi in jets for v in (e, pt, eta, phi)] + [event["met"]]
            rows.append("rows { " + " ".join(f"values: {v!r}" for v in values) + " }")
    write("event_batch_fuzzer", "feature_rows.pb",
          encode("EventBatch", "feature_rows { " + " ".join(rows) + " }"))
    # The same events' MET and leading jet pt as a feature table, with a column no preset reads.
    columns = ["run", "jet1_pt", "met"]
    packed = b"".join(struct.pack("<3d", i, max(o[2] for o in e["objects"] if o[0] in "jb"),
                                  e["met"]) for i, e in enumerate(batch))
    table = " ".join(f'columns: "{c}"' for c in columns)
    escaped = "".join("\\%03o" % b for b in packed)
    write("event_batch_fuzzer", "table.pb",
          encode("EventBatch", f'table {{ {table} values: "{escaped}" }}'))
    # A table value of 1e300, finite as a double, became infinity in the models' float matrix.
    write("event_batch_fuzzer", "table_value_beyond_float.pb", base64.b64decode(
        "KqYBCgMpdW4KB2pldDFfcHQKA21ldBKQAQAAAAAAAAAA1XjpJjHRgEApXI/C9byHQAAAAAAAAPA/CKwcWmTnfUDT"
        "TWIQcnVuWMiDQAAAAAAAAABA+FPjpZsvjEAbL90kBjMP///+hEAAAAAAAAAIQESLbOf7a3xA4XoUrke3dUAAAAAA"
        "AAAQQG3n+6nxKoNA3SQGcnVug0AAAAAAAAAUQKq/0k1i4ntAoBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ"
        "EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ"))

    # Training requests: the README's, everything set, and the minimal one.
    names = [s["name"] for s in samples]
    write("training_request_fuzzer", "readme.pb", encode(
        "TrainingRequest", 'encoder: "mine" ' + " ".join(f'samples: "{n}"' for n in names[:4])))
    write("training_request_fuzzer", "every_field.pb", encode(
        "TrainingRequest",
        'encoder: "demo" ' + " ".join(f'samples: "{n}"' for n in names) +
        ' preset: "gluino" variant: "vae-contrastive" epochs: 600 batch_size: 256 seed: 7 '
        'learning_rate: 0.001 patience: -1 events_per_set: 50 validation_fraction: 0.2 '
        'missing_jets: "zero" max_events_per_sample: 10000 final_learning_rate_fraction: 0.01 '
        'initialisations: 2'))
    write("training_request_fuzzer", "minimal.pb", encode(
        "TrainingRequest", f'encoder: "e" samples: "{names[0]}" samples: "{names[1]}"'))
    # Detector training requests: the docs' vae-classifier, everything set, the minimal one.
    write("detector_training_request_fuzzer", "docs.pb", encode(
        "DetectorTrainingRequest", f'detector: "sr-vs-bkg" kind: "vae-classifier" '
        f'reference: "{names[0]}" signal: "{names[1]}" preset: "darkmachines" epochs: 300'))
    write("detector_training_request_fuzzer", "every_field.pb", encode(
        "DetectorTrainingRequest",
        f'detector: "cwola" kind: "classifier" reference: "{names[0]}" signal: "{names[2]}" '
        'preset: "rmm-3" epochs: 50 batch_size: 128 seed: 9 learning_rate: 0.002 patience: -1 '
        'validation_fraction: 0.25 latent_dim: 8 kl_weight: 0.5 missing_jets: "zero" '
        'max_events_per_sample: 1000 significance_keep: 0.001'))
    write("detector_training_request_fuzzer", "minimal.pb", encode(
        "DetectorTrainingRequest", f'detector: "ae" reference: "{names[0]}"'))

    # Reproducers of past findings (docs/testing.md), minimised: each crashed or broke an
    # invariant before its fix.
    v3_event = "\n".join(hepmc3(events[:1]).split("\n")[:-2])  # one event, no footer
    findings = {
        # HepMC3 reads "E  1 0" as 1 vertex, 0 particles; the vertex's particle 2 crashed it.
        "finding_incoming_particle_beyond_count.hepmc3":
            "HepMC::Asciiv3-START_EVENT_LISTING\nE  1 0\nV -1 [2]",
        # Runs of spaces make every HepMC2 count 261590844: 2 GB allocated before reading.
        "finding_counts_from_spaces.hepmc2":
            "HepMC::IO_GenEvent-START_EVENT_LISTING\nE           261590844",
        # A 64-character attribute name overflowed HepMC3's stack buffer.
        "finding_long_attribute_name.hepmc3": v3_event.replace(
            "U GEV MM", "A 0 signal" + "G" * 60 + "_process_id 1\nU GEV MM") +
            "\nHepMC::Asciiv3-END_EVENT_LISTING\n",
        # A HepMC2 header inside an event ends it (complete, with its vertex declaring no
        # outgoing particles); the particles after it, read as the next event, have no vertex.
        "finding_particles_after_header.hepmc2": hepmc2(events[:1]).replace(
            f"V -1 0 0 0 0 0 2 {len(final_state(events[0]))} 0", "V -1 0 0 0 0 0 2 0 0").replace(
            "P 3 ", "HepMC::IO_GenEvent-START_EVENT_LISTING\nP 3 ", 1),
        # A HepMC2 vertex with a weight and no incoming particle crashed at the event's end.
        "finding_weighted_vertex_without_incoming.hepmc2": hepmc2(events[:1]).replace(
            f"V -1 0 0 0 0 0 2 {len(final_state(events[0]))} 0",
            f"V -1 0 0 0 0 0 0 {len(final_state(events[0]))} 1 0.5").replace(
            "0.938 4 0 0 -1 0", "0.938 4 0 0 0 0"),
    }
    for name, text in findings.items():
        write("hepmc3_reader_fuzzer", name, text)
    # As the fuzzer found it: HepMC3 3.1 unescaped a weight-names line ending with a lone
    # backslash past its end.
    write("hepmc3_reader_fuzzer", "finding_weight_names_lone_backslash.hepmc3", base64.b64decode(
        "SGVwTUM6OlZlcnNpb24gMzAyLjA1CkhlcE1DOjpBc2NpaXYzLVNUQVJUX0VWRU5UX0xJU1RJTkf/uiAwIDEgOApX"
        "IDHSzkFzY2lpdjNfSU5H/7ogMCAxIDgKV0xJNjUwMCA2MCAwLjkzOCBtcGkgMiBNIDIyMTIgNCA4IDMyNjQgOFdF"
        "ZWVlZTIwIDAuXA=="))
    # An event id starting with gzip's magic: read from a file, written plain, read as gzip.
    write("darkmachines_file_fuzzer", "finding_gzip_magic_in_event_id.csv",
          b"\n\x1f\x8b01131;p;1;200000;0.5\n")
    # A GeV value no MeV double divides back to came back one ulp off from the stored sample.
    write("sample_upload_fuzzer", "finding_unreachable_gev.pb", encode(
        "UploadSampleRequest", 'header { name: "s" } events { objects { type: OBJECT_TYPE_JET '
        'e: 504.22005776077884 pt: 504.22005776077884 } met: 504.22005776077884 } complete: true'))

    # Names: the bundled samples' names and parameters, and names that must be refused.
    for sample in samples:
        write("names_fuzzer", f"sample_{sample['name']}", sample["name"])
        for parameter in sample["parameters"]:
            write("names_fuzzer", f"parameter_{parameter}", parameter)
    for i, name in enumerate(["m_{Z'}", "../etc/passwd", ".hidden", " mgluino", "caf\u00e9"]):
        write("names_fuzzer", f"other_{i}", name)


if __name__ == "__main__":
    main()
