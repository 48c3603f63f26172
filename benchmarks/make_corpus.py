"""Write a synthetic CoP repository of a given size, deterministic from a seed: for benchmarks.

    python benchmarks/make_corpus.py OUT --practices 2000 --members 500 --domains 40 --commits 5000 --seed 1

With --commits, the files get a git history made with one `git fast-import`: a first commit adding
everything, then commits by members (under the email aliases their profiles list) that each revise one to
three practices.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from pathlib import Path

WORDS = ("community practice knowledge steward review meeting newcomer mentor session facilitation retrospective "
         "repository glossary domain expertise onboarding sponsor cadence harvest pattern question answer team "
         "learning network trust record decision experiment workshop forum channel").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_corpus(out: Path, practices: int, members: int, domains: int, terms_per_domain: int = 10,
                seed: int = 1) -> None:
    """Members, domains with glossaries, and practices whose references all resolve."""
    rng = random.Random(seed)
    out = Path(out)
    (out / "members").mkdir(parents=True, exist_ok=True)
    (out / "content").mkdir(exist_ok=True)
    (out / "content" / "index.md").write_text("# Benchmark community\n\nSynthetic.\n")
    (out / "mkdocs.yml").write_text(
        "site_name: Benchmark\ndocs_dir: content\ntheme:\n  name: material\n  features: [navigation.prune, "
        "navigation.indexes, content.tooltips]\nplugins: [search, cop-site]\n")
    member_ids = [f"member-{i:04d}" for i in range(members)]
    domain_ids = [f"domain-{i:03d}" for i in range(domains)]
    levels = ("learning", "practitioner", "expert")
    for i, member_id in enumerate(member_ids):
        expertise = "\n".join(f"  {d}: {rng.choice(levels)}" for d in rng.sample(domain_ids, min(3, domains)))
        (out / "members" / f"{member_id}.yml").write_text(
            f"name: Member {i} {rng.choice(WORDS).title()}\nrole: {sentence(rng, 3)}\nstatus: "
            f"{'alumni' if i % 17 == 0 else 'active'}\nbio: {sentence(rng, 20)}\nexpertise:\n{expertise}\n"
            f"topics: [{rng.choice(WORDS)}, {rng.choice(WORDS)} {rng.choice(WORDS)}]\nmentor: {str(i % 9 == 0).lower()}\n"
            f"contact: {{email: {member_id}@example.org}}\naliases: [\"{member_id}@old.example.org\"]\n")
    keys = []
    for d_index, domain_id in enumerate(domain_ids):
        folder = out / "practices" / domain_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "domain.yml").write_text(
            f"title: Domain {d_index}\nsummary: {sentence(rng, 10)}\nstewards: [{', '.join(rng.sample(member_ids, 2))}]\n")
        terms = "".join(f"- term: {domain_id} term {t}\n  definition: {sentence(rng, 12)}\n"
                        for t in range(terms_per_domain))
        (folder / "glossary.yml").write_text(terms)
    for i in range(practices):
        domain_id = domain_ids[i % domains]
        practice_id = f"practice-{i:05d}"
        related = f"[{keys[rng.randrange(len(keys))]}]" if keys else "[]"
        body = "\n\n".join(f"## Part {k}\n\n" + " ".join(sentence(rng, 15) for _ in range(4)) +
                           f" See {domain_id} term {k}." for k in range(4))
        (out / "practices" / domain_id / f"{practice_id}.md").write_text(
            f"---\ntitle: Practice {i}\nsummary: {sentence(rng, 12)}\nstewards: [{rng.choice(member_ids)}]\n"
            f"status: active\nlevel: {rng.choice(('newcomer', 'practitioner', 'expert'))}\ntags: [{rng.choice(WORDS)}]\n"
            f"related: {related}\nreview_every: 180\nreviewed: \"2026-0{1 + i % 9}-01\"\n---\n\n{body}\n")
        keys.append(f"{domain_id}/{practice_id}")


def make_history(out: Path, commits: int, seed: int = 1) -> None:
    """Give the files in ``out`` a history of ``commits`` commits, written by git fast-import in one process."""
    rng = random.Random(seed + 7)
    out = Path(out)
    files = sorted(p for p in out.rglob("*") if p.is_file() and ".git" not in p.parts)
    contents = {p.relative_to(out).as_posix(): p.read_bytes() for p in files}
    practices = sorted(k for k in contents if k.startswith("practices/") and k.endswith(".md"))
    members = sorted(k[len("members/"):-len(".yml")] for k in contents if k.startswith("members/"))
    stream: list[bytes] = []
    when = 1_700_000_000

    def data(payload: bytes) -> None:
        stream.append(b"data %d\n" % len(payload) + payload + b"\n")

    def head(mark: int, member: str, message: str) -> None:
        ident = f"Member {member} <{member}@old.example.org> {when} +0000".encode()
        stream.append(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\n" % (mark, ident, ident))
        data(message.encode())
        if mark > 1:
            stream.append(b"from :%d\n" % (mark - 1))

    head(1, members[0], "Start the community")
    for path, payload in contents.items():
        stream.append(f"M 100644 inline {path}\n".encode())
        data(payload)
    for mark in range(2, commits + 1):
        when += rng.randrange(600, 40_000)
        head(mark, rng.choice(members), f"Revise practices ({mark})")
        for path in rng.sample(practices, min(len(practices), rng.randint(1, 3))):
            contents[path] += f"\nRevision {mark}: {sentence(rng, 8)}\n".encode()
            stream.append(f"M 100644 inline {path}\n".encode())
            data(contents[path])
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=out, check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--practices", type=int, default=2000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--domains", type=int, default=40)
    parser.add_argument("--commits", type=int, default=0, help="give the corpus a git history of this many commits")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_corpus(args.out, args.practices, args.members, args.domains, seed=args.seed)
    if args.commits:
        make_history(args.out, args.commits, seed=args.seed)


if __name__ == "__main__":
    main()
