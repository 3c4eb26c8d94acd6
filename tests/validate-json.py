#!/usr/bin/env python3
# validate-json.py: runs concurrency-lab, and validates its JSON snapshots,
# comparisons and sweeps against the schemas in data/ (suite "data").
#
# Usage: validate-json.py CLI SCHEMA_DIR
# Exit 0 when every document validates, 1 otherwise, 77 (skipped) when the
# jsonschema module is missing.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("SKIP: the python3 jsonschema module is not installed "
          "(apt-get install python3-jsonschema)")
    sys.exit(77)

# validate-json.py --validate SCHEMA_DIR FILE…: only validates snapshots
# written by others (the window's export, in test-gui-export).
VALIDATE_ONLY = sys.argv[1] == "--validate"
CLI, SCHEMA_DIR = (None, sys.argv[2]) if VALIDATE_ONLY else (sys.argv[1], sys.argv[2])

RUNS = [
    ("seed, sequential", ["run", "--model=sequential", "--start=10000019", "--count=50"]),
    ("threads", ["run", "--model=threads", "--workers=2", "--count=2000"]),
    ("async", ["run", "--model=async", "--workers=3", "--count=500"]),
    ("threads, simulated GIL", ["run", "--model=threads", "--workers=2", "--simulate-gil", "--count=300"]),
    ("deadline-exceeded", ["run", "--model=sequential", "--count=200000", "--deadline=200ms"]),
    ("processes", ["run", "--model=processes", "--workers=2", "--count=200"]),
    ("url, lab server", ["run", "--workload=url", "--model=async", "--workers=4", "--count=20"]),
    ("url, refused", ["run", "--workload=url", "--model=threads", "--workers=2", "--count=5",
                      "--url=http://127.0.0.1:1/"]),
]
COMPARISONS = [
    ("sequential and threads", ["compare", "--models=sequential,threads", "--runs=2", "--count=500"]),
    ("no baseline", ["compare", "--models=threads,async", "--runs=1", "--count=200"]),
]
SWEEPS = [
    ("threads, primes", ["sweep", "--model=threads", "--workers=1,2", "--runs=2", "--count=500"]),
    ("processes, primes", ["sweep", "--model=processes", "--workers=1,2", "--runs=1", "--count=200"]),
    ("async, url", ["sweep", "--workload=url", "--model=async", "--workers=1..4", "--runs=1", "--count=20"]),
    ("one count, no fit", ["sweep", "--model=threads", "--workers=2", "--runs=1", "--count=200"]),
]


def reject_constant(name):
    raise ValueError("not JSON: " + name)


def load_schemas():
    schemas = {}
    for name in ("concurrency-lab-snapshot", "concurrency-lab-comparison", "concurrency-lab-sweep"):
        with open(os.path.join(SCHEMA_DIR, name + ".schema.json")) as f:
            schemas[name] = json.load(f)
    return schemas


def make_validator(schemas, name):
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schemas[name])
    try:
        # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
        return cls(schemas[name], registry=registry, format_checker=cls.FORMAT_CHECKER)
    except ImportError:
        store = {s["$id"]: s for s in schemas.values()}
        resolver = jsonschema.RefResolver.from_schema(schemas[name], store=store)
        return cls(schemas[name], resolver=resolver, format_checker=cls.FORMAT_CHECKER)


def produce(args, path):
    result = subprocess.run([CLI] + args + ["--format=json", "--output=" + path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=240)
    if result.returncode not in (0, 1):
        raise RuntimeError("exit %d: %s" % (result.returncode, result.stderr.decode()))
    with open(path) as f:
        # NaN and Infinity are not JSON; the writer must never emit them.
        return json.load(f, parse_constant=reject_constant)


def main():
    schemas = load_schemas()
    snapshot = make_validator(schemas, "concurrency-lab-snapshot")
    comparison = make_validator(schemas, "concurrency-lab-comparison")
    sweep = make_validator(schemas, "concurrency-lab-sweep")
    failures = 0
    seed = None
    sweep_seed = None

    with tempfile.TemporaryDirectory() as tmp:
        cases = [(n, a, snapshot) for n, a in RUNS] + [(n, a, comparison) for n, a in COMPARISONS]
        cases += [(n, a, sweep) for n, a in SWEEPS]
        for i, (name, args, validator) in enumerate(cases):
            try:
                document = produce(args, os.path.join(tmp, "%d.json" % i))
                errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            except Exception as e:  # a crash, a bad exit status, not JSON
                errors = [e]
            if errors:
                failures += 1
                print("FAIL %s (%s)" % (name, " ".join(args)))
                for e in errors[:5]:
                    print("   ", getattr(e, "message", e), "at", list(getattr(e, "path", [])))
            else:
                print("ok   %s: %s" % (name, document.get("summary", {}).get("state", document["format"])))
                if seed is None:
                    seed = document
                if sweep_seed is None and document["format"] == "concurrency-lab-sweep":
                    sweep_seed = document

        # Each run snapshot loaded and written again by `export` validates too.
        for i, (name, args) in enumerate(RUNS):
            again = os.path.join(tmp, "%d-again.json" % i)
            try:
                result = subprocess.run([CLI, "export", os.path.join(tmp, "%d.json" % i), "--format=json",
                                         "--output=" + again], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        timeout=240)
                if result.returncode != 0:
                    raise RuntimeError("exit %d: %s" % (result.returncode, result.stderr.decode()))
                with open(again) as f:
                    errors = list(snapshot.iter_errors(json.load(f, parse_constant=reject_constant)))
            except Exception as e:
                errors = [e]
            if errors:
                failures += 1
                print("FAIL %s, exported again: %s" % (name, getattr(errors[0], "message", errors[0])))
            else:
                print("ok   %s, exported again" % name)

    # The schema must not accept anything: documents with a key missing, a
    # wrong type or an unknown status are refused.
    broken = []
    for mutate in (lambda d: d["summary"].pop("state"),
                   lambda d: d["tasks"][0].update(status="exploded"),
                   lambda d: d["summary"].update(tasks_ok="many"),
                   lambda d: d.pop("series"),
                   lambda d: d["workers"][0].update(extra=1)):
        document = copy.deepcopy(seed)
        mutate(document)
        broken.append(document)
    for i, document in enumerate(broken):
        if snapshot.is_valid(document):
            failures += 1
            print("FAIL the schema accepts broken document %d" % i)
        else:
            print("ok   broken document %d is refused" % i)

    broken = []
    for mutate in (lambda d: d.pop("points"),
                   lambda d: d["points"][0].update(workers="one"),
                   lambda d: d["points"][0].update(extra=1),
                   lambda d: d.update(model="sequential"),
                   lambda d: d["fit"].update(valid="yes"),
                   lambda d: d["runs"][0]["summary"].pop("state")):
        document = copy.deepcopy(sweep_seed)
        mutate(document)
        broken.append(document)
    for i, document in enumerate(broken):
        if sweep.is_valid(document):
            failures += 1
            print("FAIL the sweep schema accepts broken document %d" % i)
        else:
            print("ok   broken sweep %d is refused" % i)

    print("%d failed" % failures)
    return 1 if failures else 0


def validate_only(paths):
    schemas = load_schemas()
    failures = 0
    for path in paths:
        with open(path) as f:
            document = json.load(f, parse_constant=reject_constant)
        # each document against the schema its "format" names
        name = document.get("format") if isinstance(document, dict) else None
        if name not in ("concurrency-lab-snapshot", "concurrency-lab-comparison", "concurrency-lab-sweep"):
            print("FAIL %s: “%s” is not a Concurrency Lab format" % (path, name))
            failures += 1
            continue
        validator = make_validator(schemas, name)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for e in errors[:5]:
            print("FAIL %s: %s at %s" % (path, e.message, list(e.path)))
        failures += bool(errors)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(validate_only(sys.argv[3:]) if VALIDATE_ONLY else main())
