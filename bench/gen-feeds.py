#!/usr/bin/env python3
"""Generate large, realistic feeds for the parser benchmark.

    python3 bench/gen-feeds.py OUTDIR [--mb 20]

Writes OUTDIR/big-rss.xml (RSS 2.0, WordPress-like: content:encoded CDATA, dc:creator, categories,
typographic quotes as &#8220;, percent-encoded Arabic links, RFC 822 dates) and OUTDIR/big-atom.xml (Atom 1.0:
xml:base, relative links, type="html" content, RFC 3339 dates), each about --mb megabytes. Deterministic:
the same arguments give the same bytes.
"""
import argparse
import os
import random
import urllib.parse

AR_WORDS = ["أخبار", "العالم", "العربي", "الاقتصاد", "السياسة", "غزة", "القاهرة", "الرياض", "تقرير", "اتفاق",
            "الحكومة", "الرئيس", "مؤتمر", "النفط", "الذهب", "الأسواق", "التعليم", "الصحة", "الرياضة", "الثقافة"]
EN_WORDS = ["market", "report", "update", "policy", "climate", "energy", "science", "health", "sport", "culture",
            "election", "budget", "summit", "research", "court", "city", "water", "rail", "school", "festival"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def words(rng, n):
    pool = AR_WORDS if rng.random() < 0.5 else EN_WORDS
    return " ".join(rng.choice(pool) for _ in range(n))


def paragraph(rng):
    return "<p>" + words(rng, rng.randint(30, 70)) + ' <a href="/tag/' + rng.choice(EN_WORDS) + '">' + \
        rng.choice(EN_WORDS) + "</a> &amp; " + words(rng, 10) + "</p>\n"


def rss_item(rng, i):
    title = words(rng, rng.randint(5, 12))
    slug = urllib.parse.quote(title.replace(" ", "-")[:60])
    d, h, m, s = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    body = "".join(paragraph(rng) for _ in range(rng.randint(3, 8)))
    return f"""	<item>
		<title>{title} &#8220;{rng.choice(AR_WORDS)}&#8221; {i}</title>
		<link>https://news.example/{slug}/</link>
		<comments>https://news.example/{slug}/#respond</comments>
		<dc:creator><![CDATA[{words(rng, 2)}]]></dc:creator>
		<pubDate>{DAYS[d % 7]}, {d:02d} {MONTHS[i % 12]} 2025 {h:02d}:{m:02d}:{s:02d} +0000</pubDate>
		<category><![CDATA[{rng.choice(AR_WORDS)}]]></category>
		<category><![CDATA[{rng.choice(EN_WORDS)}]]></category>
		<guid isPermaLink="false">https://news.example/?p={100000 + i}</guid>
		<description><![CDATA[{words(rng, 40)} [&#8230;]]]></description>
		<content:encoded><![CDATA[{body}]]></content:encoded>
		<slash:comments>{rng.randint(0, 40)}</slash:comments>
	</item>
"""


def atom_entry(rng, i):
    title = words(rng, rng.randint(5, 12))
    d, h, m, s = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    body = "".join(paragraph(rng) for _ in range(rng.randint(3, 8)))
    esc = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""  <entry>
    <title type="html">{title} &amp;#8220;{rng.choice(EN_WORDS)}&amp;#8221; {i}</title>
    <id>tag:news.example,2025:entry-{i}</id>
    <link rel="alternate" type="text/html" href="posts/{i}.html"/>
    <published>2025-{(i % 12) + 1:02d}-{d:02d}T{h:02d}:{m:02d}:{s:02d}+03:00</published>
    <updated>2025-{(i % 12) + 1:02d}-{d:02d}T{h:02d}:{m:02d}:{s:02d}Z</updated>
    <author><name>{words(rng, 2)}</name><email>author{i % 50}@news.example</email></author>
    <category term="{rng.choice(EN_WORDS)}"/>
    <summary type="text">{words(rng, 40)}</summary>
    <content type="html">{esc}</content>
  </entry>
"""


def generate(path, head, tail, item, target):
    rng = random.Random(path.rsplit("/", 1)[-1])
    with open(path, "w", encoding="utf-8") as f:
        f.write(head)
        size, i = len(head.encode()), 0
        while size < target:
            chunk = item(rng, i)
            f.write(chunk)
            size += len(chunk.encode())
            i += 1
        f.write(tail)
    return i


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--mb", type=float, default=20)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    target = int(a.mb * 1024 * 1024)
    rss_head = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
	<title>أخبار &#8211; benchmark</title>
	<atom:link href="https://news.example/feed/" rel="self" type="application/rss+xml" />
	<link>https://news.example</link>
	<description>generated</description>
	<language>ar</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
"""
    n = generate(os.path.join(a.outdir, "big-rss.xml"), rss_head, "</channel>\n</rss>\n", rss_item, target)
    atom_head = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/" xml:lang="en">
  <title>Benchmark blog</title>
  <id>tag:blog.example,2025:feed</id>
  <updated>2025-11-06T09:14:27Z</updated>
  <link rel="self" href="/atom.xml"/>
  <link rel="alternate" href="/"/>
"""
    m = generate(os.path.join(a.outdir, "big-atom.xml"), atom_head, "</feed>\n", atom_entry, target)
    print(f"big-rss.xml: {n} items; big-atom.xml: {m} entries")


if __name__ == "__main__":
    main()
