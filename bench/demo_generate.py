"""What the demo generator costs, and that its memory follows one hub-year, not the whole data set.

    python bench/demo_generate.py [--scales 1,4] [--out DIR]

Generates the demo data (six hubs, CRM years 2021-2025) at each scale in a fresh subprocess and
prints rows written, seconds, rows per second, the bytes written and the process's peak memory
(ru_maxrss). The generator streams each hub-year to its file and keeps only that year's company
indices (and its evaluation rows) in memory, so the peak grows with the largest hub-year while the
files grow with the total: across scales, the ratio "bytes written / peak memory growth" should
stay large (≫ 1) and constant. ``--scales 57`` writes about 10 million activity rows.

A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
import hubmonitor.reference
hubmonitor.reference.load_registry()
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from hubmonitor.demo import generate
start = time.perf_counter()
data = generate(Path({out!r}), scale={scale}, force=True)
seconds = time.perf_counter() - start
size = sum(p.stat().st_size for p in Path({out!r}).rglob("*") if p.is_file())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"rows": data.activity_rows + data.evaluation_rows, "activity_rows": data.activity_rows,
                  "seconds": seconds, "bytes": size, "peak_kb": peak, "baseline_kb": baseline}}))
"""


def run(scale: float, out: Path) -> dict[str, float]:
    code = _CHILD.format(root=str(ROOT), out=str(out), scale=scale)
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return dict(json.loads(result.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,4", help="comma-separated scales (default 1,4)")
    parser.add_argument("--out", type=Path, help="folder for the data (default: a temporary folder)")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{'scale':>7} {'activity rows':>14} {'seconds':>8} {'rows/s':>9} {'MB written':>11} {'peak MB':>8} "
          f"{'growth MB':>10} {'written/growth':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (float(s) for s in args.scales.split(",")):
            out = (args.out or Path(tmp)) / f"scale-{scale:g}"
            r = run(scale, out)
            growth_kb = max(1.0, r["peak_kb"] - r["baseline_kb"])
            print(f"{scale:>7g} {int(r['activity_rows']):>14,} {r['seconds']:>8.1f} {r['rows'] / r['seconds']:>9,.0f} "
                  f"{r['bytes'] / 1e6:>11.1f} {r['peak_kb'] / 1024:>8.1f} {growth_kb / 1024:>10.1f} "
                  f"{r['bytes'] / 1024 / growth_kb:>15.1f}")


if __name__ == "__main__":
    main()
