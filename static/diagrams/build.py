#!/usr/bin/env python3
"""Regenerate the accessible SVG diagrams from their Graphviz sources.

Usage: python3 static/diagrams/build.py [NAME ...]

For every NAME.dot in this folder (or only the names given) this runs
``dot -Tsvg`` and post-processes the result so that it is accessible:

* the DOCTYPE and the XML comments that Graphviz emits are removed, and so are
  Graphviz's own <title> elements (they only hold internal node ids);
* the root <svg> gets role="img" and aria-labelledby pointing at a new
  <title id="NAME-title"> and <desc id="NAME-desc">, inserted as its first
  children.

The title and description come from comment lines in the .dot file::

    // title: Saga execution coordinator
    // desc: One or two sentences describing the picture.

If there is no "// title:" line, the graph's ``label`` attribute is used.
Standard library only; needs Graphviz's ``dot`` on the PATH.
"""
import html
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_meta(source):
    """Return (title, desc) taken from // title: and // desc: comment lines."""
    title = desc = None
    for line in source.splitlines():
        line = line.strip()
        if line.startswith("// title:"):
            title = line[len("// title:"):].strip()
        elif line.startswith("// desc:"):
            desc = line[len("// desc:"):].strip()
    if not title:
        match = re.search(r'\blabel\s*=\s*"([^"]+)"', source)
        title = match.group(1) if match else None
    return title, desc


def make_accessible(svg, name, title, desc):
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\s*", "", svg, flags=re.S)
    title_id, desc_id = f"{name}-title", f"{name}-desc"
    start = re.search(r"<svg\b[^>]*>", svg)
    if not start:
        raise ValueError(f"{name}: no <svg> element in Graphviz output")
    tag = start.group(0)
    tag = re.sub(r'\s(role|aria-labelledby)="[^"]*"', "", tag)
    new_tag = tag[:-1].rstrip() + f' role="img" aria-labelledby="{title_id} {desc_id}">'
    children = (
        f'\n<title id="{title_id}">{html.escape(title, quote=False)}</title>'
        f'\n<desc id="{desc_id}">{html.escape(desc, quote=False)}</desc>'
    )
    svg = svg[: start.start()] + new_tag + children + svg[start.end():]
    lines = [line.rstrip() for line in svg.splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def build(dot_path):
    name = dot_path.stem
    source = dot_path.read_text(encoding="utf-8")
    title, desc = read_meta(source)
    if not title or not desc:
        raise ValueError(f"{dot_path.name}: needs a '// title:' (or label) and a '// desc:' line")
    result = subprocess.run(
        ["dot", "-Tsvg", str(dot_path)], capture_output=True, text=True, check=True
    )
    svg = make_accessible(result.stdout, name, title, desc)
    out = dot_path.with_suffix(".svg")
    out.write_text(svg, encoding="utf-8")
    return out


def main(argv):
    names = argv[1:]
    paths = [HERE / f"{n}.dot" for n in names] if names else sorted(HERE.glob("*.dot"))
    for path in paths:
        print(f"built {build(path).relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
