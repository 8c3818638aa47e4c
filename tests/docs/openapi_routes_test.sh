#!/usr/bin/env bash
# Keeps docs/openapi.yaml honest: every route veza-server registers
# (`router.add({"METHOD", "/path"` in apps/veza-server/routes/*.cpp) must be documented there, and
# every path + method documented there must be registered. With PyYAML present, the file must also
# parse, its path/method set must match the text extraction below, every {param} of a path must be
# declared as a path parameter, every local $ref must resolve and no key may be empty; with
# openapi-spec-validator present, it must also be a valid OpenAPI 3.0 document.
#
# usage: openapi_routes_test.sh PROJECT_SOURCE_DIR
set -euo pipefail

root=${1:?usage: openapi_routes_test.sh PROJECT_SOURCE_DIR}
spec=$root/docs/openapi.yaml
routes_dir=$root/apps/veza-server/routes

fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -f $spec ]] || fail "$spec does not exist"
compgen -G "$routes_dir/*.cpp" >/dev/null || fail "no route files in $routes_dir"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The code: "METHOD /path" per router.add, whatever else is on the line (me_routes.cpp puts
#    the handler lambda on the following lines).
grep -ho 'router\.add({"[A-Z]*", *"[^"]*"' "$routes_dir"/*.cpp |
  sed -E 's/^router\.add\(\{"([A-Z]+)", *"([^"]*)"$/\1 \2/' | sort -u >"$tmp/code"
[[ -s $tmp/code ]] || fail "found no router.add({\"METHOD\", \"/path\" lines in $routes_dir"
# A router.add written in another shape would slip past the extraction: refuse it.
adds=$(grep -ho 'router\.add(' "$routes_dir"/*.cpp | wc -l)
matched=$(grep -ho 'router\.add({"[A-Z]*", *"[^"]*"' "$routes_dir"/*.cpp | wc -l)
if [[ $adds -ne $matched ]]; then
  fail "$((adds - matched)) router.add call(s) in $routes_dir are not written as router.add({\"METHOD\", \"/path\", …}); the test cannot read them"
fi

# 2. The spec: under the top-level `paths:`, a path is a 2-space-indented key starting with '/',
#    an operation a 4-space-indented HTTP method key.
awk '
  /^[^ #]/ { in_paths = ($0 ~ /^paths:[[:space:]]*$/); next }
  !in_paths { next }
  /^  \/[^:]*:[[:space:]]*$/ { p = $0; sub(/^  /, "", p); sub(/:[[:space:]]*$/, "", p); gsub(/"|'\''/, "", p); next }
  /^    (get|put|post|delete|patch|head|options|trace):/ {
    m = $1; sub(/:$/, "", m); print toupper(m), p
  }
' "$spec" | sort -u >"$tmp/spec"
[[ -s $tmp/spec ]] || fail "found no operations under paths: in $spec"

status=0
missing=$(comm -23 "$tmp/code" "$tmp/spec")
extra=$(comm -13 "$tmp/code" "$tmp/spec")
if [[ -n $missing ]]; then
  echo "FAIL: routes registered in apps/veza-server/routes/*.cpp but missing from docs/openapi.yaml:" >&2
  sed 's/^/  /' <<<"$missing" >&2
  status=1
fi
if [[ -n $extra ]]; then
  echo "FAIL: operations in docs/openapi.yaml that no route in apps/veza-server/routes/*.cpp registers:" >&2
  sed 's/^/  /' <<<"$extra" >&2
  status=1
fi

# 3. Structure, when PyYAML is there (no package is installed for this test).
if python3 -c 'import yaml' 2>/dev/null; then
  if ! python3 - "$spec" "$tmp/spec" <<'PY'; then status=1; fi
import re, sys, yaml

spec_path, extracted_path = sys.argv[1], sys.argv[2]
try:
    with open(spec_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
except yaml.YAMLError as e:
    print(f"FAIL: docs/openapi.yaml does not parse as YAML: {e}", file=sys.stderr)
    sys.exit(1)

problems = []
if not isinstance(doc, dict) or doc.get("openapi") != "3.0.3":
    problems.append("openapi: must be 3.0.3")
methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
paths = doc.get("paths") or {}
parsed = set()

def resolve(ref):
    if not ref.startswith("#/"):
        return None
    node = doc
    for part in ref[2:].split("/"):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

def refs(node, where):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and resolve(v) is None:
                problems.append(f"{where}: $ref {v} does not resolve")
            refs(v, where)
    elif isinstance(node, list):
        for v in node:
            refs(v, where)

def path_params(params):
    names = set()
    for p in params or []:
        if isinstance(p, dict) and "$ref" in p:
            p = resolve(p["$ref"]) or {}
        if isinstance(p, dict) and p.get("in") == "path":
            names.add(p.get("name"))
    return names

for path, item in paths.items():
    common = path_params(item.get("parameters"))
    wanted = set(re.findall(r"\{([^}]+)\}", path))
    for method, op in item.items():
        if method not in methods:
            continue
        parsed.add(f"{method.upper()} {path}")
        declared = common | path_params(op.get("parameters"))
        for name in sorted(wanted - declared):
            problems.append(f"{method.upper()} {path}: path parameter {{{name}}} is not declared")
        for name in sorted(declared - wanted):
            problems.append(f"{method.upper()} {path}: declares path parameter {name} that the path lacks")
        if not op.get("responses"):
            problems.append(f"{method.upper()} {path}: no responses")
refs(doc, "docs/openapi.yaml")

# An unquoted comma inside a flow mapping ({description: a, b}) silently makes a key "b" with
# no value: no key of this document is ever null.
def nulls(node, where):
    if isinstance(node, dict):
        for k, v in node.items():
            if v is None:
                problems.append(f"{where}/{k}: empty value (an unquoted ',' or ': ' in a flow mapping?)")
            nulls(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            nulls(v, f"{where}/{i}")
nulls(doc, "")

# The OpenAPI 3.0 schema itself, when openapi-spec-validator happens to be installed.
try:
    from openapi_spec_validator import validate as validate_spec
except ImportError:
    validate_spec = None
if validate_spec is not None:
    try:
        validate_spec(doc)
    except Exception as e:  # the validator's own error types vary between versions
        problems.append(f"not a valid OpenAPI 3.0 document: {str(e).splitlines()[0]}")

with open(extracted_path, encoding="utf-8") as f:
    extracted = {line.strip() for line in f if line.strip()}
if parsed != extracted:
    problems.append("the YAML's operations differ from the text extraction (indentation?): "
                    f"only parsed {sorted(parsed - extracted)}, only extracted {sorted(extracted - parsed)}")
for p in problems:
    print(f"FAIL: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  echo "note: PyYAML is not installed; the YAML structure checks are skipped"
fi

if [[ $status -ne 0 ]]; then
  echo "docs/openapi.yaml does not match apps/veza-server/routes (or is malformed): fix whichever is wrong, see above." >&2
  exit 1
fi
echo "ok: $(wc -l <"$tmp/code") routes, each documented in docs/openapi.yaml and nothing more"
