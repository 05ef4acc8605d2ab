"""佐证材料 in the core: every kind added, photos made printable, stored by content beside the
database, renamed/reordered/removed with 撤销 and audit, carried by a record's delete/undelete,
and a damaged or missing file found and named by the check."""

from __future__ import annotations

import re
import sqlite3

import pytest
from PIL import Image

from tests.attachment_files import docx, every_kind, photo, scan
from yaofu_desktop.blobs import folder_for, hash_file
from yaofu_desktop.errors import UserError, YearLocked
from yaofu_desktop.images import PRINT_LONG_SIDE, thumbnail
from yaofu_desktop.ledgers import ledger as _lg
from yaofu_desktop.store import RecordQuery, Store

KIND = _lg("study_sessions").fields[1].choices[0]
SESSION = {"date": "2025-03-05", "kind": KIND, "topic": "学习宪法", "participants": 12}


def _record(store) -> int:
    return store.insert("study_sessions", SESSION)


def test_every_kind_added_and_stored_by_content(empty_store, tmp_path):
    files = every_kind(tmp_path / "files")
    rid = _record(empty_store)
    att = empty_store.attachments
    def size():
        return sum(p.stat().st_size for p in empty_store.path.parent.glob("new.db*"))
    before = size()
    ids = {k: att.add("study_sessions", rid, p) for k, p in files.items()}
    rows = att.of_record("study_sessions", rid)
    assert [r["id"] for r in rows] == list(ids.values())  # in the order added
    by = {r["original_name"]: r for r in rows}
    assert {r["kind"] for r in rows} == {"photo", "scan", "document"}
    # a camera's name gives the kind as caption; a named file its name
    assert by["IMG_2034.jpg"]["caption"] == "照片"
    assert by["会议记录.docx"]["caption"] == "会议记录"
    # HEIC made JPEG; the scan's pages counted; documents stored byte for byte
    assert by["IMG_5001.HEIC"]["ext"] == "jpg"
    with Image.open(att.path(by["IMG_5001.HEIC"])) as im:  # decoded: the drawing's colours
        assert im.size == (1200, 900)
        assert max(abs(a - b) for a, b in zip(im.getpixel((60, 850)), (70, 130, 180))) < 12
        assert max(abs(a - b) for a, b in zip(im.getpixel((300, 200)), (240, 200, 60))) < 12
    assert by["处罚决定书.pdf"]["pages"] == 2
    for r in rows:
        p = att.path(r)
        assert p.parent.parent == folder_for(empty_store.path)
        assert p.name == f"{r['sha256']}.{r['ext']}" and hash_file(p) == r["sha256"]
    assert hash_file(att.path(by["会议记录.docx"])) == hash_file(files["docx"])
    # nothing of the files is in the database itself
    assert size() - before < sum(r["size"] for r in rows) / 4


def test_large_photo_reduced_upright_unless_original_kept(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    src = photo(tmp_path / "IMG_1.jpg", size=(4000, 3000), orientation=6)  # phone held upright
    row = att.get(att.add("study_sessions", rid, src))
    with Image.open(att.path(row)) as im:
        assert im.size == (PRINT_LONG_SIDE * 3 // 4, PRINT_LONG_SIDE)  # turned upright, reduced
        assert im.getexif().get(0x0112, 1) == 1
    assert (row["width"], row["height"]) == (1800, 2400)
    kept = att.get(att.add("study_sessions", rid, tmp_path / "IMG_1.jpg", keep_original=True))
    with Image.open(att.path(kept)) as im:
        assert max(im.size) == 4000


def test_same_content_is_one_file(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    src = scan(tmp_path / "a.pdf")
    a, b = att.add("study_sessions", rid, src), att.add("study_sessions", rid, src)
    assert att.path(att.get(a)) == att.path(att.get(b))
    assert len(list(att.blobs.names())) == 1


def test_refused_files_named(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    (tmp_path / "x.exe").write_bytes(b"MZ")
    with pytest.raises(UserError, match="只能添加照片"):
        att.add("study_sessions", rid, tmp_path / "x.exe")
    (tmp_path / "fake.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(UserError, match="不是 PDF"):
        att.add("study_sessions", rid, tmp_path / "fake.pdf")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(UserError, match="空文件"):
        att.add("study_sessions", rid, tmp_path / "empty.jpg")
    assert att.of_record("study_sessions", rid) == []


def test_rename_reorder_remove_undo_audited(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    a = att.add("study_sessions", rid, photo(tmp_path / "a.jpg", size=(300, 200)), caption="现场照片")
    b = att.add("study_sessions", rid, docx(tmp_path / "b.docx"), caption="会议记录")
    c = att.add("study_sessions", rid, scan(tmp_path / "c.pdf", pages=1), caption="签到表")
    att.rename(a, "学习现场照片")
    att.move(c, 0)
    def order():
        return [(r["id"], r["caption"]) for r in att.of_record("study_sessions", rid)]
    assert order() == [(c, "签到表"), (a, "学习现场照片"), (b, "会议记录")]
    row = att.remove(a)
    assert order() == [(c, "签到表"), (b, "会议记录")]
    assert att.path(row).exists()  # the file stays for 撤销
    att.put_back(row)
    assert order() == [(c, "签到表"), (a, "学习现场照片"), (b, "会议记录")]
    with pytest.raises(UserError, match="不能为空"):
        att.rename(b, "  ")
    actions = [e["action"] for e in empty_store.audit.entries("study_sessions")]
    assert actions[:6] == ["reattach", "detach", "reorder", "caption", "attach", "attach"]
    from yaofu_desktop.audit import describe_entry

    text = describe_entry(empty_store.audit.entries("study_sessions")[2])
    assert text.action == "调整佐证材料顺序" and "2025-03-05" in text.record


def test_record_delete_and_undelete_carry_attachments(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    att.add("study_sessions", rid, scan(tmp_path / "a.pdf"), caption="签到表")
    gone = empty_store.delete("study_sessions", rid)
    assert att.of_record("study_sessions", rid) == []
    new_id = empty_store.undelete("study_sessions", gone)
    assert [r["caption"] for r in att.of_record("study_sessions", new_id)] == ["签到表"]


def test_filter_with_and_without_evidence(empty_store, tmp_path):
    r1, r2 = _record(empty_store), _record(empty_store)
    empty_store.attachments.add("study_sessions", r1, scan(tmp_path / "a.pdf"))
    def ids(ev):
        return [r["id"] for r in empty_store.select("study_sessions", RecordQuery(year=2025, evidence=ev))]
    assert ids(True) == [r1] and ids(False) == [r2]
    assert empty_store.attachments.counts("study_sessions") == {r1: 1}


def test_locked_year_refuses_changes(empty_store, tmp_path):
    rid = _record(empty_store)
    a = empty_store.attachments.add("study_sessions", rid, scan(tmp_path / "a.pdf"))
    empty_store.year_locks.lock(2025)
    with pytest.raises(YearLocked):
        empty_store.attachments.add("study_sessions", rid, scan(tmp_path / "b.pdf"))
    with pytest.raises(YearLocked):
        empty_store.attachments.remove(a)


def test_check_names_missing_and_damaged(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    a = att.add("study_sessions", rid, scan(tmp_path / "a.pdf"), caption="处罚决定书")
    b = att.add("study_sessions", rid, photo(tmp_path / "b.jpg", size=(200, 100)), caption="现场照片")
    assert att.check() == []
    pa, pb = att.path(att.get(a)), att.path(att.get(b))
    data = bytearray(pa.read_bytes())
    data[100] ^= 0xFF
    pa.chmod(0o600)
    pa.write_bytes(bytes(data))
    pb.unlink()
    problems = {p.caption: p for p in att.check()}
    assert set(problems) == {"处罚决定书", "现场照片"}
    assert "校验值不符" in problems["处罚决定书"].why
    assert "缺失" in problems["现场照片"].why
    text = problems["现场照片"].text
    assert "学法" in text or "「" in text
    assert f"第 {rid} 号记录" in text and pb.name in text


def test_thumbnails_cached(empty_store, tmp_path):
    rid = _record(empty_store)
    att = empty_store.attachments
    for src in (photo(tmp_path / "a.jpg", size=(1000, 700)), scan(tmp_path / "b.pdf")):
        row = att.get(att.add("study_sessions", rid, src))
        t = thumbnail(att.path(row), row["sha256"], row["kind"])
        assert t is not None and t.exists()
        with Image.open(t) as im:
            assert max(im.size) <= 160
        assert thumbnail(att.path(row), row["sha256"], row["kind"]) == t


def test_old_file_read_only_has_no_attachments(tmp_path, empty_store):
    path = empty_store.path
    empty_store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE attachments")
    conn.commit()
    conn.close()
    with Store.open(path, readonly=True) as store:
        assert store.attachments.of_record("study_sessions", 1) == []
        assert store.attachments.check() == []
    with Store.open(path) as store:  # opened normally: the table is added (after a backup)
        assert store.attachments.available


def test_report_reminds_of_records_without_evidence(demo_store, tmp_path):
    from yaofu_desktop.report.compose import compose

    def reminder():
        comp = compose(demo_store, 2025)
        found = [c for c in comp.checks if "佐证材料" in c.message]
        assert len(found) == 1 and found[0].level == "info"  # a reminder, never an error
        return found[0].message

    text = reminder()
    m = re.search(r"「学法活动」(\d+)条记录中有(\d+)条没有佐证材料（报告中的([^）]*)依据这些记录）", text)
    assert m, text
    total, without = int(m.group(1)), int(m.group(2))
    assert without == total - 2  # the demo gave two study sessions their material
    assert m.group(3)  # the figures are named
    rid = demo_store.select("study_sessions", RecordQuery(year=2025, evidence=False), limit=1)[0]["id"]
    demo_store.attachments.add("study_sessions", rid, scan(tmp_path / "s.pdf"))
    assert f"「学法活动」{total}条记录中有{without - 1}条" in reminder()
