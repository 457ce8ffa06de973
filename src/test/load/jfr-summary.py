#!/usr/bin/env python3
"""Where the gateway's CPU goes, from a JFR recording of ProvincialBenchmark (-Danchor.bench.jfr=true).

usage: python3 src/test/load/jfr-summary.py target/benchmarks/gateway-*.jfr [top]

Splits the gateway JVM's execution samples by the entry point on their stack (proof serving, bulk and single
intake, sealing, anchoring) and prints, for each, its share of the samples, the methods most often on top of the
stack (self time), and the gateway's own methods and the database, transaction and security layers most often
anywhere on it (total time). PostgreSQL and anvil run in processes of their own: their CPU is not in the recording.
Uses the JDK's `jfr` tool.
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
LAYERS = ("org/docanchor", "org/hibernate/engine", "org/postgresql/core", "io/agroal", "io/quarkus/narayana",
          "com/arjuna", "io/quarkus/security", "io/micrometer")


def samples(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        trace = event["values"].get("stackTrace")
        if trace:
            yield [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in trace["frames"]]


def short(frame):
    return frame.split("/")[-1]


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
        self_time = collections.Counter(short(stack[0]) for stack in stacks if stack)
        total_time = collections.Counter(short(frame) for stack in stacks for frame in set(stack)
                                         if frame.startswith(LAYERS) and "_ClientProxy" not in frame
                                         and "_Subclass" not in frame)
        print("self:  " + "; ".join(f"{m} {100 * n / len(stacks):.0f}%" for m, n in self_time.most_common(top)))
        print("total: " + "; ".join(f"{m} {100 * n / len(stacks):.0f}%" for m, n in total_time.most_common(top)))


if __name__ == "__main__":
    main()
