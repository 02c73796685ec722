#!/bin/sh
# Regenerates the encoding fixtures: one small RSS document per charset, converted with iconv from the
# UTF-8 text below. `EncodingTableTests` parses each and expects the UTF-8 text back.
# Usage: sh Tests/Fixtures/parse/encodings/generate.sh   (from the repository root)
set -e
cd "$(dirname "$0")"
doc() { # $1 declared encoding (empty: no declaration), $2 title text
  if [ -n "$1" ]; then printf '<?xml version="1.0" encoding="%s"?>\n' "$1"; fi
  printf '<rss version="2.0"><channel><title>%s</title><item><title>%s</title></item></channel></rss>\n' "$2" "$2"
}
gen() { # $1 file, $2 iconv target, $3 declared name, $4 text
  doc "$3" "$4" | iconv -f UTF-8 -t "$2" > "$1"
}
AR='مرحبا بالعالم'
RU='Привет, мир — «тест»'
LAT='Café à la crème, œuvre €5'
JA='こんにちは世界'
ZH='你好，世界'
TW='你好，世界'
KO='안녕하세요 세계'
gen windows-1256.xml WINDOWS-1256 windows-1256 "$AR"
gen iso-8859-6.xml ISO-8859-6 ISO-8859-6 "$AR"
gen windows-1251.xml WINDOWS-1251 windows-1251 "$RU"
gen koi8-r.xml KOI8-R KOI8-R "Привет, мир"
gen iso-8859-1.xml ISO-8859-1 ISO-8859-1 "Café à la crème"
gen iso-8859-15.xml ISO-8859-15 ISO-8859-15 "$LAT"
gen shift_jis.xml SHIFT_JIS Shift_JIS "$JA"
gen euc-jp.xml EUC-JP EUC-JP "$JA"
gen gb2312.xml GB2312 GB2312 "$ZH"
gen gbk.xml GBK GBK "$ZH"
gen big5.xml BIG5 Big5 "$TW"
gen euc-kr.xml EUC-KR EUC-KR "$KO"
# UTF-16 and UTF-32, with a byte order mark and without (detected from the bytes of `<?xml`).
gen utf-16le-bom.xml UTF-16 UTF-16 "$AR"          # glibc's UTF-16 writes a BOM (little-endian here)
doc UTF-16 "$AR" | iconv -f UTF-8 -t UTF-16LE > utf-16le.xml
doc UTF-16 "$AR" | iconv -f UTF-8 -t UTF-16BE > utf-16be.xml
{ printf '\376\377'; doc UTF-16 "$AR" | iconv -f UTF-8 -t UTF-16BE; } > utf-16be-bom.xml
doc UTF-32 "$JA" | iconv -f UTF-8 -t UTF-32LE > utf-32le.xml
doc UTF-32 "$JA" | iconv -f UTF-8 -t UTF-32BE > utf-32be.xml
{ printf '\377\376\000\000'; doc UTF-32 "$JA" | iconv -f UTF-8 -t UTF-32LE; } > utf-32le-bom.xml
{ printf '\000\000\376\377'; doc UTF-32 "$JA" | iconv -f UTF-8 -t UTF-32BE; } > utf-32be-bom.xml
# No charset anywhere and not UTF-8: read as windows-1252, with a problem.
printf '<rss version="2.0"><channel><title>Caf\351 \223quoted\224</title><item><title>Caf\351 \223quoted\224</title></item></channel></rss>\n' > undeclared-windows-1252.xml
# UTF-8 with one invalid byte: U+FFFD and a problem.
printf '<rss version="2.0"><channel><title>caf\303\251 \377 ok</title><item><title>caf\303\251 \377 ok</title></item></channel></rss>\n' > utf-8-invalid-byte.xml
