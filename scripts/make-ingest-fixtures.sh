#!/usr/bin/env bash
# Makes the import-layer test fixtures in test/fixtures/ingest/ from sources written below:
#   - XLSX files written by a real spreadsheet program: LibreOffice (`libreoffice --headless
#     --convert-to xlsx`, Debian's libreoffice-calc) from flat ODS (.fods: merged cells, typed cells,
#     date formats, the 1904 date system) and from CSV (column types set by the CSV import filter);
#   - CSV files in GBK (iconv), UTF-8 with BOM, UTF-16LE, tab-separated, with title rows and a 合计 row;
#   - bad input: a truncated and a corrupt XLSX, a zip bomb, a binary file named .csv, an empty file,
#     a legacy .xls, a zip that is not a workbook.
# The outputs are committed, so CI needs no LibreOffice; run this again only to change them.
#
#   scripts/make-ingest-fixtures.sh            # writes test/fixtures/ingest/*
#   scripts/make-ingest-fixtures.sh --large D  # also writes D/large-200k.csv and D/large-200k.xlsx (not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test/fixtures/ingest
LARGE_DIR=""
if [ "${1:-}" = "--large" ]; then LARGE_DIR="${2:?--large needs a directory}"; fi

command -v libreoffice >/dev/null || { echo "needs libreoffice (apt-get install -y --no-install-recommends libreoffice-calc)" >&2; exit 1; }
for tool in iconv zip node; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/src" "$WORK/out"
# A private LibreOffice profile: no interference with a running instance or the user's settings.
LO=(libreoffice "-env:UserInstallation=file://$WORK/profile" --headless)

# to_xlsx SRC [INFILTER]: converts SRC to $WORK/out/<name>.xlsx
to_xlsx() {
  if [ -n "${2:-}" ]; then
    "${LO[@]}" --infilter="$2" --convert-to xlsx --outdir "$WORK/out" "$1" >/dev/null
  else
    "${LO[@]}" --convert-to xlsx --outdir "$WORK/out" "$1" >/dev/null
  fi
}

FODS_HEAD='<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:date-style style:name="N_ISO"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
  <number:date-style style:name="N_ZH"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text></number:date-style>
  <number:date-style style:name="N_DT"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
  <number:time-style style:name="N_TIME"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
  <number:percentage-style style:name="N_PCT"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
  <number:number-style style:name="N_THOU"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <style:style style:name="ce_iso" style:family="table-cell" style:data-style-name="N_ISO"/>
  <style:style style:name="ce_zh" style:family="table-cell" style:data-style-name="N_ZH"/>
  <style:style style:name="ce_dt" style:family="table-cell" style:data-style-name="N_DT"/>
  <style:style style:name="ce_time" style:family="table-cell" style:data-style-name="N_TIME"/>
  <style:style style:name="ce_pct" style:family="table-cell" style:data-style-name="N_PCT"/>
  <style:style style:name="ce_thou" style:family="table-cell" style:data-style-name="N_THOU"/>
 </office:automatic-styles>
 <office:body>'
FODS_TAIL=' </office:body>
</office:document>'

s() { printf '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' "$1"; }
n() { printf '<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' "$1" "$1"; }
d() { printf '<table:table-cell table:style-name="%s" office:value-type="date" office:date-value="%s"><text:p>%s</text:p></table:table-cell>' "$1" "$2" "$2"; }
e() { printf '<table:table-cell/>'; }

# --- statistics.xlsx: a title row merged across the table, a two-row header (vertically merged
# single headers, horizontally merged group headers 经济指标（千元） and 能耗 above their sub-headers),
# a date column in two date formats, a number stored as text, a 合计 row of formulas; a second
# sheet 类型 with one cell of each kind. ---------------------------------------------------------
{
  echo "$FODS_HEAD"
  echo '<office:spreadsheet><table:table table:name="统计">'
  echo "<table:table-row><table:table-cell table:number-columns-spanned=\"8\" office:value-type=\"string\"><text:p>2023年嘉兴市工业企业主要经济指标（规模以上）</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"7\"/></table:table-row>"
  echo "<table:table-row>"
  for h in 统一社会信用代码 单位详细名称 是否规上; do
    printf '<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>%s</text:p></table:table-cell>' "$h"
  done
  echo '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>经济指标（千元）</text:p></table:table-cell><table:covered-table-cell/>'
  echo '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>能耗</text:p></table:table-cell><table:covered-table-cell/>'
  echo '<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>成立日期</text:p></table:table-cell>'
  echo "</table:table-row>"
  echo "<table:table-row><table:covered-table-cell table:number-columns-repeated=\"3\"/>$(s 工业增加值)$(s 营业收入)$(s '综合能源消费量（吨标准煤）')$(s '用电量（万千瓦时）')<table:covered-table-cell/></table:table-row>"
  echo "<table:table-row>$(s 91330402MA2B3C4D5E)$(s 嘉兴市南湖精密机械有限公司)$(s 是)$(n 12345.6)$(n 56789)$(n 1234.56)$(n 88.5)$(d ce_iso 2019-05-01)</table:table-row>"
  echo "<table:table-row>$(s 91330421MA28F1234X)$(s 嘉善县新材料科技有限公司)$(s 否)$(s '1,234.5')$(n 0)$(n 0.5)$(e)$(d ce_zh 2015-11-30)</table:table-row>"
  echo "<table:table-row>$(s 91330481MA29ABCD1K)$(s 海宁市经编织造有限公司)$(s 是)$(n -20.25)$(s '')$(e)$(n 12)$(e)</table:table-row>"
  echo "<table:table-row>$(s 合计)$(e)$(e)<table:table-cell table:formula=\"of:=SUM([.D4:.D6])\" office:value-type=\"float\" office:value=\"12325.35\"><text:p>12325.35</text:p></table:table-cell><table:table-cell table:formula=\"of:=SUM([.E4:.E6])\" office:value-type=\"float\" office:value=\"56789\"><text:p>56789</text:p></table:table-cell></table:table-row>"
  echo '</table:table>'
  echo '<table:table table:name="类型">'
  echo "<table:table-row>$(s 类型)$(s 值)</table:table-row>"
  echo "<table:table-row>$(s 数字)$(n 1.5)</table:table-row>"
  echo "<table:table-row>$(s 文本数字)$(s 00123)</table:table-row>"
  echo "<table:table-row>$(s 布尔)<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 错误)<table:table-cell table:formula=\"of:=1/0\"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 公式文本)<table:table-cell table:formula=\"of:=CONCATENATE(&quot;亩&quot;;&quot;均&quot;)\" office:value-type=\"string\" office:string-value=\"亩均\"><text:p>亩均</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 日期时间)<table:table-cell table:style-name=\"ce_dt\" office:value-type=\"date\" office:date-value=\"2023-05-01T12:30:00\"><text:p>2023-05-01 12:30</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 时间)<table:table-cell table:style-name=\"ce_time\" office:value-type=\"time\" office:time-value=\"PT06H00M00S\"><text:p>06:00</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 百分比)<table:table-cell table:style-name=\"ce_pct\" office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 千分位)<table:table-cell table:style-name=\"ce_thou\" office:value-type=\"float\" office:value=\"1234567.891\"><text:p>1,234,567.89</text:p></table:table-cell></table:table-row>"
  echo "<table:table-row>$(s 全角数字)$(s １２３)</table:table-row>"
  echo "<table:table-row>$(s 空)$(e)</table:table-row>"
  echo "<table:table-row>$(s 早期日期)$(d ce_iso 1900-01-01)</table:table-row>"
  echo "<table:table-row>$(s '  前后空格 ')$(s '多行
文本')</table:table-row>"
  echo '</table:table></office:spreadsheet>'
  echo "$FODS_TAIL"
} >"$WORK/src/statistics.fods"
to_xlsx "$WORK/src/statistics.fods"
cp "$WORK/out/statistics.xlsx" "$OUT/statistics.xlsx"

# --- two-sheets.xlsx: the first sheet is empty, the data is on the second. ------------------------
{
  echo "$FODS_HEAD"
  echo '<office:spreadsheet><table:table table:name="封面"><table:table-row><table:table-cell/></table:table-row></table:table>'
  echo '<table:table table:name="数据">'
  echo "<table:table-row>$(s 统一社会信用代码)$(s 企业名称)</table:table-row>"
  echo "<table:table-row>$(s 91330402MA2B3C4D5E)$(s 甲公司)</table:table-row>"
  echo '</table:table></office:spreadsheet>'
  echo "$FODS_TAIL"
} >"$WORK/src/two-sheets.fods"
to_xlsx "$WORK/src/two-sheets.fods"
cp "$WORK/out/two-sheets.xlsx" "$OUT/two-sheets.xlsx"

# --- dates-1904.xlsx: a workbook in the 1904 date system (null date 1904-01-01). ------------------
{
  echo "$FODS_HEAD"
  echo '<office:spreadsheet><table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>'
  echo '<table:table table:name="日期">'
  echo "<table:table-row>$(s 成立日期)</table:table-row>"
  echo "<table:table-row>$(d ce_iso 2019-05-01)</table:table-row>"
  echo "<table:table-row>$(d ce_iso 1904-01-02)</table:table-row>"
  echo '</table:table></office:spreadsheet>'
  echo "$FODS_TAIL"
} >"$WORK/src/dates-1904.fods"
to_xlsx "$WORK/src/dates-1904.fods"
cp "$WORK/out/dates-1904.xlsx" "$OUT/dates-1904.xlsx"

# --- header-only.xlsx and header-only.csv: a header and no data rows (not an error). -------------
printf '统一社会信用代码,企业名称,用电量(千瓦时)\r\n' >"$OUT/header-only.csv"
cp "$OUT/header-only.csv" "$WORK/src/header-only.csv"
to_xlsx "$WORK/src/header-only.csv" 'CSV:44,34,76,1'
cp "$WORK/out/header-only.xlsx" "$OUT/header-only.xlsx"

# --- market-regulation.xlsx: converted from a UTF-8 CSV by LibreOffice's CSV import, with the USCC
# and 行业代码 as text (column format 2) and 成立日期 read as Y-M-D dates (column format 5). ------
cat >"$WORK/src/market-regulation.csv" <<'CSV'
统一社会信用代码,企业名称,行业代码,所属区县,成立日期
91330402MA2B3C4D5E,嘉兴市南湖精密机械有限公司,C3311,南湖区,2019-05-01
91330421MA28F1234X,"嘉善县新材料科技有限公司",C2929,330421,2015/11/30
91330481MA29ABCD1K,"海宁市经编织造""一厂""有限公司",C1752,海宁市,2008-01-15
CSV
to_xlsx "$WORK/src/market-regulation.csv" 'CSV:44,34,76,1,1/2/2/1/3/2/4/2/5/5'
cp "$WORK/out/market-regulation.xlsx" "$OUT/market-regulation.xlsx"

# --- legacy.xls: the old binary Excel format (refused with a hint to save as .xlsx). --------------
"${LO[@]}" --convert-to xls --outdir "$WORK/out" "$WORK/src/two-sheets.fods" >/dev/null
cp "$WORK/out/two-sheets.xls" "$OUT/legacy.xls"

# --- CSV text fixtures -------------------------------------------------------------------------
# tax-gbk.csv: GBK, CRLF, a title row, amounts with thousands separators (quoted), a negative value,
# an empty cell, a 合计 row.
printf '%s\r\n' \
  '2023年度企业税收情况表' \
  '纳税人识别号,纳税人名称,实缴税金（万元）,税收实际贡献（万元）,留抵退税(元)' \
  '91330402MA2B3C4D5E,嘉兴市南湖精密机械有限公司,"1,234.56",1300.5,0' \
  '91330421MA28F1234X,嘉善县新材料科技有限公司,-12.3,,"15,000"' \
  '91330481MA29ABCD1K,海宁市经编织造有限公司,８８,88,0' \
  '合计,,"1,310.26",1388.5,"15,000"' |
  iconv -f UTF-8 -t GBK >"$OUT/tax-gbk.csv"

# power-utf8-bom.csv: UTF-8 with BOM, LF, a quoted cell with a line break and one with quotes,
# spaces kept, the last line without a line break.
{
  printf '\xef\xbb\xbf'
  printf '%s\n' \
    '户号,户名,统一社会信用代码,用电量(千瓦时)' \
    '3300012345,"嘉兴市南湖精密机械有限公司' \
    '（一号厂区）",91330402MA2B3C4D5E,123456' \
    '3300012346," 嘉兴市南湖""精密""机械 ",91330402MA2B3C4D5E, 789 ' \
    '' \
    ',,,'
  printf '%s' '3300012347,嘉善县新材料科技有限公司,91330421MA28F1234X,0'
} >"$OUT/power-utf8-bom.csv"

# environment.tsv.csv: tab-separated UTF-8 without BOM (what a "text (tab delimited)" export gives).
printf '%s\t%s\t%s\n' \
  '统一社会信用代码' '单位名称' '化学需氧量(吨)' \
  '91330402MA2B3C4D5E' '嘉兴市南湖精密机械有限公司' '1.25' \
  '91330421MA28F1234X' '嘉善县新材料, 科技有限公司' '0.5' >"$OUT/environment-tab.csv"

# land-utf16.txt: UTF-16LE with BOM, tab-separated: Excel's "Unicode text" export.
printf '%s\t%s\t%s\r\n' \
  '不动产权证号' '权利人' '宗地面积(平方米)' \
  '浙(2021)嘉兴市不动产权第0001234号' '嘉兴市南湖精密机械有限公司' '6666.67' |
  iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } >"$OUT/land-utf16.txt"

# statistics-gbk.csv: GBK with two title rows and a header spread over two rows, as a CSV export of
# a sheet with merged header cells gives it (the group header only in its first column).
printf '%s\r\n' \
  '2023年嘉兴市工业企业主要经济指标' \
  '单位：千元,,,,' \
  '统一社会信用代码,单位详细名称,能耗,,从业人员平均人数' \
  ',,综合能源消费量（吨标准煤）,用电量（万千瓦时）,' \
  '91330402MA2B3C4D5E,嘉兴市南湖精密机械有限公司,1234.56,88.5,120' |
  iconv -f UTF-8 -t GBK >"$OUT/statistics-gbk.csv"

# --- bad input -----------------------------------------------------------------------------------
: >"$OUT/empty.csv"
printf '\xef\xbb\xbf\r\n\r\n' >"$OUT/bom-only.csv"
# binary.csv: a gzip stream named .csv
printf '统一社会信用代码,企业名称\n' | gzip -n -9 >"$OUT/binary.csv"
# truncated.xlsx: the first half of a real workbook (the central directory is gone)
size=$(stat -c %s "$OUT/statistics.xlsx")
head -c $((size / 2)) "$OUT/statistics.xlsx" >"$OUT/truncated.xlsx"
# corrupt.xlsx: a real workbook with 64 bytes of its first worksheet's compressed data overwritten
node -e '
  const fs = require("fs");
  const b = fs.readFileSync(process.argv[1]);
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  let p = 0;
  for (;;) {
    p = b.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), p);
    if (p < 0) throw new Error("no sheet1.xml");
    const n = b.readUInt16LE(p + 26), m = b.readUInt16LE(p + 28);
    if (b.subarray(p + 30, p + 30 + n).equals(name)) { const s = p + 30 + n + m + 40; b.fill(0xa5, s, s + 64); break; }
    p += 4;
  }
  fs.writeFileSync(process.argv[2], b);
' "$OUT/statistics.xlsx" "$OUT/corrupt.xlsx"
# not-a-workbook.xlsx: a valid zip without a workbook in it
mkdir -p "$WORK/zip"
printf 'hello\n' >"$WORK/zip/readme.txt"
(cd "$WORK/zip" && zip -q -X ../not-a-workbook.xlsx readme.txt)
cp "$WORK/not-a-workbook.xlsx" "$OUT/not-a-workbook.xlsx"
# zip-bomb.xlsx: a real workbook whose first worksheet is 90 MB of XML whitespace (≈90 KB
# compressed, a ratio of ≈1000:1; its declared size and ratio give it away before inflating).
mkdir -p "$WORK/bomb" && (cd "$WORK/bomb" && unzip -q "$OLDPWD/$OUT/two-sheets.xlsx")
node -e '
  const fs = require("fs");
  const f = fs.openSync(process.argv[1], "w");
  fs.writeSync(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
  const spaces = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < 90; i++) fs.writeSync(f, spaces);
  fs.writeSync(f, "</sheetData></worksheet>");
  fs.closeSync(f);
' "$WORK/bomb/xl/worksheets/sheet1.xml"
(cd "$WORK/bomb" && zip -q -X -9 -r ../zip-bomb.xlsx '[Content_Types].xml' _rels docProps xl)
cp "$WORK/zip-bomb.xlsx" "$OUT/zip-bomb.xlsx"

# --- large files for measurement (not committed) -------------------------------------------------
if [ -n "$LARGE_DIR" ]; then
  mkdir -p "$LARGE_DIR"
  node -e '
    const fs = require("fs");
    const f = fs.openSync(process.argv[1], "w");
    fs.writeSync(f, "统一社会信用代码,企业名称,行业代码,所属区县,成立日期,用电量(千瓦时),实缴税金(元),宗地面积(平方米)\n");
    let lines = [];
    for (let i = 1; i <= 200000; i++) {
      const y = 1990 + (i % 33), m = 1 + (i % 12), d = 1 + (i % 28);
      lines.push(`9133040${String(i).padStart(10, "0")}X,嘉兴市第${i}号制造有限公司,C${3300 + (i % 97)},${330402 + (i % 7)},${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")},${(i * 7919) % 1000003},${((i * 104729) % 99999989) / 100},${((i * 31) % 100000) / 10}`);
      if (lines.length === 5000) { fs.writeSync(f, lines.join("\n") + "\n"); lines = []; }
    }
    fs.writeSync(f, lines.join("\n") + (lines.length ? "\n" : ""));
    fs.closeSync(f);
  ' "$LARGE_DIR/large-200k.csv"
  to_xlsx "$LARGE_DIR/large-200k.csv" 'CSV:44,34,76,1,1/2/2/2/3/2/4/1/5/5'
  cp "$WORK/out/large-200k.xlsx" "$LARGE_DIR/large-200k.xlsx"
fi

ls -l "$OUT"
