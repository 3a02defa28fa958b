#!/usr/bin/env python3
# tests/schema/validate_configs.py — the schema from `regcoord schema` accepts the bundled
# example and every tests/integration/configs/*.yaml (configs the core itself accepts) and
# rejects the same configs with one unknown key put in at each level, an unknown method
# parameter, or a key of another plugin. Needs python3-jsonschema and python3-yaml
# (scripts/deps.sh); exits 77 (skipped) without them.
# usage: validate_configs.py REGCOORD_BINARY PLUGIN_DIR SOURCE_DIR
import copy
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e}")
    sys.exit(77)

regcoord, plugin_dir, src = sys.argv[1:4]
out = subprocess.run([regcoord, "schema", "-q", "--plugin-path", plugin_dir],
                     check=True, capture_output=True).stdout
schema = json.loads(out)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = []


def errors(cfg):
    return [e.message for e in validator.iter_errors(cfg)]


def expect_ok(name, cfg):
    errs = errors(cfg)
    if errs:
        failures.append(f"{name}: rejected: {errs[:3]}")


def expect_rejected(name, cfg):
    if not errors(cfg):
        failures.append(f"{name}: accepted, should be rejected")


configs = [os.path.join(src, "configs/example/assessment.yaml")]
configs += sorted(glob.glob(os.path.join(src, "tests/integration/configs/*.yaml")))
assert len(configs) >= 2, configs
example = None
for path in configs:
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    expect_ok(os.path.relpath(path, src), cfg)
    if example is None:
        example = cfg

# one unknown key at each level of the bundled example
e = example
dim_id, dim = next((k, v) for k, v in e["dimensions"].items() if v and "indicators" in v)
ind_id = next(iter(dim["indicators"]))


def mutated(fn):
    c = copy.deepcopy(e)
    fn(c)
    return c


expect_rejected("unknown top-level key", mutated(lambda c: c.update(wieght=1)))
expect_rejected("unknown key in regions", mutated(lambda c: c["regions"].update(adjacancy="x")))
expect_rejected("unknown key in data[]", mutated(lambda c: c["data"][0].update(layuot="long")))
expect_rejected("unknown key in index", mutated(lambda c: c.setdefault("index", {}).update(scael=10)))
expect_rejected("unknown key in a dimension",
                mutated(lambda c: c["dimensions"][dim_id].update(lable="x")))


def bad_indicator(c):
    ind = c["dimensions"][dim_id]["indicators"]
    ind[ind_id] = dict(ind[ind_id] or {}, serie="x")


expect_rejected("unknown key in an indicator", mutated(bad_indicator))
expect_rejected("unknown key in a report", mutated(lambda c: c["reports"][0].update(pth="x")))
expect_rejected("unknown analysis", mutated(lambda c: c["analysis"].update(clustering={})))
expect_rejected("unknown key in an analysis",
                mutated(lambda c: c["analysis"]["coupling"].update(fomr="standard")))
expect_rejected("unknown key in analysis.spatial.moran",
                mutated(lambda c: c["analysis"]["spatial"]["moran"].update(permutation=99)))
expect_rejected("unknown method", mutated(lambda c: c.setdefault("defaults", {}).update(normalize="minmaxx")))
expect_rejected("unknown method parameter",
                mutated(lambda c: c.setdefault("defaults", {}).update(
                    normalize={"method": "minmax", "rnage": [0, 1]})))
expect_rejected("a number where the core wants a list",
                mutated(lambda c: c.update(data=5)))
expect_rejected("a required key missing", mutated(lambda c: c.pop("dimensions")))

# plugin keys: allowed under their own plugin only
base = {"data": [{"file": "p.csv"}], "dimensions": {"g": {"plugin": "generic", "indicators": {"a": {}}}}}
expect_ok("json report with indent", dict(base, reports=[{"plugin": "json", "path": "r.json", "indent": 2}]))
expect_rejected("csv report with json's indent",
                dict(base, reports=[{"plugin": "csv", "path": "t", "indent": 2}]))
expect_rejected("unknown reporter", dict(base, reports=[{"plugin": "jsn", "path": "r.json"}]))
expect_ok("infrastructure by id with spatial_lag",
          dict(base, dimensions={"infrastructure": {"spatial_lag": ["a"]}}))
expect_ok("infrastructure by plugin with spatial_lag",
          dict(base, dimensions={"infra": {"plugin": "infrastructure", "spatial_lag": ["a"]}}))
expect_ok("a dimension named like its plugin, left empty", dict(base, dimensions={"infrastructure": None}))
expect_rejected("generic dimension with infrastructure's spatial_lag",
                dict(base, dimensions={"g": {"plugin": "generic", "spatial_lag": ["a"]}}))
expect_rejected("a dimension whose id names no plugin and without plugin:",
                dict(base, dimensions={"not_a_plugin": {"indicators": {"a": {}}}}))
expect_ok("method mapping with its parameters",
          dict(base, defaults={"normalize": {"method": "goalposts", "min": 0, "max": 10},
                               "aggregate": {"method": "geometric", "shift": 0.001},
                               "missing": "strict"}))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"ok: {len(configs)} configs accepted, mutations rejected")
