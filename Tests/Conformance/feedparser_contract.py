#!/usr/bin/env python3
"""feedparser 6.0.14 squeezed through Gleaner's parse contract: a ceiling for the conformance score.

fp_harness.py scores `gleaner parse --json` through gleaner_fp.py, which reads only the fields of Gleaner's
parse contract. This script gives feedparser's own result the same treatment: it maps feedparser's output
onto the contract's fields, then through gleaner_fp.convert, so the harness sees exactly what it would see
if Gleaner parsed every case the way feedparser does. Whatever still fails is lost to the contract itself.

  --titles html   titles as feedparser keeps them (HTML markup and all)
  --titles plain  titles as the contract defines them: markup removed, references decoded, white space
                  collapsed (the issue's rule for titles)

Usage (from the repository root; needs `pip install feedparser==6.0.14 'chardet<6'`):
  python3 ../shared/corpus/tools/fp_harness.py --subset core \
    --cmd 'python3 Tests/Conformance/feedparser_contract.py --titles plain {file} {url} {headers}'
"""
import argparse
import html
import json
import os
import re
import sys
import time
import urllib.parse

import feedparser

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../shared/corpus/tools"))
import gleaner_fp  # noqa: E402

FORMATS = {"rss090": "rss0.90", "rss091u": "rss0.91u", "rss091n": "rss0.91n", "rss092": "rss0.92",
           "rss093": "rss0.93", "rss094": "rss0.94", "rss10": "rss1.0", "rss20": "rss2.0", "rss": "rss",
           "atom03": "atom0.3", "atom10": "atom1.0", "json1": "json1.0", "json11": "json1.1"}
TYPES = {"text/html": "html", "text/plain": "text", "application/xhtml+xml": "xhtml"}


def plain(s):
    s = re.sub(r"<[^>]*>", " ", s)
    return " ".join(html.unescape(s).split())


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", t) if t else None


def people(src, key):
    out = []
    for p in src.get(key, []) or []:
        d = {k2: p[k1] for k1, k2 in (("name", "name"), ("email", "email"), ("href", "uri")) if p.get(k1)}
        if d:
            out.append(d)
    return out


def links(src):
    out = []
    for l in src.get("links", []) or []:
        d = {"href": l.get("href", ""), "rel": l.get("rel", "alternate")}
        for k in ("type", "title", "hreflang", "length"):
            if l.get(k):
                d[k] = l[k]
        out.append(d)
    return out


def contract(result, titles):
    fix = plain if titles == "plain" else (lambda s: s)
    f = result.get("feed", {})
    feed = {}
    if f.get("title"): feed["title"] = fix(f["title"])
    for k_in, k_out in (("link", "link"), ("subtitle", "description"), ("language", "language"),
                        ("generator", "generator")):
        if f.get(k_in): feed[k_out] = f[k_in]
    if f.get("updated_parsed"): feed["updated"] = iso(f["updated_parsed"])
    if links(f): feed["links"] = links(f)
    if people(f, "authors"): feed["authors"] = people(f, "authors")
    if people(f, "contributors"): feed["contributors"] = people(f, "contributors")
    if f.get("image", {}).get("href"): feed["image"] = f["image"]["href"]
    articles = []
    for e in result.get("entries", []):
        a = {}
        for k in ("id", "link", "comments"):
            if e.get(k): a[k] = e[k]
        if e.get("title"): a["title"] = fix(e["title"])
        if e.get("summary"):
            a["summary"] = e["summary"]
            a["summary_type"] = TYPES.get(e.get("summary_detail", {}).get("type"), "html")
        if e.get("content"):
            a["content"] = e["content"][0].get("value", "")
            a["content_type"] = TYPES.get(e["content"][0].get("type"), "html")
        for k in ("published", "updated"):
            if e.get(k + "_parsed"): a[k] = iso(e[k + "_parsed"])
        if people(e, "authors"): a["authors"] = people(e, "authors")
        if people(e, "contributors"): a["contributors"] = people(e, "contributors")
        tags = [t["term"] for t in e.get("tags", []) if t.get("term")]
        if tags: a["categories"] = tags
        enc = [{"url": l["href"], **({"type": l["type"]} if l.get("type") else {}),
                **({"length": int(l["length"])} if str(l.get("length", "")).isdigit() else {})}
               for l in e.get("links", []) if l.get("rel") == "enclosure" and l.get("href")]
        if enc: a["enclosures"] = enc
        if links(e): a["links"] = links(e)
        lang = (e.get("title_detail") or e.get("summary_detail") or {}).get("language")
        if lang: a["language"] = lang
        articles.append(a)
    doc = {"format": FORMATS.get(result.get("version"), "unknown"), "wellformed": not result.get("bozo"),
           "feed": feed, "articles": articles}
    if result.get("encoding"): doc["encoding"] = result["encoding"]
    return doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--titles", choices=["html", "plain"], default="plain")
    ap.add_argument("file")
    ap.add_argument("url", nargs="?", default="")
    ap.add_argument("headers", nargs="?", default="")
    a = ap.parse_args()
    with open(a.file, "rb") as fh:
        data = fh.read()
    if os.environ.get("FP_IS_HTTP") == "1":
        h = {}
        if a.headers:
            with open(a.headers) as fh:
                h = {k.lower(): v for k, v in json.load(fh).items()}
        h.setdefault("content-type", "application/xml")
        cl = h.get("content-location", "")
        joined = urllib.parse.urljoin(a.url, cl) if cl else a.url
        if urllib.parse.urlsplit(joined).scheme not in ("http", "https"):
            joined = a.url
        h["content-location"] = joined
        result = feedparser.parse(data, response_headers=h)
    else:
        result = feedparser.parse(data)
    print(json.dumps(gleaner_fp.convert(contract(result, a.titles)), ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
