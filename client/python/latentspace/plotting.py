"""Contours of known models on a matplotlib Axes (matplotlib is needed only here)."""
import itertools


def draw_contours(ax, contours, points=None, points_label="sample", legend=True):
    """Draws a ContourSet (Client.contours) on `ax`: each model in its own colour, each enclosed
    mass in its own line style, labelled once, and optionally `points` ((n, 2): the sets of a
    sample, Client.embed) on top.

    The axes are the encoder's two latent coordinates (no unit). Returns ax.
    """
    import matplotlib  # pylint: disable=import-outside-toplevel

    palette = itertools.cycle(matplotlib.rcParams["axes.prop_cycle"].by_key()["color"])
    styles = itertools.cycle(["-", "--", ":", "-."])
    colours, dashes = {}, {}
    for contour in contours.contours:
        if contour.model not in colours:
            colours[contour.model] = next(palette)
        if contour.mass not in dashes:
            dashes[contour.mass] = next(styles)
        label = f"{contour.model} ({round(100 * contour.mass)}%)"
        for i, line in enumerate(contour.polylines):
            if contour.closed[i] and len(line):
                line = [*line, line[0]]
            xs = [p[0] for p in line]
            ys = [p[1] for p in line]
            ax.plot(xs, ys, color=colours[contour.model], linestyle=dashes[contour.mass],
                    linewidth=1.5, label=label if i == 0 else None)
    if points is not None and len(points):
        ax.scatter(points[:, 0], points[:, 1], s=8, color="black", alpha=0.4, zorder=3,
                   linewidths=0, label=points_label)
    x_min, x_max, y_min, y_max = contours.extent
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel(r"latent $z_1$ (encoder " f"{contours.encoder} v{contours.encoder_version})")
    ax.set_ylabel(r"latent $z_2$")
    if legend:
        ax.legend(fontsize="small", loc="best")
    return ax
