"""The feature-table study of issue 21: real Dark Machines events turned into tables of per-event
features with named columns (what an analysis group's ntuple looks like), driven through latentctl
as a user would: each model's table uploaded (`samples upload`), one encoder per seed trained on a
subset of the columns (`train --columns`), and each model's held-out rows, their columns shuffled
among extra ones, ranked by `nearest FILE`. No test was tuned on these tables; the settings below
were fixed before the first run.

Prints per model, over the seeds: how often the true model ranks first for the whole held-out
table, its posterior, and the share of held-out pieces of PIECE_ROWS rows (five sets of ten, each
piece queried on its own) whose true model ranks first (mean and standard deviation over seeds);
and each encoder's test accuracy with its 68% interval; progress on stderr.

    feature_table_study.py [--latentd build/server/latentd] [--latentctl build/client/cli/latentctl]
                           [--data data/darkmachines] [--seeds 1,2,3]
"""
import argparse
import gzip
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["run", "PTJ1", "PTJ2", "ETAJ1", "ETAJ2", "MET", "HT", "NJ", "NB", "NLEP", "MJJ"]
TRAINED_ON = ["PTJ1", "PTJ2", "MET", "HT", "NJ", "NB", "MJJ"]
HELD_OUT_FRACTION = 0.4
MAX_HELD_OUT, MAX_TRAINING = 500, 1500  # rows per model
EPOCHS = 200
PIECE_ROWS = 50
SPLIT_SEED = 2026


def features(line):
    """One Dark Machines line (MeV) as a row of COLUMNS (GeV), "run" left to the caller."""
    fields = line.rstrip(";\n").split(";")
    met = float(fields[3]) / 1000
    jets, nb, nlep = [], 0, 0
    for obj in fields[5:]:
        code, e, pt, eta, phi = obj.split(",")
        if code in ("j", "b"):
            jets.append((float(pt) / 1000, float(eta), float(phi), float(e) / 1000))
            nb += code == "b"
        elif code[0] in "em":
            nlep += 1
    jets.sort(key=lambda j: -j[0])
    padded = jets + [(0.0, 0.0, 0.0, 0.0)] * 2
    mjj = 0.0
    if len(jets) >= 2:
        (pt1, eta1, phi1, _), (pt2, eta2, phi2, _) = jets[0], jets[1]
        mjj = math.sqrt(max(2 * pt1 * pt2 * (math.cosh(eta1 - eta2) - math.cos(phi1 - phi2)), 0))
    return {"PTJ1": padded[0][0], "PTJ2": padded[1][0], "ETAJ1": padded[0][1],
            "ETAJ2": padded[1][1], "MET": met, "HT": sum(j[0] for j in jets), "NJ": len(jets),
            "NB": nb, "NLEP": nlep, "MJJ": mjj}


def write_table(path, rows, columns):
    with open(path, "w", encoding="ascii") as out:
        out.write(",".join(columns) + "\n")
        for row in rows:
            out.write(",".join(repr(row[c]) for c in columns) + "\n")


def main():
    parser = argparse.ArgumentParser()
    repo = Path(__file__).resolve().parents[2]
    parser.add_argument("--latentd", default=str(repo / "build/server/latentd"))
    parser.add_argument("--latentctl", default=str(repo / "build/client/cli/latentctl"))
    parser.add_argument("--data", default=str(repo / "data/darkmachines"))
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    catalogue = json.loads((Path(args.data) / "samples.json").read_text())["samples"]

    with tempfile.TemporaryDirectory() as scratch:
        ready = Path(scratch) / "ready"
        log = open(Path(scratch) / "latentd.log", "w")  # pylint: disable=consider-using-with
        server = subprocess.Popen(  # pylint: disable=consider-using-with
            [args.latentd, "--data-dir", f"{scratch}/data", "--listen", "127.0.0.1:0",
             "--metrics-listen", "127.0.0.1:0", "--ready-file", str(ready)],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            while not (ready.exists() and ready.stat().st_size > 0):
                if server.poll() is not None:
                    sys.exit("latentd did not start: " + (Path(scratch) / "latentd.log").read_text())
                time.sleep(0.1)
            address = json.loads(ready.read_text())["grpc"]

            def ctl(*words):
                done = subprocess.run([args.latentctl, "--server", address, *words, "--json"],
                                      capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    sys.exit(f"latentctl {' '.join(words)}: {done.stderr}")
                return json.loads(done.stdout)

            held, n_rows, pieces = {}, {}, {}
            shuffled = random.Random(SPLIT_SEED)
            query_columns = COLUMNS[:]
            shuffled.shuffle(query_columns)
            for entry in catalogue:
                with gzip.open(Path(args.data) / entry["file"], "rt") as lines:
                    rows = [dict(features(line), run=i) for i, line in enumerate(lines)]
                shuffled.shuffle(rows)
                n_held = min(MAX_HELD_OUT, int(len(rows) * HELD_OUT_FRACTION))
                train = rows[n_held:n_held + MAX_TRAINING]
                name = entry["name"]
                write_table(f"{scratch}/{name}.csv", train, COLUMNS)
                held[name] = f"{scratch}/{name}_held.csv"
                n_rows[name] = n_held
                write_table(held[name], rows[:n_held], query_columns)
                pieces[name] = []
                for start in range(0, n_held - PIECE_ROWS + 1, PIECE_ROWS):
                    pieces[name].append(f"{scratch}/{name}_piece{start}.csv")
                    write_table(pieces[name][-1], rows[start:start + PIECE_ROWS], query_columns)
                params = [f"--param={k}={v}" for k, v in entry["parameters"].items()]
                ctl("samples", "upload", f"{scratch}/{name}.csv", "--name", name, *params)
                print(f"{name}: {len(train)} training rows, {n_held} held out", file=sys.stderr)

            first, posterior, piece_first, accuracy = {}, {}, {}, []
            for seed in seeds:
                encoder = f"table-study-{seed}"
                started = time.monotonic()
                job = ctl("train", "--encoder", encoder, "--samples",
                          ",".join(held), "--columns", ",".join(TRAINED_ON), "--seed", str(seed),
                          "--epochs", str(EPOCHS), "--wait")
                shown = ctl("encoders", "show", encoder)
                accuracy.append(shown["test"])
                print(f"seed {seed}: {job['state']} in {time.monotonic() - started:.0f} s",
                      file=sys.stderr)
                for name, path in held.items():
                    ranking = ctl("nearest", "--encoder", encoder, path)["ranking"]
                    first.setdefault(name, []).append(ranking[0]["model"] == name)
                    posterior.setdefault(name, []).append(
                        next(r["posterior"] for r in ranking if r["model"] == name))
                    right = sum(ctl("nearest", "--encoder", encoder, piece)["ranking"][0]["model"]
                                == name for piece in pieces[name])
                    piece_first.setdefault(name, []).append(right / len(pieces[name]))
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()

    def mean_sd(values):
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / max(1, len(values) - 1))
        return f"{mean:.3f} ± {sd:.3f}"

    print(f"| model | held-out rows | whole table ranked first (of {len(seeds)} seeds) | its "
          f"posterior | pieces of {PIECE_ROWS} rows | share of pieces ranked first |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in held:
        print(f"| {name} | {n_rows[name]} | {sum(first[name])} | {mean_sd(posterior[name])} | "
              f"{len(pieces[name])} | {mean_sd(piece_first[name])} |")
    for seed, test in zip(seeds, accuracy):
        print(f"seed {seed}: test accuracy of the encoder's own test sets: {json.dumps(test)}")


if __name__ == "__main__":
    main()
