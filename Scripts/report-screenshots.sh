#!/usr/bin/env bash
# Takes the screenshots in docs/reports.md: the organisation, team and person reports of the
# demo, at desktop and phone width, with headless Chromium (Debian: apt-get install chromium).
# Run from the repository: Scripts/report-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then echo "error: no Chromium found; install it (apt-get install chromium)." >&2; exit 1; fi
swift build --product ethos
ethos="$(swift build --show-bin-path)/ethos"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fixed seed and year, so the screenshots change only when the reports do.
"$ethos" demo --output "$work/demo" --seed 2026 --until 2026-10 --quiet > /dev/null
cd "$work/demo"
"$ethos" report --period 2026-Q3 --format html --output org.html > /dev/null
"$ethos" report --team platform --period 2026-Q3 --format html --output team.html > /dev/null
person=$("$ethos" people list --team platform --format csv | sed -n 2p | cut -d, -f1)
"$ethos" report --person "$person" --viewer "$person" --period 2026-Q3 --format html --output person.html > /dev/null
cd - > /dev/null
for report in org team person; do
    for size in desktop:1280,1700 phone:390,1500; do
        name=${size%%:*} window=${size#*:}
        "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
            --window-size="$window" --screenshot="docs/images/report-$report-$name.png" "file://$work/demo/$report.html" 2> /dev/null
        echo "docs/images/report-$report-$name.png"
    done
done
