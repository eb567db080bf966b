#!/usr/bin/env python3
"""Load the CSV datasets of one obs-report report with pandas and draw one chart to a PNG.

    obs-report generate --app dice --period last-week --format csv --demo
    python examples/analyze.py out/dice-usage-2026-W47 --dataset features

The argument is the report's file stem: every `<stem>-<dataset>.csv` next to it is loaded.
Conventions of the files (see README, "Analysing the data in Python"): UTF-8 without BOM, a
header of column keys, instants as ISO 8601 with the offset of the report's time zone,
percentages as ratios 0..1, durations in milliseconds, an empty field for unavailable data.
Text cells that start with = + - @ (or a tab or carriage return) carry a leading apostrophe
so that spreadsheets never run them as formulas; `unneutralise` takes it off again.

Needs: pip install pandas matplotlib
"""
import argparse
import glob
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


# How obs-report writes instants: ISO 8601 with the offset of the report's time zone.
INSTANT = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


def unneutralise(value):
    """The original text of a cell that obs-report prefixed with an apostrophe."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def load(stem):
    """Every dataset of the report as a DataFrame, by dataset name (the table id)."""
    datasets = {}
    for path in sorted(glob.glob(f"{glob.escape(stem)}-*.csv")):
        name = os.path.basename(path)[len(os.path.basename(stem)) + 1 : -len(".csv")]
        frame = pd.read_csv(path)
        for column in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[column]):
                continue
            values = frame[column].dropna().astype(str)
            if len(values) > 0 and values.str.fullmatch(INSTANT).all():
                # Wall-clock time in the report's zone (the offset says which UTC instant it is).
                frame[column] = pd.to_datetime(frame[column].str.slice(0, 19), format="%Y-%m-%dT%H:%M:%S")
            else:
                frame[column] = frame[column].map(unneutralise)
        datasets[name] = frame
    return datasets


def draw(name, frame, out):
    """A line chart over the first time column, else bars of the first number column by the first text column."""
    times = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    numbers = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    texts = [c for c in frame.columns if c not in times and c not in numbers]
    if not numbers:
        raise SystemExit(f"dataset {name} has no numeric column to draw")
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    if times:
        # Ratios (0..1) and counts do not share an axis: counts win when there are both.
        counts = [c for c in numbers if frame[c].abs().max() > 1]
        frame.plot(x=times[0], y=counts or numbers, ax=ax, marker="o")
        ax.set_xlabel(f"{times[0]} (report time zone)")
    elif texts:
        frame.set_index(texts[0])[numbers[0]].sort_values().plot.barh(ax=ax)
        ax.set_xlabel(numbers[0])
    else:
        frame[numbers].plot(ax=ax)
    ax.set_title(name)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("stem", help="report file stem, e.g. out/dice-usage-2026-W47")
    parser.add_argument("--dataset", help="dataset to draw (default: the first one)")
    parser.add_argument("--out", help="PNG to write (default: <stem>-<dataset>.png)")
    args = parser.parse_args(argv)
    datasets = load(args.stem)
    if not datasets:
        raise SystemExit(f"no CSV files found for {args.stem}-*.csv (generate the report with --format csv)")
    for name, frame in datasets.items():
        print(f"{name}: {len(frame)} rows, columns {', '.join(frame.columns)}")
    name = args.dataset or next(iter(datasets))
    if name not in datasets:
        raise SystemExit(f"no dataset {name}; there are: {', '.join(datasets)}")
    out = args.out or f"{args.stem}-{name}.png"
    draw(name, datasets[name], out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
