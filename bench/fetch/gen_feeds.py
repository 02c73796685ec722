#!/usr/bin/env python3
"""Writes N RSS 2.0 feeds of 30 articles (about 50 KB each) as DIR/feed-<i>.xml. Deterministic (seeded)."""
import random
import sys

WORDS = ("feed reader aggregator article morning evening city council report market weather sport music "
         "science library river garden winter summer quiet sudden bright careful ancient modern").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    directory, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(6)
    for i in range(count):
        items = []
        for j in range(30):
            body = " ".join(sentence(rng, 12) for _ in range(18))  # ~1.6 KB of text per article
            items.append(
                "<item><title>%s</title><link>https://example.org/%d/%d</link><guid>https://example.org/%d/%d</guid>"
                "<pubDate>Mon, %02d Nov 2025 %02d:%02d:00 +0000</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description>"
                "</item>" % (sentence(rng, 6), i, j, i, j, 1 + j % 28, j % 24, (i + j) % 60, body))
        doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Feed %d</title>'
               "<link>https://example.org/%d/</link><description>Benchmark feed %d</description>\n%s\n</channel></rss>\n"
               % (i, i, i, "\n".join(items)))
        with open("%s/feed-%d.xml" % (directory, i), "w", encoding="utf-8") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
