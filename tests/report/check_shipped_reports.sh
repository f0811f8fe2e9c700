#!/usr/bin/env bash
# Runs the shipped plan scenario (which also runs the default scenario as its
# baseline and compares the two) and opens its three reports in headless
# Chromium, on screen and printed on A4. The screenshots and PDFs stay in
# WORK_DIR for a person to look at.
#
#   check_shipped_reports.sh LIFECIRCLE_PROGRAM SOURCE_DIR WORK_DIR
set -euo pipefail
program=$1
source_dir=$2
work=$3

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
    echo "skipped: no Chromium installed (Debian package 'chromium'); the reports are not opened" >&2
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
"$program" run "$source_dir/scenarios/wuhan-guanggu-plan.json" -q -o "$work/plan"
for report in plan/report.html plan/baseline/report.html plan/comparison/report.html; do
    "$source_dir/scripts/check-report" "$work/$report" "$work/${report//\//-}.png" "$work/${report//\//-}.pdf"
done
