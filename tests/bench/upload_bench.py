"""The Python half of upload_bench: numpy arrays of physics objects uploaded to a running latentd
by the Python client, as columns (EventArrays, the client's default) and, for a tenth of the
events, as Event messages (EventArrays.to_events()). The arrays have the bundled files' shape
(5.3 objects per event on average) with random values in range; building them is not timed,
converting them for the wire is. Prints a JSON list of {form, events, seconds: [one per
repetition]} on stdout; progress on stderr.

    upload_bench.py --address HOST:PORT --events N --repeat R --pythonpath DIRS
"""
import argparse
import json
import sys
import time


def random_events(np, latentspace, n, seed):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(5.3, n)
    objects = int(counts.sum())
    pt = rng.exponential(80, objects) + 20
    eta = rng.uniform(-2.5, 2.5, objects)
    return latentspace.events_from_arrays(
        counts=counts, type=rng.integers(1, 8, objects), pt=pt, eta=eta,
        phi=rng.uniform(-3.14, 3.14, objects), e=pt * np.cosh(eta),
        met=rng.exponential(100, n), met_phi=rng.uniform(-3.14, 3.14, n))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--events", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pythonpath", default="")
    args = parser.parse_args()
    sys.path[:0] = [p for p in args.pythonpath.split(":") if p]
    import numpy as np  # pylint: disable=import-outside-toplevel
    import latentspace  # pylint: disable=import-outside-toplevel

    events = random_events(np, latentspace, args.events, seed=1)
    few = events.slice(0, max(1, args.events // 10))
    rows = [{"form": "Python, numpy as EventColumns", "events": len(events), "seconds": []},
            {"form": "Python, numpy as Event messages", "events": len(few), "seconds": []}]
    with latentspace.Client(args.address) as client:
        client.wait_ready()
        for repetition in range(args.repeat):
            for row, upload in ((rows[0], lambda: client.upload("pybench", events,
                                                                 overwrite=True)),
                                (rows[1], lambda: client.upload("pybench", few.to_events(),
                                                                overwrite=True))):
                start = time.perf_counter()
                stored = upload()
                row["seconds"].append(time.perf_counter() - start)
                assert stored.num_events == row["events"], stored
                print(f"{row['form']}, repetition {repetition + 1}: {row['seconds'][-1]:.3f} s",
                      file=sys.stderr)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
