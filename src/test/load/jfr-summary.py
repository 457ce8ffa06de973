#!/usr/bin/env python3
"""Where the gateway's CPU goes, from a JFR recording of ProvincialBenchmark (-Danchor.bench.jfr=true).

usage: python3 src/test/load/jfr-summary.py target/benchmarks/gateway-*.jfr [top]

Splits the execution samples by the entry point on their stack (proof serving, single and bulk intake, sealing,
anchoring) and prints, for each, the share of samples and the methods most often on top of the stack (self time)
and anywhere on it (total time), gateway and library frames alike. Uses the JDK's `jfr` tool.
"""
import collections
import json
import subprocess
import sys

PARTS = [
    ("proof serving", "ProofResource.proof"),
    ("bulk intake", "DocumentResource.submitBulk"),
    ("single intake", "DocumentResource.submit"),
    ("sealing", "BatchSealer"),
    ("anchoring", "Anchorer"),
]


def samples(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
        yield [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in frames]


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
    by_part = collections.defaultdict(list)
    total = 0
    for stack in samples(path):
        total += 1
        part = next((name for name, marker in PARTS if any(marker in frame for frame in stack)), "other")
        by_part[part].append(stack)
    print(f"{total} samples")
    for name, _ in PARTS + [("other", None)]:
        stacks = by_part.get(name, [])
        if not stacks:
            continue
        print(f"\n## {name}: {len(stacks)} samples ({100 * len(stacks) / total:.0f}%)")
        self_time = collections.Counter(stack[0] for stack in stacks if stack)
        total_time = collections.Counter(frame for stack in stacks for frame in set(stack))
        print("self:  " + "; ".join(f"{m} {100 * n / len(stacks):.0f}%" for m, n in self_time.most_common(top)))
        print("total: " + "; ".join(f"{m} {100 * n / len(stacks):.0f}%" for m, n in total_time.most_common(top)
                                    if not m.startswith(("Thread.", "VertxThread", "ContextRunnable"))))


if __name__ == "__main__":
    main()
