#!/usr/bin/env bash
# The layering check (docs/architecture.md): every library folder under src/ may include only
# the headers of the folders listed for it below. Fails, naming the file and the include, when
# a library reaches a layer above it or sideways. KNOWN lists the edges that exist today and
# that the architecture issue removes; an edge in neither list fails, and a KNOWN edge that no
# longer exists fails too, so the list can only shrink.
set -euo pipefail
cd "$(dirname "$0")/../src"

declare -A ALLOWED=(
  [base]=""
  [pg]="base"
  [sql]="base"
  [config]="base"
  [output]="base pg"
  [dev]="base pg"
  [catalog]="base pg sql"
  [diff]="base pg sql catalog"
  [migrate]="base pg sql"
  [lint]="base pg sql catalog migrate"
  [dba]="base pg sql"
  [inspect]="base pg sql catalog"
  [generate]="base pg sql catalog diff"
  [shadow]="base pg sql catalog dev migrate"
  [seed]="base pg sql"
  [model]="base pg sql"
  [code]="base pg sql migrate"
  [anonymize]="base pg sql"
  [snapshot]="base pg sql"
  [importer]="base pg sql migrate"
  [api]="base pg sql catalog migrate lint"
  [app]="base pg sql config output dev catalog diff migrate lint dba inspect generate shadow seed model code anonymize snapshot importer"
  [cli]="base pg sql config output dev catalog diff migrate lint dba inspect generate shadow seed model code anonymize snapshot importer app"
)
# Edges tolerated against the target graph while a refactor is under way ("lib>target"); empty
# since the architecture issue (11) moved every command into app/. Remove an entry when the
# edge is gone.
KNOWN=""

status=0
declare -A seen=()
for dir in */; do
  lib=${dir%/}
  if [[ -z ${ALLOWED[$lib]+x} ]]; then
    echo "check-layers: src/$lib is not in the layer table of scripts/check-layers.sh" >&2
    status=1
    continue
  fi
  while IFS=: read -r file include; do
    target=${include#*\"}
    target=${target%%/*}
    [[ $target == "$lib" || $target == pgcrate ]] && continue
    [[ -d $target ]] || continue
    [[ " ${ALLOWED[$lib]} " == *" $target "* ]] && continue
    edge="$lib>$target"
    if [[ " $(echo $KNOWN) " == *" $edge "* ]]; then
      seen[$edge]=1
      continue
    fi
    echo "check-layers: src/$file includes \"$target/...\": $lib may include only: ${ALLOWED[$lib]:-nothing}" >&2
    status=1
  done < <(grep -rHoE '^#include "[a-z_]+/' "$lib" || true)
done
for edge in $KNOWN; do
  if [[ -z ${seen[$edge]+x} ]]; then
    echo "check-layers: the known edge $edge is gone; remove it from KNOWN" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "check-layers: ok (${#seen[@]} known edges left to remove)"
exit $status
