"""Run one command; print its output, then a JSON line with its wall time and peak memory.

    python -m benchmarks.measure -- COMMAND...

Peak memory is ``ru_maxrss`` over this wrapper's children: the largest resident set of the
command's process and of every process it waited for (pools, Pagefind). CPU time is the sum
of their user and system time.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    print(json.dumps({"seconds": seconds, "max_rss_kb": usage.ru_maxrss,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "returncode": result.returncode}))
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
