"""迎检台账汇编: a year's ledgers and their 佐证材料 bound into one PDF for an inspection.

    result = build_binder(store, 2025, "汇编.pdf", area=None, progress=cb, cancelled=fn)

What it holds, in order:
- a cover (government, year, title; the work area when only one is bound);
- a 目录: each ledger in the report's order with the section it feeds (（一）组织领导与学法 …),
  the page its table starts on and the page its 佐证材料 start on;
- per ledger with records: its table of records on landscape pages (the header repeated on every
  page, a 佐证材料 column saying how many each record has), then each record's attachments on
  portrait pages: photos two to a page, each captioned with its caption and the record it belongs
  to; scanned PDFs page by page (each scaled onto a numbered page of the binder); documents
  (DOCX, XLSX) listed by name in a table at the end of the ledger's material;
- PDF bookmarks: 目录, each ledger, under it 台账记录表 and each record with attachments;
- page numbers on every page but the cover (第 N 页 共 M 页), the same numbers as the 目录 and
  as a PDF reader's page count.

The records are those of the report: the year's records by each ledger's scope, and those a
figure of the year counts by another date (excel.export.year_records, the rule the workbook uses
so that its records give the year's figures again).

How it is made (speed, size): photos are first made print-ready (upright, at most
BINDER_LONG_SIDE px, JPEG quality BINDER_QUALITY) in a pool of threads (Pillow decodes with the
GIL released; a JPEG is decoded at reduced size by its draft mode); reportlab then lays the
document out twice (the 目录's page numbers come from the first pass; its length does not depend
on them); scanned pages are placeholders that pypdf fills with the scan's page, scaled. The
JPEGs are embedded as they are (no re-encoding, no ASCII85). `progress(fraction, text)` is told
how far it got; `cancelled()` is asked often, and when it says yes, BinderCancelled is raised and
no file is left.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..errors import UserError
from ..images import PHOTO, SCAN, print_jpeg
from ..ledgers import AREA_LABELS, AREAS, LEDGERS, SECTIONS, Ledger, describe_record

BINDER_LONG_SIDE = 1200  # a photo's box is at most 180 x 120 mm: 1200 px is 170 dpi across it
BINDER_QUALITY = 70
HEADING_ROOM = 12 * mm
MARGIN = 15 * mm
FOOT = 10 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)


class BinderCancelled(Exception):
    """The clerk cancelled; no file was written."""


@dataclass
class BinderResult:
    path: Path
    pages: int
    ledgers: int
    records: int
    photos: int
    scan_pages: int
    documents: int
    seconds: float
    missing: list[str] = field(default_factory=list)  # attachments whose file was not found


@dataclass
class _Record:
    id: int
    title: str
    values: dict[str, Any]
    photos: list[dict] = field(default_factory=list)
    scans: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)


@dataclass
class _Part:
    ledger: Ledger
    records: list[_Record]

    @property
    def attached(self) -> list[_Record]:
        return [r for r in self.records if r.photos or r.scans or r.documents]


def binder_title(profile: dict, year: int, area: str | None) -> str:
    what = f"（{AREA_LABELS[area]}）" if area else ""
    return f"{year}年度法治政府建设台账资料汇编{what}"


def ledgers_in_report_order(area: str | None = None) -> list[Ledger]:
    order = {a: i for i, (a, _label) in enumerate(AREAS)}
    lgs = [lg for lg in LEDGERS if area is None or lg.area == area]
    return sorted(lgs, key=lambda lg: order[lg.area])  # stable: definition order within an area


def _collect(store, year: int, area: str | None) -> tuple[list[_Part], list[_Part]]:
    """The parts with records and the ledgers without any (named in the 目录 only)."""
    from ..figures import year_records

    att = store.attachments
    parts, empty = [], []
    for lg in ledgers_in_report_order(area):
        rows = year_records(store, lg, year)
        if not rows:
            empty.append(_Part(lg, []))
            continue
        recs = []
        for r in rows:
            rec = _Record(r["id"], describe_record(lg, r), r)
            for a in att.of_record(lg.name, r["id"]):
                a = dict(a, path=att.path(a))
                {PHOTO: rec.photos, SCAN: rec.scans}.get(a["kind"], rec.documents).append(a)
            recs.append(rec)
        parts.append(_Part(lg, recs))
    return parts, empty


# -- flowables ------------------------------------------------------------------------------


class _Mark(Flowable):
    """Takes no room; records the page it lands on and makes a bookmark there. With a `head`,
    it starts a part (the 目录, a ledger's table, its 佐证材料): the pages that part runs on to
    carry "{head}（续）" at their top (_Doc._head), so that a page taken out of the binder still
    says what it belongs to."""

    def __init__(self, key: str, title: str, level: int, pages: dict[str, int], head: str | None = None):
        super().__init__()
        self.key, self.title, self.level, self.pages, self.head = key, title, level, pages, head
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        c = self.canv
        self.pages[self.key] = c.getPageNumber()
        c.bookmarkPage(self.key)
        c.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)
        if self.head is not None:
            c._doctemplate.running = (self.head, c.getPageNumber())


class _Photo(Flowable):
    """One photo in half a portrait page's frame, its caption under it."""

    def __init__(self, path: Path | None, size: tuple[int, int], caption: str, record: str,
                 font: str, bold: str, height: float, render: dict):
        super().__init__()
        self.path, self.size, self.caption, self.record = path, size, caption, record
        self.font, self.bold, self.slot, self.render = font, bold, height, render

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.slot

    def draw(self):
        c = self.canv
        cap_h = 16 * mm
        box_w, box_h = self.width, self.slot - cap_h - 4 * mm
        if self.path is not None:
            w, h = self.size
            s = min(box_w / w, box_h / h)
            dw, dh = w * s, h * s
            x, y = (box_w - dw) / 2, cap_h + (box_h - dh) / 2
            if self.render["images"]:  # (the first pass only counts pages)
                c.drawImage(str(self.path), x, y, dw, dh)
            c.setStrokeColor(colors.HexColor("#999999"))
            c.setLineWidth(0.5)
            c.rect(x, y, dw, dh)
        else:
            c.setStrokeColor(colors.HexColor("#CC0000"))
            c.rect(0, cap_h, box_w, box_h)
            c.setFont(self.font, 12)
            c.drawCentredString(box_w / 2, cap_h + box_h / 2, "照片文件缺失或已损坏，请在台账中检查")
        c.setFillColor(colors.black)
        c.setFont(self.bold, 12)
        c.drawCentredString(box_w / 2, cap_h - 6 * mm, _clip(self.caption, 40))
        c.setFont(self.font, 10)
        c.drawCentredString(box_w / 2, cap_h - 12 * mm, _clip(self.record, 60))


class _ScanPage(Flowable):
    """A whole portrait page kept for one page of a scanned PDF (filled in by pypdf): the
    caption and record at its top."""

    def __init__(self, path: Path, index: int, count: int, caption: str, record: str,
                 font: str, bold: str, scans: list):
        super().__init__()
        self.path, self.index, self.count = path, index, count
        self.caption, self.record, self.font, self.bold, self.scans = caption, record, font, bold, scans

    def wrap(self, aw, ah):
        self.width, self.height = aw, ah - 1  # fills the frame
        return self.width, self.height

    def draw(self):
        c = self.canv
        top = self.height
        c.setFont(self.bold, 11)
        page = f"（第 {self.index + 1} 页，共 {self.count} 页）" if self.count > 1 else ""
        c.drawString(0, top - 11, _clip(f"{self.caption}{page}", 50))
        c.setFont(self.font, 9)
        c.drawRightString(self.width, top - 11, _clip(self.record, 50))
        # where the scan goes, in page coordinates: below the caption, above the page number
        x0, y0 = c.absolutePosition(0, 0)
        self.scans.append((c.getPageNumber(), self.path, self.index, (x0, y0, self.width, top - 16)))


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- the document ----------------------------------------------------------------------------


class _Doc(BaseDocTemplate):
    def __init__(self, filename, fonts, title: str, author: str, total_pages: int | None):
        super().__init__(filename, pagesize=PORTRAIT, title=title, author=author,
                         creator="法治台账 (yaofu_desktop)", lang="zh-CN", displayDocTitle=True,
                         pageCompression=1)
        self.fonts, self.total_pages = fonts, total_pages
        pw, ph = PORTRAIT
        lw, lh = LANDSCAPE
        frame_p = Frame(MARGIN, MARGIN + FOOT, pw - 2 * MARGIN, ph - 2 * MARGIN - FOOT, id="p",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame_l = Frame(MARGIN, MARGIN + FOOT, lw - 2 * MARGIN, lh - 2 * MARGIN - FOOT, id="l",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame_c = Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="c",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame_c], pagesize=PORTRAIT),
            PageTemplate("portrait", [frame_p], pagesize=PORTRAIT, onPage=self._foot, onPageEnd=self._head),
            PageTemplate("landscape", [frame_l], pagesize=LANDSCAPE, onPage=self._foot, onPageEnd=self._head),
        ])
        self.running: tuple[str, int] | None = None  # the part under way, and the page it began on

    def _head(self, canv, doc):
        """A page a part runs on to, after the one with its heading: "{head}（续）" in the top
        margin."""
        if self.running is None or self.running[1] == canv.getPageNumber():
            return
        canv.saveState()
        canv.setFont(self.fonts["song"], 9)
        canv.setFillColor(colors.HexColor("#555555"))
        canv.drawString(MARGIN, canv._pagesize[1] - MARGIN + 3 * mm, f"{self.running[0]}（续）")
        canv.restoreState()

    def _foot(self, canv, doc):
        n = canv.getPageNumber()
        w = canv._pagesize[0]
        text = f"第 {n} 页" + (f"  共 {self.total_pages} 页" if self.total_pages else "")
        canv.saveState()
        canv.setFont(self.fonts["song"], 10)
        canv.drawCentredString(w / 2, MARGIN, text)
        canv.restoreState()

    def handle_flowable(self, flowables):
        super().handle_flowable(flowables)
        if self._tick is not None:
            self._tick()

    _tick: Callable[[], None] | None = None


def build_binder(
    store,
    year: int,
    out_path: str | os.PathLike,
    *,
    area: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> BinderResult:
    """Bind a year's ledgers (the whole township, or one work area) and their 佐证材料 into one
    PDF at `out_path` (written to a temporary file and moved into place)."""
    from ..fileio import write_atomically
    from .fonts import register_fonts

    t0 = time.perf_counter()
    if area is not None and area not in AREA_LABELS:
        raise UserError(f"没有这个工作领域：{area}（可选：{'、'.join(AREA_LABELS)}）")
    say = progress or (lambda f, t: None)
    stop = cancelled or (lambda: False)

    def check():
        if stop():
            raise BinderCancelled()

    profile = store.profile()
    parts, empty = _collect(store, year, area)
    if not parts:
        where = f"「{AREA_LABELS[area]}」" if area else ""
        raise UserError(f"{year}年度{where}没有任何台账记录，无法生成台账汇编")
    fs = register_fonts()
    fonts = {"song": fs.last_resort.name, "hei": fs.name("hei"), "title": fs.name("title")}

    with tempfile.TemporaryDirectory(prefix="yaofu-binder-") as tmpdir:
        tmp = Path(tmpdir)
        prints, missing = _prepare_photos(parts, tmp, workers, say, check)
        check()
        title = binder_title(profile, year, area)
        author = profile.get("government") or ""
        pages: dict[str, int] = {}
        shown = [0.6]  # progress told, never going back
        total = None
        result_pages = 0
        render = {"images": False}
        for attempt in range(3):
            scans: list = []
            render["images"] = attempt > 0
            story = _story(parts, empty, profile, year, area, fonts, prints, pages, scans, render)
            fraction = 0.6 + 0.15 * attempt
            flow_count = max(1, len(story))
            done = [0]

            def tick():
                done[0] += 1
                if done[0] % 20 == 0:
                    check()
                    shown[0] = max(shown[0], min(0.9, fraction + 0.15 * min(1.0, done[0] / flow_count)))
                    say(shown[0], "正在排版……")

            before = dict(pages)
            draft = tmp / f"pass{attempt}.pdf"
            doc = _Doc(str(draft), fonts, title, author, total)
            doc._tick = tick
            with _raw_image_streams():
                doc.build(story)
            result_pages = doc.page
            if attempt > 0 and pages == before and total == result_pages:
                break
            total = result_pages
        check()
        say(0.92, "正在装订扫描件……")

        def write(tmp_name: str) -> int:
            _merge_scans(draft, scans, tmp_name, check)
            return result_pages

        write_atomically(write, out_path)
    say(1.0, "完成")
    return BinderResult(
        Path(out_path), result_pages, len(parts), sum(len(p.records) for p in parts),
        sum(len(r.photos) for p in parts for r in p.records),
        sum(max(1, a.get("pages") or 1) for p in parts for r in p.records for a in r.scans),
        sum(len(r.documents) for p in parts for r in p.records),
        time.perf_counter() - t0, missing,
    )


def _prepare_photos(parts, tmp: Path, workers, say, check):
    """Every photo made print-ready in parallel: {attachment id: (path, (w, h)) or None}."""
    photos = [a for p in parts for r in p.records for a in r.photos]
    out: dict[int, tuple[Path, tuple[int, int]] | None] = {}
    missing: list[str] = []
    if not photos:
        return out, missing

    def one(a):
        dest = tmp / f"{a['id']}.jpg"
        try:
            return a["id"], (dest, print_jpeg(a["path"], dest, long_side=BINDER_LONG_SIDE, quality=BINDER_QUALITY))
        except Exception:  # noqa: BLE001 - a missing or damaged file: a marked empty frame in the binder
            return a["id"], None

    n = workers or min(4, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(one, a) for a in photos]
        try:
            for i, fut in enumerate(futures):
                aid, got = fut.result()
                out[aid] = got
                if i % 5 == 0:
                    check()
                    say(0.6 * (i + 1) / len(photos), f"正在处理照片（{i + 1}/{len(photos)}）……")
        except BinderCancelled:
            for f in futures:
                f.cancel()
            raise
    for a in photos:
        if out.get(a["id"]) is None:
            missing.append(f"{a['caption']}（{a['original_name']}）")
    return out, missing


def _styles(fonts):
    return {
        "cover_title": ParagraphStyle("ct", fontName=fonts["title"], fontSize=30, leading=44,
                                      alignment=TA_CENTER, wordWrap="CJK"),
        "cover": ParagraphStyle("cv", fontName=fonts["song"], fontSize=18, leading=30,
                                alignment=TA_CENTER, wordWrap="CJK"),
        "h1": ParagraphStyle("h1", fontName=fonts["hei"], fontSize=16, leading=24, spaceAfter=6,
                             wordWrap="CJK"),
        "h2": ParagraphStyle("h2", fontName=fonts["hei"], fontSize=13, leading=20, spaceAfter=4,
                             wordWrap="CJK"),
        "toc": ParagraphStyle("toc", fontName=fonts["song"], fontSize=12, leading=20, wordWrap="CJK",
                              leftIndent=24),
        "toc2": ParagraphStyle("toc2", fontName=fonts["song"], fontSize=12, leading=20, wordWrap="CJK",
                               leftIndent=48),
        "pageno": ParagraphStyle("pn", fontName=fonts["song"], fontSize=12, leading=20, alignment=2),
        "cell": ParagraphStyle("cell", fontName=fonts["song"], fontSize=9, leading=12, wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=fonts["hei"], fontSize=9, leading=12,
                               alignment=TA_CENTER, wordWrap="CJK"),
        "body": ParagraphStyle("body", fontName=fonts["song"], fontSize=11, leading=18,
                               alignment=TA_LEFT, wordWrap="CJK"),
    }


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(lg: Ledger) -> str:
    return f"{SECTIONS.get(lg.area, '')}{AREA_LABELS[lg.area]}"


@contextmanager
def _raw_image_streams():
    """JPEGs embedded as their bytes, not ASCII85 text (a quarter smaller, and reportlab's
    pure-Python encoder took most of the time): reportlab's setting, for this build only."""
    from reportlab import rl_config

    with _A85_LOCK:
        old = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = old


_A85_LOCK = threading.Lock()


def _story(parts, empty, profile, year, area, fonts, prints, pages, scans, render) -> list:
    st = _styles(fonts)
    story: list = []
    # cover
    gov = profile.get("government") or profile.get("township") or ""
    story += [
        Spacer(1, 60 * mm),
        Paragraph(_esc(gov), st["cover"]),
        Spacer(1, 14 * mm),
        Paragraph(_esc(f"{year}年度"), st["cover_title"]),
        Paragraph("法治政府建设台账资料汇编", st["cover_title"]),
    ]
    if area:
        story += [Spacer(1, 6 * mm), Paragraph(_esc(f"（{AREA_LABELS[area]}）"), st["cover"])]
    story += [
        Spacer(1, 70 * mm),
        Paragraph("迎检台账汇编", st["cover"]),
        Paragraph(_esc(f"{dt.date.today().year}年{dt.date.today().month}月"), st["cover"]),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]
    # 目录
    story.append(_Mark("toc", "目录", 0, pages, head="目录"))
    story.append(Paragraph("目　　录", ParagraphStyle("tt", parent=st["h1"], alignment=TA_CENTER, fontSize=20,
                                                      leading=32)))
    story.append(Spacer(1, 6 * mm))
    rows = []
    last_section = None
    all_parts = sorted(parts + empty, key=lambda p: ledgers_in_report_order(area).index(p.ledger))
    for part in all_parts:
        lg = part.ledger
        if lg.area != last_section:
            rows.append([Paragraph(_esc(_section(lg)), st["h2"]), ""])
            last_section = lg.area
        if not part.records:
            rows.append([Paragraph(_esc(f"{lg.label}（本年度无记录）"), st["toc"]), ""])
            continue
        n_att = sum(len(r.photos) + len(r.scans) + len(r.documents) for r in part.records)
        rows.append([Paragraph(_esc(f"{lg.label}（{len(part.records)}条记录）"), st["toc"]),
                     Paragraph(str(pages.get(f"t:{lg.name}", "…")), st["pageno"])])
        if n_att:
            rows.append([Paragraph(_esc(f"佐证材料（{n_att}份）"), st["toc2"]),
                         Paragraph(str(pages.get(f"a:{lg.name}", "…")), st["pageno"])])
    toc = Table(rows, colWidths=[150 * mm, 20 * mm])
    toc.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB"))]))
    story.append(toc)

    frame_h = PORTRAIT[1] - 2 * MARGIN - FOOT
    half = (frame_h - HEADING_ROOM) / 2 - 1  # two photos under the ledger's heading
    for part in parts:
        lg = part.ledger
        story += [NextPageTemplate("landscape"), PageBreak()]
        story.append(_Mark(f"t:{lg.name}", f"{_section(lg)} {lg.label}", 0, pages,
                           head=f"{_section(lg)}　{lg.label}（{year}年度）"))
        story.append(Paragraph(_esc(f"{_section(lg)}　{lg.label}（{year}年度，{len(part.records)}条记录）"), st["h1"]))
        story.append(_records_table(lg, part.records, st))
        attached = part.attached
        if not attached:
            continue
        story += [NextPageTemplate("portrait"), PageBreak()]
        story.append(_Mark(f"a:{lg.name}", "佐证材料", 1, pages, head=f"{lg.label}·佐证材料"))
        story.append(Paragraph(_esc(f"{lg.label}·佐证材料"),
                               ParagraphStyle("ah", parent=st["h1"], leading=HEADING_ROOM - 2, spaceAfter=0)))
        for rec in attached:
            where = f"{lg.label}：{rec.title}"
            mark: _Mark | None = _Mark(f"r:{lg.name}:{rec.id}", rec.title, 2, pages)  # on its first page
            for a in rec.photos:
                got = prints.get(a["id"])
                photo = _Photo(got[0] if got else None, got[1] if got else (1, 1), a["caption"],
                               where, fonts["song"], fonts["hei"], half, render)
                story.append(KeepTogether([mark, photo]) if mark else photo)
                mark = None
            for a in rec.scans:
                n = max(1, a.get("pages") or 1)
                for i in range(n):
                    # a page of its own: a break unless at the top of a fresh page; the scan fills
                    # its page, so what follows starts on the next
                    story.append(CondPageBreak(frame_h * 0.7))  # under a heading if room
                    if mark:
                        story.append(mark)
                        mark = None
                    story.append(_ScanPage(a["path"], i, n, a["caption"], where, fonts["song"],
                                           fonts["hei"], scans))
            if mark:  # documents only
                story.append(mark)
        docs = [(rec, a) for rec in attached for a in rec.documents]
        if docs:
            story.append(Spacer(1, 4 * mm))
            story.append(Paragraph("文档类佐证材料（电子文件，见台账软件）", st["h2"]))
            data = [[Paragraph("所属记录", st["head"]), Paragraph("名称", st["head"]), Paragraph("文件名", st["head"])]]
            for rec, a in docs:
                data.append([Paragraph(_esc(rec.title), st["cell"]), Paragraph(_esc(a["caption"]), st["cell"]),
                             Paragraph(_esc(a["original_name"]), st["cell"])])
            t = Table(data, colWidths=[80 * mm, 40 * mm, 60 * mm], repeatRows=1)
            t.setStyle(_grid())
            story.append(t)
    return story


def _grid() -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ])


def _records_table(lg: Ledger, records: list[_Record], st) -> Table:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fields = [f for f in lg.fields if f.in_table]
    head = ["序号"] + [f.label for f in fields] + ["佐证材料"]
    body = []
    for i, rec in enumerate(records, 1):
        n = len(rec.photos) + len(rec.scans) + len(rec.documents)
        body.append([str(i)] + [f.display(rec.values.get(f.name)) for f in fields] + [f"{n}份" if n else "无"])
    font = st["cell"].fontName
    natural = []
    for c in range(len(head)):
        longest = max([stringWidth(head[c], font, 9)] + [stringWidth(r[c], font, 9) for r in body[:200]])
        natural.append(max(min(longest, 60 * mm), 12 * mm) + 8)
    avail = LANDSCAPE[0] - 2 * MARGIN
    widths = [w * avail / sum(natural) for w in natural]
    data = [[Paragraph(_esc(h), st["head"]) for h in head]]
    data += [[Paragraph(_esc(v), st["cell"]) for v in row] for row in body]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(_grid())
    return t


def _merge_scans(draft: Path, scans: list, out: str, check) -> None:
    """The draft with each placeholder page filled by its scanned page, scaled to fit."""
    if not scans:  # nothing to fill in: the draft is the binder
        import shutil

        shutil.copyfile(draft, out)
        return
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=str(draft))
    readers: dict[Path, PdfReader] = {}
    for i, (page_no, path, index, (x, y, w, h)) in enumerate(scans):
        if i % 5 == 0:
            check()
        try:
            reader = readers.get(path) or readers.setdefault(path, PdfReader(str(path)))
            src = reader.pages[index]
        except Exception:  # noqa: BLE001 - a missing or damaged scan: its page says so (the caption stays)
            continue
        box = src.mediabox
        sw, sh = float(box.width), float(box.height)
        s = min(w / sw, h / sh)
        tx = x + (w - sw * s) / 2 - float(box.left) * s
        ty = y + (h - sh * s) / 2 - float(box.bottom) * s
        writer.pages[page_no - 1].merge_transformed_page(
            src, Transformation().scale(s, s).translate(tx, ty))
    with open(out, "wb") as f:
        writer.write(f)


def area_key(text: str | None) -> str | None:
    """A work area as the command line takes it: its key (lead) or its name (组织领导与学法)."""
    if not text:
        return None
    t = text.strip()
    for key, label in AREAS:
        if t in (key, label, SECTIONS.get(key)):
            return key
    choices = "、".join(f"{k}（{v}）" for k, v in AREAS)
    raise UserError(f"没有这个工作领域：{t}。可选：{choices}")

