"""Reads a .qdpx with REFI-QDA readers nobody on the Werkbank team wrote (pyqdpx, pyrefiqda from
PyPI) and prints, as JSON, what each of them sees: the test in tests/refi.rs asserts on it.

Usage: python read_qdpx.py FILE.qdpx
"""
import contextlib
import io
import json
import sys
import tempfile

import pyqdpx
from pyrefiqda import RefiProject

path = sys.argv[1]
out = {}

# pyqdpx: users, codes with their Description (QualCoder's code memo), selections with their
# coder, code and Description (the coding memo). It reads one Coding per selection.
with contextlib.redirect_stdout(io.StringIO()) as chatter:
    qde = pyqdpx.QDPX(path).get_project()
    users = {g: u.name for g, u in qde.users.items()}
    codes = {g: {"name": c.name, "description": c.description} for g, c in qde.codes.items()}
    selections = []
    for s in qde.sources.values():
        for sel in s.coded_selections.values():
            selections.append({
                "source": s.name,
                "start": sel.start,
                "end": sel.end,
                "code": sel.code.name,
                "user": sel.user.name,
                "description": sel.description,
                "text": sel.text,
            })
out["pyqdpx"] = {"users": sorted(users.values()), "codes": codes, "selections": selections,
                 "warnings": [l for l in chatter.getvalue().splitlines() if l.strip()]}

# pyrefiqda: the whole project bound to the XSD; cases with the documents and selections they
# refer to, and the notes.
with tempfile.TemporaryDirectory() as d:
    p = RefiProject.load(path, extract_dir=d)
sel_by_guid = {}
src_name = {}
for s in (p.sources.text_source if p.sources else []):
    src_name[s.guid.lower()] = s.name
    for sel in s.plain_text_selection:
        sel_by_guid[sel.guid.lower()] = {"source": s.name, "start": int(sel.start_position),
                                         "end": int(sel.end_position), "name": sel.name}
cases = []
for c in (p.cases.case if p.cases else []):
    cases.append({
        "name": c.name,
        "description": c.description,
        "sources": [src_name.get(r.target_guid.lower()) for r in c.source_ref],
        "selections": [sel_by_guid.get(r.target_guid.lower()) for r in c.selection_ref],
    })
notes = [{"name": n.name, "text": n.plain_text_content} for n in (p.notes.note if p.notes else [])]
out["pyrefiqda"] = {"cases": cases, "notes": notes}

json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
