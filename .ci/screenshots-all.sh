#!/usr/bin/env bash
# The README screenshots: demo, Analysis window, long transcript at 1024x700 and 1600x1000.
# Usage: shots.sh BINARY OUTDIR
set -euo pipefail
B=$1; OUT=$2; mkdir -p "$OUT"; SHOT=$(dirname "$0")/screenshot.sh
W=$(mktemp -d /tmp/shots.XXXXXX)
python3 - "$W/long.txt" <<'PY'
import sys, random
random.seed(7)
words = ("gemeente burger vertrouwen algoritme privacy waarden beleid digitaal loket inwoner toegankelijk "
         "transparantie efficiëntie afweging team proces keuze uitleg verantwoording regels data").split()
out = []
for i in range(1, 400):
    q = " ".join(random.choice(words) for _ in range(12)).capitalize() + "?"
    a = " ".join(random.choice(words) for _ in range(random.randint(25, 45))).capitalize() + "."
    out.append(f"I: {q}\nR7: {a}\n")
open(sys.argv[1], "w").write("\n".join(out))
PY
P=$W/lang.werkbank
"$B" new "$P" --coder Anna >/dev/null
"$B" import "$P" "$W/long.txt" --speakers-as-respondents --coder Anna >/dev/null
printf 'Publieke waarden\n  Vertrouwen\n  Privacy\n  Transparantie\n' > "$W/cb.txt"
"$B" codebook import "$P" "$W/cb.txt" --coder Anna >/dev/null
"$B" code "$P" --code Vertrouwen --phrase vertrouwen --whole-words --coder Anna >/dev/null
"$B" code "$P" --code Privacy --phrase privacy --whole-words --coder Anna >/dev/null
"$B" code "$P" --code Transparantie --phrase "transparantie" --whole-words --coder Anna >/dev/null
wc -m "$W/long.txt"
for S in 1024x700 1600x1000; do
  FIT="xdotool search --name Werkbank windowsize ${S%x*} ${S#*x}; xdotool search --name Werkbank windowfocus; sleep 1.5;"
  SCREEN=${S}x24 SETTLE=4 ACTIONS="$FIT" $SHOT "$B" "$OUT/demo-$S.png" >/dev/null
  SCREEN=${S}x24 SETTLE=4 ACTIONS="$FIT"'xdotool mousemove 133 12 click 1; sleep 1; xdotool mousemove 155 177 click 1; sleep 2' $SHOT "$B" "$OUT/analysis-$S.png" >/dev/null
  SCREEN=${S}x24 SETTLE=5 ACTIONS="$FIT"'xdotool mousemove 500 300; sleep 0.5; for i in 1 2 3 4 5 6; do xdotool key Page_Down; sleep 0.3; done; xdotool key F8; sleep 1.5' $SHOT "$B" "$OUT/long-$S.png" "$P" >/dev/null
done
rm -rf "$W"
ls -la "$OUT"
