"""A few 佐证材料 for the demo database, drawn on the spot (Pillow, reportlab, python-docx): a
sign-in sheet, pictures of a study session and a publicity stall, a mediation agreement as a
scanned PDF and meeting minutes as a DOCX. Nothing here is a photo of anyone; names are roles.
A new user sees at once what attachments look like in the form, the table and the binder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .resources import resource_path
from .store import RecordQuery, Store

YEAR = 2025


def _font(size: int, role: str = "YaofuHei.ttf"):
    from PIL import ImageFont

    return ImageFont.truetype(str(resource_path("fonts", role)), size)


def sign_in_sheet(path: Path, title: str, date: str) -> Path:
    """A sign-in sheet as a phone photographs it: a white form on a grey desk."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1240, 1640), (120, 120, 118))
    d = ImageDraw.Draw(im)
    d.rectangle([70, 60, 1170, 1580], fill=(250, 250, 246))
    d.text((620, 150), "签　到　表", font=_font(64), fill="black", anchor="mm")
    d.text((620, 240), f"{title}　{date}", font=_font(32, "YaofuSong.ttf"), fill="black", anchor="mm")
    top, rows, left, right = 300, 12, 130, 1110
    cols = [left, 260, 620, 900, right]
    for i in range(rows + 1):
        d.line([left, top + i * 95, right, top + i * 95], fill="black", width=3)
    for x in cols:
        d.line([x, top, x, top + rows * 95], fill="black", width=3)
    for x0, x1, text in zip(cols, cols[1:], ("序号", "单位（部门）", "职务", "签名")):
        d.text(((x0 + x1) // 2, top + 47), text, font=_font(34), fill="black", anchor="mm")
    units = ("党政办", "司法所", "综治中心", "财政所", "派出所", "自然资源所", "农业服务中心",
             "社会事务办", "村（社区）", "村（社区）", "村（社区）")
    for i, unit in enumerate(units, start=1):
        y = top + i * 95 + 47
        d.text(((cols[0] + cols[1]) // 2, y), str(i), font=_font(30, "YaofuSong.ttf"), fill="black", anchor="mm")
        d.text(((cols[1] + cols[2]) // 2, y), unit, font=_font(30, "YaofuSong.ttf"), fill="black", anchor="mm")
        d.text(((cols[2] + cols[3]) // 2, y), "工作人员", font=_font(30, "YaofuSong.ttf"), fill="black", anchor="mm")
        # a pen's scribble where the signature goes
        x = cols[3] + 40
        d.line([(x + k * 18, y + (8 if k % 2 else -8)) for k in range(9)], fill=(20, 40, 140), width=4)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG", optimize=True)
    return path


def scene(path: Path, banner: str, *, seed: int = 0, stall: bool = False) -> Path:
    """A drawn picture of a room with a banner (a study session) or a stall with a tent
    (a publicity event): shapes only, no people's faces."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    w, h = 1600, 1200
    im = Image.new("RGB", (w, h), (196, 214, 230) if stall else (232, 226, 214))
    d = ImageDraw.Draw(im)
    if stall:
        d.rectangle([0, 760, w, h], fill=(150, 150, 140))  # the square
        d.polygon([(300, 300), (1300, 300), (1420, 460), (180, 460)], fill=(30, 90, 170))
        d.rectangle([240, 460, 1360, 720], fill=(245, 245, 240))
        d.rectangle([260, 720, 1340, 800], fill=(200, 40, 40))
        for k in range(6):  # leaflets on the table
            x = 320 + k * 170
            d.rectangle([x, 680, x + 120, 715], fill=(255, 255, 255), outline=(90, 90, 90))
    else:
        d.rectangle([0, 820, w, h], fill=(150, 110, 80))  # the floor
        d.rectangle([140, 120, 1460, 260], fill=(190, 30, 30))
        for r in range(3):  # rows of chairs seen from the back
            for c in range(7):
                x, y = 170 + c * 190, 640 + r * 150
                d.rounded_rectangle([x, y, x + 130, y + 120], 12, fill=(60 + rnd.randint(0, 30), 60, 70))
        d.rectangle([620, 330, 980, 560], fill=(250, 250, 250), outline=(40, 40, 40), width=6)
    d.text((w // 2, 190 if not stall else 380), banner, font=_font(74),
           fill=(255, 240, 0) if not stall else "white", anchor="mm")
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=82)
    return path


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
    added = 0
    with tempfile.TemporaryDirectory(prefix="yaofu-demo-") as tmp:
        t = Path(tmp)
        for i, rec in enumerate(store.select("study_sessions", q, limit=2)):
            att.add("study_sessions", rec["id"], sign_in_sheet(t / f"sign{i}.png", "学法活动", rec["date"]),
                    caption="签到表")
            att.add("study_sessions", rec["id"], scene(t / f"study{i}.jpg", "法治专题学习会", seed=i),
                    caption="学习现场照片")
            added += 2
        for rec in store.select("meetings", q, limit=1):
            att.add("meetings", rec["id"], minutes_docx(t / "会议记录.docx", "法治建设工作会议", rec["date"]),
                    caption="会议记录")
            att.add("meetings", rec["id"], sign_in_sheet(t / "msign.png", "法治建设会议", rec["date"]),
                    caption="签到表")
            added += 2
        successes = RecordQuery(year=YEAR, descending=False, equals={"outcome": "调解成功"})
        for rec in store.select("mediations", successes, limit=1):
            matter = str(rec.get("kind") or "民间纠纷")
            att.add("mediations", rec["id"], agreement_scan(t / "调解协议书.pdf", rec["date"], matter),
                    caption="调解协议书")
            added += 1
        for i, rec in enumerate(store.select("publicity_events", q, limit=2)):
            att.add("publicity_events", rec["id"],
                    scene(t / f"stall{i}.jpg", "法律进乡村", seed=10 + i, stall=True), caption="宣传现场照片")
            added += 1
    return added
