"""From arrays to a picture with latentd (docs/python.md; run by the client's tests).

    python3 walkthrough.py --server 127.0.0.1:50051 --data data/darkmachines --out latent.png

Reads two Dark Machines signals into arrays, uploads their first 500 events as known models,
trains an encoder, asks which known model the held-out events of one of them are nearest to, and
draws the known models' contours with the held-out sets on top.
"""
import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import latentspace  # noqa: E402

MODELS = {"walk_zprime": ("monojet_Zp2000.0_DM_50.0_chan1.csv.gz", {"mzprime": 2000, "mdm": 50}),
          "walk_squark": ("sqsq_sq1800_neut800_chan1.csv.gz", {"msquark": 1800,
                                                               "mneutralino": 800})}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--data", default="data/darkmachines", type=Path)
    parser.add_argument("--out", default="latent.png")
    args = parser.parse_args()

    with latentspace.Client(args.server) as client:
        # 1. Events as arrays: per-event object counts plus flat per-object arrays (GeV).
        held_out = {}
        for name, (file, parameters) in MODELS.items():
            events = latentspace.read_darkmachines_csv(args.data / file)
            client.upload(name, events.slice(0, 500), parameters=parameters)
            held_out[name] = events.slice(500, len(events))

        # 2. An encoder of the two known models (a progress bar with tqdm installed).
        client.train("walkthrough", list(MODELS), epochs=100, seed=1)

        # 3. Which known model are the held-out squark events nearest to?
        ranking = client.nearest("walkthrough", events=held_out["walk_squark"])
        print(ranking[["model", "posterior", "fraction"]].to_string(index=False))
        fit = ranking.attrs["fit"]
        print(f"fit to {fit['model']}: p = {fit['p_value']:.3g}")

        # 4. The picture: the known models' 50% and 90% contours, the held-out sets on top.
        points = client.embed("walkthrough", events=held_out["walk_squark"])
        contours = client.contours("walkthrough", masses=[0.5, 0.9])
        fig, ax = plt.subplots(figsize=(6, 5))
        latentspace.draw_contours(ax, contours, points=points,
                                  points_label="held-out squark 1800/800 sets")
        ax.set_title("Dark Machines signals in the latent space")
        fig.tight_layout()
        fig.savefig(args.out, dpi=120)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
