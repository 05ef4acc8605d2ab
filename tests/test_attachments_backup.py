"""佐证材料 belong to the township's record: a backup carries and verifies them (copying only
what is new), the check names a damaged one, a restore brings every one back, rotation keeps
the files its backups name, and the command line's backup/restore/check say so."""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timedelta

from tests.attachment_files import docx, every_kind, photo, scan
from yaofu_desktop import blobs
from yaofu_desktop.backup import BackupPolicy, make_backup, restore_backup, rotate_backups, verify_backup
from yaofu_desktop.entry import main as cli_main
from yaofu_desktop.store import Store

SESSION = {"date": "2025-03-05", "kind": "会前学法", "topic": "学习宪法"}


def _attach_all(store, tmp_path) -> dict[str, int]:
    rid = store.insert("study_sessions", SESSION)
    return {k: store.attachments.add("study_sessions", rid, p) for k, p in every_kind(tmp_path / "in").items()}


def _damage(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    os.chmod(path, 0o600)
    path.write_bytes(bytes(data))


def test_backup_damage_check_restore_finds_them_all(empty_store, tmp_path, capsys):
    ids = _attach_all(empty_store, tmp_path)
    db = empty_store.path
    rows = {k: empty_store.attachments.get(i) for k, i in ids.items()}
    paths = {k: empty_store.attachments.path(r) for k, r in rows.items()}
    digests = {k: blobs.hash_file(p) for k, p in paths.items()}
    empty_store.close()

    dest = tmp_path / "备份"
    info = make_backup(db, dest, label="测试镇")
    assert info.attachments == len(set(digests.values())) == info.copied_attachments
    assert info.attachment_problems == [] and verify_backup(info.path).verified
    store_files = {p.name for p, _ in blobs.BlobFolder(blobs.backup_store(dest)).names()}
    assert store_files == {p.name for p in paths.values()}

    # an attachment is damaged, another goes missing: the check names them
    _damage(paths["pdf"])
    paths["docx"].unlink()
    assert cli_main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "处罚决定书" in text and "会议记录" in text and "校验值不符" in text and "缺失" in text
    assert "学法活动" in text and paths["pdf"].name in text

    # restore: the database and every file come back sound
    result = restore_backup(info.path, db, keep_dir=tmp_path / "恢复前", label="测试镇")
    assert result.missing_attachments == []
    assert {k: blobs.hash_file(p) for k, p in paths.items()} == digests
    with Store.open(db) as store:
        assert store.attachments.check() == []
        assert len(store.attachments.all_rows()) == 6
    assert cli_main(["check", "--db", str(db)]) == 0
    assert "佐证材料：6 份，均完好" in capsys.readouterr().out


def test_second_backup_copies_only_what_is_new(empty_store, tmp_path):
    _attach_all(empty_store, tmp_path)
    db, dest = empty_store.path, tmp_path / "备份"
    first = make_backup(db, dest, label="x", now=datetime(2025, 5, 1, 9))
    rid = empty_store.insert("study_sessions", SESSION)
    empty_store.attachments.add("study_sessions", rid, photo(tmp_path / "new.jpg", size=(640, 480), noisy=True))
    second = make_backup(db, dest, label="x", now=datetime(2025, 5, 1, 10))
    assert second.attachments == first.attachments + 1
    assert second.copied_attachments == 1 and 0 < second.copied_bytes < 1_000_000


def test_backup_of_missing_file_names_it_and_keeps_the_records(empty_store, tmp_path):
    rid = empty_store.insert("study_sessions", SESSION)
    aid = empty_store.attachments.add("study_sessions", rid, scan(tmp_path / "a.pdf"), caption="签到表")
    empty_store.attachments.path(empty_store.attachments.get(aid)).unlink()
    info = make_backup(empty_store.path, tmp_path / "b", label="x")
    assert info.path.exists() and not info.verified
    assert len(info.attachment_problems) == 1 and "签到表" in info.attachment_problems[0]
    checked = verify_backup(info.path)
    assert checked.ok and not checked.verified and "缺失" in checked.attachment_problems[0]


def test_damaged_file_in_backup_store_found_by_verify(empty_store, tmp_path):
    rid = empty_store.insert("study_sessions", SESSION)
    aid = empty_store.attachments.add("study_sessions", rid, docx(tmp_path / "会议记录.docx"))
    info = make_backup(empty_store.path, tmp_path / "b", label="x")
    ref = empty_store.attachments.get(aid)
    _damage(blobs.BlobFolder(blobs.backup_store(tmp_path / "b")).path(ref["sha256"], ref["ext"]))
    checked = verify_backup(info.path)
    assert not checked.verified and "会议记录" in checked.attachment_problems[0]
    # a restore takes the sound copy still beside the database
    empty_store.close()
    result = restore_backup(info.path, empty_store.path, keep_dir=tmp_path / "k", label="x")
    assert result.missing_attachments == []


def test_rotation_removes_only_files_no_backup_names(empty_store, tmp_path):
    dest = tmp_path / "b"
    rid = empty_store.insert("study_sessions", SESSION)
    att = empty_store.attachments
    old = att.add("study_sessions", rid, scan(tmp_path / "old.pdf", pages=1, title="x"))
    day = datetime(2025, 1, 1, 9)
    make_backup(empty_store.path, dest, label="x", now=day)
    att.remove(old)
    att.add("study_sessions", rid, scan(tmp_path / "new.pdf", pages=3))
    make_backup(empty_store.path, dest, label="x", now=day + timedelta(days=1))
    folder = blobs.BlobFolder(blobs.backup_store(dest))
    assert len(list(folder.names())) == 2
    past = time.time() - 7200
    for p, _ in folder.names():
        os.utime(p, (past, past))
    removed = rotate_backups(dest, policy=BackupPolicy(daily=1, weekly=0, monthly=0), now=day + timedelta(days=1))
    assert len(removed) == 1
    left = [n for _, n in folder.names()]
    new_row = att.of_record("study_sessions", rid)[0]
    assert left == [f"{new_row['sha256']}.{new_row['ext']}"]


def test_cli_backup_and_restore_carry_attachments(empty_store, tmp_path, capsys):
    ids = _attach_all(empty_store, tmp_path)
    db = empty_store.path
    empty_store.close()
    dest = tmp_path / "备份"
    assert cli_main(["backup", "--db", str(db), "--to", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "佐证材料" in out
    backup = next(dest.glob("*.db"))
    shutil.rmtree(blobs.folder_for(db))  # the whole folder lost
    assert cli_main(["restore", "--db", str(db), "--from", str(backup)]) == 0
    with Store.open(db) as store:
        assert store.attachments.check() == [] and len(store.attachments.all_rows()) == len(ids)


def test_removed_files_leave_the_folder_a_month_after_and_a_backup(empty_store, tmp_path):
    rid = empty_store.insert("study_sessions", SESSION)
    att = empty_store.attachments
    gone = att.remove(att.add("study_sessions", rid, scan(tmp_path / "a.pdf", pages=1)))
    kept = att.get(att.add("study_sessions", rid, scan(tmp_path / "b.pdf", pages=2)))
    orphan, named = att.path(gone), att.path(kept)
    make_backup(empty_store.path, tmp_path / "b1", label="x")
    assert orphan.exists()  # young: 撤销 may still want it
    old = time.time() - 40 * 24 * 3600
    for p in (orphan, named):
        os.utime(p, (old, old))
    make_backup(empty_store.path, tmp_path / "b2", label="x")
    assert not orphan.exists() and named.exists()
    # the same content added again is written again, and is young
    att.add("study_sessions", rid, tmp_path / "a.pdf")
    assert orphan.exists() and time.time() - orphan.stat().st_mtime < 600


def test_restore_keeps_the_replaced_files_attachments_with_it(empty_store, tmp_path):
    rid = empty_store.insert("study_sessions", SESSION)
    dest = tmp_path / "备份"
    info = make_backup(empty_store.path, dest, label="x")  # before any attachment
    aid = empty_store.attachments.add("study_sessions", rid, docx(tmp_path / "会议记录.docx"))
    row = empty_store.attachments.get(aid)
    empty_store.close()
    result = restore_backup(info.path, empty_store.path, keep_dir=dest, label="x")
    kept = next(p for p in result.kept_aside if p.suffix == ".db")
    store_copy = blobs.BlobFolder(blobs.backup_store(dest)).path(row["sha256"], row["ext"])
    assert store_copy.exists() and blobs.hash_file(store_copy) == row["sha256"]
    assert verify_backup(kept).verified  # the kept-aside file is a complete backup itself
