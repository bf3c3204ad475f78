#!/usr/bin/env python3
"""Record how the real kubectl v1.32 parses every manifest of ../shared/corpus (client side only:
no cluster needed) into corpus_checks/kubectl_parse.json, for corpus_checks/ to compare with.

Run from the repository root with kubectl v1.32 on PATH: python3 scripts/record_corpus_parse.py"""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "corpus_checks" / "kubectl_parse.json"
# kubectl needs a server after parsing; these lines are about the missing server, not the file
SERVER_NOISE = ("localhost:8080", "memcache.go")


def parse_error(path):
    """kubectl's own parse/decode error for a file, or None when it parsed every document."""
    run = subprocess.run(["kubectl", "create", "-f", str(path), "--dry-run=client", "--validate=false", "-o", "name"],
                         capture_output=True, text=True, cwd=CORPUS, timeout=60)
    lines = [line for line in run.stderr.splitlines() if not any(n in line for n in SERVER_NOISE)]
    return "\n".join(lines) or None


def main():
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                   if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    result = {f: parse_error(f) for f in files}
    OUT.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"{len(files)} files, {sum(v is not None for v in result.values())} with parse errors -> {OUT}")


if __name__ == "__main__":
    main()
