#!/usr/bin/env python3
"""Print the methods that a JFR recording's execution samples were in, by share of samples.

Usage: jfr-hot-methods.py RECORDING.jfr [TOP]

Reads `jfr print --events jdk.ExecutionSample` (the jfr tool of the JDK on the PATH) and counts,
for every sample, its top frame ("self") and every distinct method on its stack ("total").
"""
import collections
import re
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: jfr-hot-methods.py RECORDING.jfr [TOP]")
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", sys.argv[1]],
                          check=True, capture_output=True, text=True).stdout

    self_counts = collections.Counter()
    total_counts = collections.Counter()
    samples = 0
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(.*?\)\s+line:", event, re.MULTILINE)
        if not frames:
            continue
        samples += 1
        self_counts[frames[0]] += 1
        for method in set(frames):
            total_counts[method] += 1

    print(f"{samples} samples")
    print("self %  method")
    for method, count in self_counts.most_common(top):
        print(f"{100.0 * count / samples:6.1f}  {method}")
    print("total %  method (samples with the method anywhere on the stack)")
    for method, count in total_counts.most_common(top):
        print(f"{100.0 * count / samples:6.1f}  {method}")


if __name__ == "__main__":
    main()
