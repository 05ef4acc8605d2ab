"""A few 佐证材料 for the demo database, drawn on the spot: a sign-in sheet, pictures of a study
session and a publicity stall, a mediation agreement as a scanned PDF and meeting minutes as a
DOCX. Nothing here is a photo of anyone; names are roles. A new user sees at once what
attachments look like in the form, the table and the binder.

The pictures are drawn once, as the pages of one reportlab document in the bundled fonts, and
each page is rendered by pdfium (the scans' renderer) straight to a JPEG of PICTURE_LONG_SIDE
pixels: small enough that adding it stores the file as it is (no reduction, no re-encoding) and
cheap to make (the demo is made in about a second). Pillow draws no text here, so the bundle
carries no ImageFont (FreeType, HarfBuzz)."""

from __future__ import annotations

import io
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .images import PRINT_LONG_SIDE
from .store import RecordQuery, Store

YEAR = 2025
PICTURE_LONG_SIDE = 1200  # px; under PRINT_LONG_SIDE, so stored as drawn
assert PICTURE_LONG_SIDE <= PRINT_LONG_SIDE


@dataclass
class Picture:
    """One drawn picture: its file name and how to draw it on a canvas of `size` points (one
    point a pixel of the drawing; y up, as reportlab has it)."""

    name: str
    size: tuple[int, int]
    draw: Callable[[Any, Any, int, int], None]  # (canvas, fonts, width, height)


def _sign_in_sheet(title: str, date: str):
    """A sign-in sheet as a phone photographs it: a white form on a grey desk."""

    def draw(c, fs, w, h):
        c.setFillColorRGB(0.47, 0.47, 0.46)
        c.rect(0, 0, w, h, fill=1, stroke=0)
        c.setFillColorRGB(0.98, 0.98, 0.965)
        c.rect(70, 60, 1100, 1520, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(fs.name("hei"), 64)
        c.drawCentredString(620, h - 172, "签　到　表")
        c.setFont(fs.name("song"), 32)
        c.drawCentredString(620, h - 251, f"{title}　{date}")
        top, rows, left, right, step = h - 300, 12, 130, 1110, 95
        cols = [left, 260, 620, 900, right]
        c.setLineWidth(3)
        for i in range(rows + 1):
            c.line(left, top - i * step, right, top - i * step)
        for x in cols:
            c.line(x, top, x, top - rows * step)
        c.setFont(fs.name("hei"), 34)
        for x0, x1, text in zip(cols, cols[1:], ("序号", "单位（部门）", "职务", "签名")):
            c.drawCentredString((x0 + x1) / 2, top - 59, text)
        units = ("党政办", "司法所", "综治中心", "财政所", "派出所", "自然资源所", "农业服务中心",
                 "社会事务办", "村（社区）", "村（社区）", "村（社区）")
        c.setFont(fs.name("song"), 30)
        for i, unit in enumerate(units, start=1):
            y = top - i * step - 47
            for x0, x1, text in zip(cols, cols[1:], (str(i), unit, "工作人员")):
                c.drawCentredString((x0 + x1) / 2, y - 10, text)
            # a pen's scribble where the signature goes
            c.setStrokeColorRGB(0.08, 0.16, 0.55)
            c.setLineWidth(4)
            x = cols[3] + 40
            path = c.beginPath()
            path.moveTo(x, y + 8)
            for k in range(1, 9):
                path.lineTo(x + k * 18, y + (-8 if k % 2 else 8))
            c.drawPath(path, stroke=1, fill=0)
            c.setStrokeColorRGB(0, 0, 0)
            c.setLineWidth(3)

    return draw


def _scene(banner: str, *, seed: int = 0, stall: bool = False):
    """A room with a banner (a study session) or a stall with a tent (a publicity event):
    shapes only, no people's faces."""
    rnd = random.Random(seed)

    def draw(c, fs, w, h):
        def rect(x0, y0, x1, y1, rgb, *, radius=0):  # in the drawing's top-down pixels
            c.setFillColorRGB(*(v / 255 for v in rgb))
            if radius:
                c.roundRect(x0, h - y1, x1 - x0, y1 - y0, radius, fill=1, stroke=0)
            else:
                c.rect(x0, h - y1, x1 - x0, y1 - y0, fill=1, stroke=0)

        rect(0, 0, w, h, (196, 214, 230) if stall else (232, 226, 214))
        if stall:
            rect(0, 760, w, h, (150, 150, 140))  # the square
            c.setFillColorRGB(30 / 255, 90 / 255, 170 / 255)
            tent = c.beginPath()
            tent.moveTo(300, h - 300)
            for x, y in ((1300, 300), (1420, 460), (180, 460)):
                tent.lineTo(x, h - y)
            tent.close()
            c.drawPath(tent, fill=1, stroke=0)
            rect(240, 460, 1360, 720, (245, 245, 240))
            rect(260, 720, 1340, 800, (200, 40, 40))
            c.setStrokeColorRGB(90 / 255, 90 / 255, 90 / 255)
            for k in range(6):  # leaflets on the table
                x = 320 + k * 170
                c.setFillColorRGB(1, 1, 1)
                c.rect(x, h - 715, 120, 35, fill=1, stroke=1)
            c.setFillColorRGB(1, 1, 1)
            banner_y = 380
        else:
            rect(0, 820, w, h, (150, 110, 80))  # the floor
            rect(140, 120, 1460, 260, (190, 30, 30))
            for r in range(3):  # rows of chairs seen from the back
                for col in range(7):
                    x, y = 170 + col * 190, 640 + r * 150
                    rect(x, y, x + 130, y + 120, (60 + rnd.randint(0, 30), 60, 70), radius=12)
            c.setStrokeColorRGB(40 / 255, 40 / 255, 40 / 255)
            c.setLineWidth(6)
            c.setFillColorRGB(250 / 255, 250 / 255, 250 / 255)
            c.rect(620, h - 560, 360, 230, fill=1, stroke=1)
            c.setFillColorRGB(1, 240 / 255, 0)
            banner_y = 190
        c.setFont(fs.name("hei"), 74)
        c.drawCentredString(w / 2, h - banner_y - 26, banner)

    return draw


def draw_pictures(pictures: list[Picture], folder: Path) -> dict[str, Path]:
    """Draw every picture as a page of one PDF, then render each page to a JPEG in `folder`."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from .report.fonts import register_fonts

    fs = register_fonts(search_system=False)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for pic in pictures:
        c.setPageSize(pic.size)
        pic.draw(c, fs, *pic.size)
        c.showPage()
    c.save()
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        for i, pic in enumerate(pictures):
            page = doc[i]
            image = page.render(scale=PICTURE_LONG_SIDE / max(pic.size)).to_pil().convert("RGB")
            page.close()
            path = folder / pic.name
            image.save(path, "JPEG", quality=85)
            out[pic.name] = path
    finally:
        doc.close()
    return out


def agreement_scan(path: Path, date: str, matter: str) -> Path:
    """人民调解协议书 as a one-page scan (a PDF page of text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from .report.fonts import register_fonts

    fs = register_fonts(search_system=False)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColorRGB(0.97, 0.96, 0.93)
    c.rect(0, 0, *A4, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(fs.name("title"), 24)
    c.drawCentredString(A4[0] / 2, 760, "人民调解协议书")
    c.setFont(fs.name("fang"), 14)
    lines = [
        f"编号：（{date[:4]}）调字第　　号",
        "当事人：甲方（申请人）、乙方（被申请人）",
        f"纠纷事项：{matter}",
        "经村人民调解委员会主持调解，双方自愿达成如下协议：",
        "一、双方对纠纷事实无异议；",
        "二、乙方于协议签订之日起十日内履行约定事项；",
        "三、双方今后不再就此事项发生争执。",
        "本协议一式三份，双方当事人、人民调解委员会各执一份。",
        "",
        "当事人（签名）：　　　　　　　人民调解员（签名）：",
        f"人民调解委员会（印）　　　　　{date}",
    ]
    y = 700
    for line in lines:
        c.drawString(72, y, line)
        y -= 34
    c.setStrokeColorRGB(0.8, 0.1, 0.1)
    c.setLineWidth(2)
    c.circle(400, y + 40, 48)  # where the committee's seal is pressed
    c.showPage()
    c.save()
    return path


def minutes_docx(path: Path, title: str, date: str) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("会议记录", level=1)
    d.add_paragraph(f"会议名称：{title}")
    d.add_paragraph(f"时间：{date}")
    d.add_paragraph("地点：镇政府会议室")
    d.add_paragraph("主持人：镇党委书记")
    d.add_paragraph("记录：党政办工作人员")
    d.add_paragraph("会议内容：传达学习上级关于法治政府建设的部署要求，研究本镇年度工作安排。")
    d.save(str(path))
    return path


def add_demo_attachments(store: Store) -> int:
    """Attach the drawn material to a few of the demo year's records; returns how many."""
    att = store.attachments
    q = RecordQuery(year=YEAR, descending=False)
    studies = store.select("study_sessions", q, limit=2)
    meetings = store.select("meetings", q, limit=1)
    successes = RecordQuery(year=YEAR, descending=False, equals={"outcome": "调解成功"})
    mediations = store.select("mediations", successes, limit=1)
    events = store.select("publicity_events", q, limit=2)
    sheet, scene = (1240, 1640), (1600, 1200)
    pictures = [Picture(f"sign{i}.jpg", sheet, _sign_in_sheet("学法活动", rec["date"]))
                for i, rec in enumerate(studies)]
    pictures += [Picture(f"study{i}.jpg", scene, _scene("法治专题学习会", seed=i)) for i in range(len(studies))]
    pictures += [Picture("msign.jpg", sheet, _sign_in_sheet("法治建设会议", rec["date"])) for rec in meetings]
    pictures += [Picture(f"stall{i}.jpg", scene, _scene("法律进乡村", seed=10 + i, stall=True))
                 for i in range(len(events))]
    added = 0
    with tempfile.TemporaryDirectory(prefix="yaofu-demo-") as tmp:
        t = Path(tmp)
        drawn = draw_pictures(pictures, t)
        for i, rec in enumerate(studies):
            att.add("study_sessions", rec["id"], drawn[f"sign{i}.jpg"], caption="签到表")
            att.add("study_sessions", rec["id"], drawn[f"study{i}.jpg"], caption="学习现场照片")
            added += 2
        for rec in meetings:
            att.add("meetings", rec["id"], minutes_docx(t / "会议记录.docx", "法治建设工作会议", rec["date"]),
                    caption="会议记录")
            att.add("meetings", rec["id"], drawn["msign.jpg"], caption="签到表")
            added += 2
        for rec in mediations:
            matter = str(rec.get("kind") or "民间纠纷")
            att.add("mediations", rec["id"], agreement_scan(t / "调解协议书.pdf", rec["date"], matter),
                    caption="调解协议书")
            added += 1
        for i, rec in enumerate(events):
            att.add("publicity_events", rec["id"], drawn[f"stall{i}.jpg"], caption="宣传现场照片")
            added += 1
    return added
